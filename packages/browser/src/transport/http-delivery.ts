/**
 * Sends batches to `<endpoint>/rum/v1/events`. Normal sends are gzip-compressed with `CompressionStream` where the
 * browser has it; at page exit there is no time for that, and the plain batch goes through `sendBeacon` (or a
 * keepalive fetch). Every request is a CORS "simple" one (no custom header: the compression is named in the URL),
 * so no preflight doubles the cost, and it goes through `fetch` as it was before the SDK wrapped it: the SDK never
 * traces or records its own requests.
 */
import type { Delivery, QueuedBatch } from './send-queue.js';

/** What the browser lets a page have in flight at unload, for beacons and keepalive requests together. */
export const KEEPALIVE_BYTES = 60_000;
/** Below this, compression costs more than it saves. */
const COMPRESS_FROM_BYTES = 1024;

export interface IntakeTarget {
  endpoint: string;
  applicationId: string;
  clientToken: string;
}

async function gzip(body: string): Promise<ArrayBuffer> {
  const stream = new Blob([body]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}

export function createHttpDelivery(target: IntakeTarget, fetch: typeof window.fetch): Delivery {
  const base =
    `${target.endpoint.replace(/\/+$/, '')}/rum/v1/events` +
    `?app=${encodeURIComponent(target.applicationId)}&token=${encodeURIComponent(target.clientToken)}`;
  const url = (dropped: number, encoding = '') =>
    base + (dropped ? `&dropped=${dropped}` : '') + (encoding && `&encoding=${encoding}`);
  const post = (batch: QueuedBatch, dropped: number, body: BodyInit, encoding?: string, size = batch.bytes) => {
    batch.dispatched = size < KEEPALIVE_BYTES;
    return fetch(url(dropped, encoding), { method: 'POST', body, credentials: 'omit', keepalive: batch.dispatched });
  };

  return {
    async send(batch, dropped) {
      if (typeof CompressionStream === 'function' && batch.bytes >= COMPRESS_FROM_BYTES) {
        const compressed = await gzip(batch.body);
        return (await post(batch, dropped, compressed, 'gzip', compressed.byteLength)).status;
      }
      return (await post(batch, dropped, batch.body)).status;
    },
    beacon(batch, dropped) {
      if (batch.bytes > KEEPALIVE_BYTES) return false;
      if (typeof navigator.sendBeacon === 'function') return navigator.sendBeacon(url(dropped), batch.body);
      post(batch, dropped, batch.body).catch(() => {});
      return true;
    },
  };
}
