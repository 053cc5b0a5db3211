/**
 * Browser scenarios in real Chromium: a page origin, an allow-listed API origin and a third-party origin, all on
 * loopback (Chromium resolves every `*.localhost` name to loopback, which gives look-alike host names for free).
 * Every server records what it received, raw, so tests assert on what actually crossed the wire.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../../test-support/chromium.mjs';

export interface ReceivedRequest {
  method: string;
  path: string;
  host: string;
  /** Header name (lowercase) → every value received, in order (duplicates stay visible). */
  headers: Record<string, string[]>;
  body: string;
}

export interface Origin {
  /** e.g. http://api.localhost:41234 */
  url: string;
  port: number;
  received: ReceivedRequest[];
  /** Requests other than CORS preflights. */
  requests(): ReceivedRequest[];
  preflights(): ReceivedRequest[];
}

export interface BrowserScenario {
  page: Origin;
  api: Origin;
  thirdParty: Origin;
  browser: Browser;
  /** Opens the test page with the SDK loaded; `init` is the code run before the page's script (usually rumlink.init). */
  open(options?: { initScript?: string; context?: BrowserContext }): Promise<Page>;
  reset(): void;
  stop(): Promise<void>;
}

/** The page's build of the SDK: the tracing fixture by default. */
export const fixtureEntry = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

async function sdkBundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    write: false,
    target: 'es2020',
  });
  return result.outputFiles[0]!.text;
}

function record(request: IncomingMessage, body: string): ReceivedRequest {
  const headers: Record<string, string[]> = {};
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i]!.toLowerCase();
    headers[name] = [...(headers[name] ?? []), request.rawHeaders[i + 1]!];
  }
  return { method: request.method ?? '', path: request.url ?? '', host: request.headers.host ?? '', headers, body };
}

/** An origin that records every request and answers CORS for any origin, with credentials. */
async function startOrigin(
  hostname: string,
  handle?: (request: ReceivedRequest, response: ServerResponse) => boolean,
): Promise<Origin & { server: Server }> {
  const received: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = record(request, Buffer.concat(chunks).toString());
      received.push(entry);
      if (request.headers.origin) {
        response.setHeader('access-control-allow-origin', request.headers.origin);
        response.setHeader('access-control-allow-credentials', 'true');
        response.setHeader('access-control-expose-headers', 'x-echo');
      }
      if (request.method === 'OPTIONS') {
        response.setHeader('access-control-allow-headers', request.headers['access-control-request-headers'] ?? '');
        response.setHeader('access-control-allow-methods', 'GET, POST, PUT, DELETE');
        return response.writeHead(204).end();
      }
      if (handle?.(entry, response)) return;
      if (entry.path.startsWith('/slow')) return setTimeout(() => response.end('slow'), 2000);
      if (entry.path.startsWith('/stream')) {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.write('chunk-1;');
        return setTimeout(() => response.end('chunk-2'), 50);
      }
      const status = Number(/status=(\d+)/.exec(entry.path)?.[1] ?? 200);
      response
        .writeHead(status, { 'content-type': 'application/json' })
        .end(JSON.stringify({ ok: true, body: entry.body }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    url: `http://${hostname}:${port}`,
    port,
    received,
    requests: () => received.filter((entry) => entry.method !== 'OPTIONS'),
    preflights: () => received.filter((entry) => entry.method === 'OPTIONS'),
  };
}

export interface ScenarioOptions {
  /** The SDK build the pages load (a file of test/fixtures). */
  fixture?: string;
  /** Extra routes of the page origin; return true when handled. */
  pageRoutes?: (request: ReceivedRequest, response: ServerResponse) => boolean;
  /** Extra routes of the API and third-party origins. */
  apiRoutes?: (request: ReceivedRequest, response: ServerResponse) => boolean;
  thirdPartyRoutes?: (request: ReceivedRequest, response: ServerResponse) => boolean;
}

export async function startBrowserScenario(options: ScenarioOptions = {}): Promise<BrowserScenario> {
  const sdk = await sdkBundle(fixtureEntry(options.fixture ?? 'test-page-entry.ts'));
  const page = await startOrigin('page.localhost', (entry, response) => {
    if (options.pageRoutes?.(entry, response)) return true;
    if (entry.path === '/sdk.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(sdk);
      return true;
    }
    if (entry.path.startsWith('/page')) {
      const html = '<!doctype html><html><head><script src="/sdk.js"></script></head><body>test page</body></html>';
      response.writeHead(200, { 'content-type': 'text/html' }).end(html);
      return true;
    }
    return false;
  });
  const api = await startOrigin('api.localhost', options.apiRoutes);
  const thirdParty = await startOrigin('third-party.localhost', options.thirdPartyRoutes);
  const browser = await launchChromium();
  const origins = [page, api, thirdParty];
  return {
    page,
    api,
    thirdParty,
    browser,
    async open(options = {}) {
      const context = options.context ?? (await browser.newContext());
      const tab = await context.newPage();
      await tab.goto(`${page.url}/page`);
      if (options.initScript) await tab.evaluate(options.initScript);
      return tab;
    },
    reset() {
      for (const origin of origins) origin.received.length = 0;
    },
    async stop() {
      await browser.close();
      await Promise.all(origins.map((origin) => new Promise((resolve) => origin.server.close(resolve))));
    },
  };
}
