/**
 * Delivers batches in order, one request at a time, and loses nothing it can keep:
 * - a batch that failed with 408, 429, 5xx or a network error (offline, collector down) stays first in line and is
 *   retried with exponential backoff (and at once when the browser comes back online);
 * - the queue is bounded in bytes: past `maxBytes` the oldest waiting batches are dropped, and the number of events
 *   dropped travels with the next delivered batch (`dropped=` on the intake URL);
 * - a batch refused for good (other 4xx) is dropped and reported on the SDK's debug channel;
 * - at page exit, waiting batches go out through `sendBeacon` while the collector is reachable.
 */
import { guarded, type Reporter } from '../reporter.js';

export const DEFAULT_MAX_BYTES = 3 * 1024 * 1024;
export const MAX_BACKOFF_MS = 60_000;

export interface QueuedBatch {
  body: string;
  count: number;
  /** UTF-8 bytes of the body. */
  bytes: number;
}

export interface Delivery {
  /** Sends the batch; resolves with the HTTP status, 0 when no answer came (network error). */
  send(batch: QueuedBatch, dropped: number): Promise<number>;
  /** Hands the batch to the browser for delivery after the page is gone; false when the browser refused it. */
  beacon(batch: QueuedBatch, dropped: number): boolean;
}

export interface SendQueue {
  push(body: string, count: number): void;
  /** The page is being hidden or unloaded. */
  exit(): void;
  /** Events and bytes waiting, for tests and the debug channel. */
  stats(): { batches: number; bytes: number; dropped: number };
  stop(): void;
}

const encoder = new TextEncoder();
const retryable = (status: number) => status === 0 || status === 408 || status === 429 || status >= 500;

export function createSendQueue(
  delivery: Delivery,
  reporter: Reporter,
  win: Window,
  maxBytes = DEFAULT_MAX_BYTES,
): SendQueue {
  const queue: QueuedBatch[] = [];
  let bytes = 0;
  let dropped = 0;
  let sending = false;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const remove = (index: number) => {
    const [batch] = queue.splice(index, 1);
    bytes -= batch!.bytes;
    return batch!;
  };

  const next = () => {
    if (sending || retryTimer || !queue.length || stopped) return;
    const batch = queue[0]!;
    const reported = dropped;
    dropped = 0;
    sending = true;
    const settle = (status: number) =>
      guarded(reporter, () => {
        sending = false;
        if (retryable(status)) {
          dropped += reported;
          failures++;
          const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** failures) * (0.75 + Math.random() / 4);
          retryTimer = setTimeout(() => guarded(reporter, retryNow), delay);
          return;
        }
        failures = 0;
        if (queue[0] === batch) remove(0);
        if (status >= 400) {
          reporter.configError_(
            `the intake refused a batch of events with HTTP ${status}; check applicationId, clientToken and endpoint`,
          );
        }
        next();
      });
    delivery.send(batch, reported).then(settle, () => settle(0));
  };
  const retryNow = () => {
    clearTimeout(retryTimer);
    retryTimer = undefined;
    next();
  };
  win.addEventListener('online', retryNow);

  return {
    push(body, count) {
      const batch = { body, count, bytes: encoder.encode(body).length };
      queue.push(batch);
      bytes += batch.bytes;
      // The batch being sent stays; the oldest of the others go first.
      while (bytes > maxBytes && queue.length > (sending ? 1 : 0)) dropped += remove(sending ? 1 : 0).count;
      // Not now: when the page is exiting, exit() hands this batch to a beacon first.
      queueMicrotask(() => guarded(reporter, next));
    },
    exit() {
      // While the collector is unreachable a beacon would be lost too: the queue keeps the batches instead.
      if (failures) return;
      // The batch being sent goes too: its request does not outlive the page. Should both arrive, the intake keeps
      // one copy of each event (event ids make resends idempotent).
      while (queue.length && delivery.beacon(queue[0]!, dropped)) {
        dropped = 0;
        remove(0);
      }
    },
    stats: () => ({ batches: queue.length, bytes, dropped }),
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      win.removeEventListener('online', retryNow);
    },
  };
}
