/**
 * A stand-in for someone else's service (an analytics / CDN origin) that the shop page calls but does NOT
 * allow-list for tracing. It records the headers of every request it receives, raw, and shows them at
 * `GET /received`, so anyone can check that no trace header and no `baggage` (with the session id) leaked to it.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { listenAsService, type RunningService } from '../process/run-service.js';

export interface ReceivedRequest {
  time: number;
  method: string;
  path: string;
  /** Header name (lowercase) → values, in the order received. */
  headers: Record<string, string[]>;
}

const KEPT_REQUESTS = 1000;
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const SCRIPT = 'window.shopAnalytics = { loadedAt: Date.now() };\n';

function record(request: IncomingMessage): ReceivedRequest {
  const headers: Record<string, string[]> = {};
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i]!.toLowerCase();
    headers[name] = [...(headers[name] ?? []), request.rawHeaders[i + 1]!];
  }
  return { time: Date.now(), method: request.method ?? '', path: request.url ?? '', headers };
}

export async function startThirdParty({ host, port }: { host: string; port: number }): Promise<RunningService> {
  const received: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/received') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ requests: received }));
      return;
    }
    received.push(record(request));
    if (received.length > KEPT_REQUESTS) received.shift();
    request.resume();
    // Like most analytics endpoints: any origin, but only the headers it needs itself.
    response.setHeader('access-control-allow-origin', '*');
    if (request.method === 'OPTIONS') {
      response.writeHead(204, {
        'access-control-allow-headers': 'content-type',
        'access-control-allow-methods': 'POST',
      });
      response.end();
    } else if (path === '/collect' && request.method === 'POST') {
      response.writeHead(204).end();
    } else if (path === '/analytics.js') {
      response.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(SCRIPT);
    } else if (path === '/pixel.gif') {
      response.writeHead(200, { 'content-type': 'image/gif', 'cache-control': 'no-store' }).end(PIXEL);
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return listenAsService(server, host, port);
}
