/**
 * Collects events into NDJSON batches, flushed when MAX_EVENTS or MAX_BYTES is reached or `intervalMs` after the
 * first event. A view is sent as versions of one event: within a batch, a newer version replaces the older one.
 */
import { guarded, type Reporter } from '../reporter.js';

/** Large enough that each request's fixed cost (compression setup, the request itself) is shared by many events,
 *  small enough that a batch still fits a page-exit beacon (64 KiB in flight). */
export const MAX_EVENTS = 200;
export const MAX_BYTES = 48 * 1024;

export interface Batch {
  add(event: { type: string; view: { id: string } }): void;
  /** Hands what is collected to `onFlush` now. */
  flush(): void;
  stop(): void;
}

export function createBatch(
  intervalMs: number,
  onFlush: (body: string, count: number) => void,
  reporter: Reporter,
): Batch {
  let lines: string[] = [];
  let length = 0;
  /** view id → its line in this batch */
  let views = new Map<string, number>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!lines.length) return;
    const body = lines.join('\n');
    const count = lines.length;
    lines = [];
    length = 0;
    views = new Map();
    onFlush(body, count);
  };

  return {
    add(event) {
      const line = JSON.stringify(event);
      const index = event.type === 'view' ? views.get(event.view.id) : undefined;
      if (index !== undefined) {
        length += line.length - lines[index]!.length;
        lines[index] = line;
        return;
      }
      if (event.type === 'view') views.set(event.view.id, lines.length);
      lines.push(line);
      length += line.length + 1;
      if (lines.length >= MAX_EVENTS || length >= MAX_BYTES) flush();
      else timer ??= setTimeout(() => guarded(reporter, flush), intervalMs);
    },
    flush,
    stop: () => clearTimeout(timer),
  };
}
