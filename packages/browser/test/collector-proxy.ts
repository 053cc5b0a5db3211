/**
 * Stands between the page and the real rumlink intake, so tests can take the collector down (connections reset,
 * or 503 answers) and bring it back, and see every batch that reached the intake, decoded, in arrival order.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export type CollectorMode = 'up' | 'unreachable' | 'unavailable';

export interface DeliveredBatch {
  /** Query parameters of the request (app, token, dropped, encoding). */
  params: URLSearchParams;
  /** The NDJSON lines as the intake received them, parsed. */
  events: any[];
  status: number;
}

export interface CollectorProxy {
  /** e.g. http://collector.localhost:41234 */
  url: string;
  mode: CollectorMode;
  /** Batches the intake answered; arrival order. */
  delivered: DeliveredBatch[];
  /** Requests refused while the collector was down. */
  refused: number;
  /** Every event the intake accepted, in arrival order, each once: a resent copy (same id and view version) is left
   *  out, as the intake itself keeps one. */
  accepted(): any[];
  /** Every event the intake accepted, in arrival order, resent copies included. */
  acceptedWithResends(): any[];
  stop(): Promise<void>;
}

export async function startCollectorProxy(intakeUrl: string): Promise<CollectorProxy> {
  const proxy: CollectorProxy = {
    url: '',
    mode: 'up',
    delivered: [],
    refused: 0,
    acceptedWithResends: () => proxy.delivered.filter((batch) => batch.status === 202).flatMap((batch) => batch.events),
    accepted() {
      const seen = new Set<string>();
      return proxy.acceptedWithResends().filter((event) => {
        const key = `${event.type} ${event.id} ${event.view?.version ?? ''}`;
        return !seen.has(key) && seen.add(key);
      });
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      if (request.headers.origin) response.setHeader('access-control-allow-origin', request.headers.origin);
      if (request.method === 'OPTIONS') return response.writeHead(204).end();
      if (proxy.mode !== 'up') {
        proxy.refused++;
        if (proxy.mode === 'unreachable') return request.socket.destroy();
        return response.writeHead(503, { 'retry-after': '1' }).end('{"error":{"code":"unavailable"}}');
      }
      const body = Buffer.concat(chunks);
      const params = new URL(request.url ?? '/', 'http://proxy').searchParams;
      const forwarded = await fetch(`${intakeUrl}${request.url}`, {
        method: 'POST',
        headers: { 'content-type': request.headers['content-type'] ?? 'text/plain' },
        body,
      });
      const text = params.get('encoding') === 'gzip' ? gunzipSync(body).toString() : body.toString();
      proxy.delivered.push({
        params,
        events: text.split('\n').map((line) => JSON.parse(line)),
        status: forwarded.status,
      });
      response.writeHead(forwarded.status, { 'content-type': 'application/json' }).end(await forwarded.text());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://collector.localhost:${(server.address() as AddressInfo).port}`;
  return proxy;
}
