/**
 * Sends batches to `<endpoint>/rum/v1/events`. Normal sends are gzip-compressed with `CompressionStream` where the
 * browser has it; at page exit there is no time for that, and the plain batch goes through `sendBeacon` (or a
 * keepalive fetch). Every request is a CORS "simple" one (no custom header: the compression is named in the URL),
 * so no preflight doubles the cost, and it goes through `fetch` as it was before the SDK wrapped it: the SDK never
 * traces or records its own requests.
 */
import type { Delivery } from './send-queue.js';

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
  // `sentAt`: the page's clock as the batch leaves, so the intake can tell how far that clock is off and move the
  // batch's events next to the backend's (server clock-correction.ts). Made per send: a retry is sent later.
  const url = (dropped: number, encoding = '') =>
    `${base}&sentAt=${Date.now()}${dropped ? `&dropped=${dropped}` : ''}${encoding && `&encoding=${encoding}`}`;
  // Not `keepalive`: in Chromium a keepalive request costs the page about 6 ms of main thread (bench/RESULTS.md).
  // A batch still on its way when the page exits is beaconed again instead (send-queue.ts).
  const post = (dropped: number, body: BodyInit, encoding?: string, keepalive = false) =>
    fetch(url(dropped, encoding), { method: 'POST', body, credentials: 'omit', keepalive });

  return {
    async send(batch, dropped) {
      if (typeof CompressionStream === 'function' && batch.bytes >= COMPRESS_FROM_BYTES) {
        return (await post(dropped, await gzip(batch.body), 'gzip')).status;
      }
      return (await post(dropped, batch.body)).status;
    },
    beacon(batch, dropped) {
      if (batch.bytes > KEEPALIVE_BYTES) return false;
      if (typeof navigator.sendBeacon === 'function') return navigator.sendBeacon(url(dropped), batch.body);
      post(dropped, batch.body, undefined, true).catch(() => {});
      return true;
    },
  };
}
