/**
 * RUM scenarios: the browser origins of browser-harness.ts with the complete SDK, the real rumlink server behind a
 * collector proxy (collector-proxy.ts), and a stand-in backend that stores one span per traced request it received,
 * so RUM resources can be checked for their link to a stored trace.
 */
import type { ServerResponse } from 'node:http';
import type { BrowserContext, Page } from 'playwright-core';
import { eventually } from '../../../test-support/eventually.mjs';
import { APP, otlpSpan, otlpTraces, startTestServer, type TestServer } from '../../server/test/harness.js';
import { bundle, ENTRIES } from '../bundles.mjs';
import { type BrowserScenario, type ReceivedRequest, startBrowserScenario } from './browser-harness.js';
import { type CollectorProxy, startCollectorProxy } from './collector-proxy.js';

export const DOCUMENT_TRACE = { traceId: 'd0c0000000000000000000000000d0c1', spanId: 'd0c00000000000a1' };
export const THIRD_PARTY_TRACE = { traceId: '3b0000000000000000000000000003b1', spanId: '3b000000000000b1' };

const traceparentOf = (trace: { traceId: string; spanId: string }) => `00-${trace.traceId}-${trace.spanId}-01`;

/** The shop page: a few controls for clicks and typing, and a Server-Timing header linking its document load. */
export const APP_PAGE = `<!doctype html><html><head><title>Shop</title><script src="/sdk.js"></script></head><body>
<h1>Shop</h1>
<button id="buy"><span>Buy</span> now</button>
<label for="card">Card number</label><input id="card" type="text">
<input id="password" type="password" placeholder="Password">
<div contenteditable="true" id="notes">notes</div>
<div data-rumlink-privacy="mask"><button id="secret">Secret Santa list</button></div>
<button id="named" data-rumlink-action-name="open cart">🛒</button>
</body></html>`;

export interface RumScenario extends BrowserScenario {
  rumlink: TestServer;
  collector: CollectorProxy;
  /** Opens /app with the SDK initialised from `config` (JS source of an object) while the page loads. */
  openApp(config: string, options?: { context?: BrowserContext; dependencies?: string; path?: string }): Promise<Page>;
  /** The init options every test starts from, as JS source. */
  baseConfig(extra?: string): string;
  /** Stores a backend span for each traced request the API received (a backend exporting its traces). */
  storeBackendSpans(): Promise<void>;
  /** RUM events of a session, as the query API returns them, once `ready` says all have arrived (or `ready`
   *  events have). */
  events(sessionId: string, ready: number | ((events: any[]) => boolean), query?: string): Promise<any[]>;
}

/** The script-tag build as `dist/rumlink.js` is made (bundles.mjs), and a page that uses it the documented way. */
const scriptTagBuild = bundle(ENTRIES.complete.scriptTag, 'iife');
const SCRIPT_TAG_PAGE = `<!doctype html><html><head><script src="/rumlink.js"></script>
<script>window.rumlink.init(window.__rumlinkConfig);</script></head><body><button id="buy">Buy now</button></body></html>`;

function pageRoutes(request: ReceivedRequest, response: ServerResponse): boolean {
  if (request.path === '/rumlink.js') {
    scriptTagBuild.then((code) => response.writeHead(200, { 'content-type': 'text/javascript' }).end(code));
    return true;
  }
  if (request.path.startsWith('/script-tag')) {
    response.writeHead(200, { 'content-type': 'text/html' }).end(SCRIPT_TAG_PAGE);
    return true;
  }
  if (request.path.startsWith('/app')) {
    response
      .writeHead(200, {
        'content-type': 'text/html',
        'server-timing': `traceparent;desc="${traceparentOf(DOCUMENT_TRACE)}"`,
      })
      .end(APP_PAGE);
    return true;
  }
  if (request.path.startsWith('/elsewhere')) {
    response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><p>another site</p>');
    return true;
  }
  return false;
}

function thirdPartyRoutes(request: ReceivedRequest, response: ServerResponse): boolean {
  if (!request.path.startsWith('/pixel')) return false;
  response
    .writeHead(200, {
      'content-type': 'text/plain',
      'server-timing': `traceparent;desc="${traceparentOf(THIRD_PARTY_TRACE)}"`,
      'access-control-expose-headers': 'server-timing',
    })
    .end('ok');
  return true;
}

/** `/same`: one URL whose answer time differs per request (`x-delay` ms), for concurrent same-URL requests. */
function apiRoutes(request: ReceivedRequest, response: ServerResponse): boolean {
  if (request.path === '/same' && request.method !== 'OPTIONS') {
    setTimeout(() => response.writeHead(200).end('same'), Number(request.headers['x-delay']?.[0] ?? 0));
    return true;
  }
  if (!request.path.startsWith('/orders')) return false;
  response.writeHead(201, { 'content-type': 'application/json' }).end('{"order":"o-1"}');
  return true;
}

export async function startRumScenario(): Promise<RumScenario> {
  const rumlink = await startTestServer();
  const collector = await startCollectorProxy(rumlink.server.intakeUrl);
  const browser = await startBrowserScenario({ fixture: 'rum-page-entry.ts', pageRoutes, apiRoutes, thirdPartyRoutes });
  const scenario: RumScenario = {
    ...browser,
    rumlink,
    collector,
    baseConfig: (extra = '') =>
      `{ applicationId: '${APP.id}', clientToken: '${APP.clientToken}', endpoint: '${collector.url}',
         service: 'shop-web', env: 'test', version: '1.2.3', allowedTracingUrls: ['${browser.api.url}'],
         flushIntervalMs: 100, ${extra} }`,
    async openApp(config, options = {}) {
      const context = options.context ?? (await browser.browser.newContext());
      await context.addInitScript(
        `window.__rumlinkConfig = ${config}; ${options.dependencies ? `window.__rumDependencies = ${options.dependencies};` : ''}`,
      );
      const tab = await context.newPage();
      await tab.goto(`${browser.page.url}${options.path ?? '/app'}`);
      return tab;
    },
    async storeBackendSpans() {
      const spans = browser.api
        .requests()
        .map((request) => /^00-([\da-f]{32})-([\da-f]{16})-/.exec(request.headers.traceparent?.[0] ?? ''))
        .filter((match) => match !== null)
        .map((match, index) =>
          otlpSpan({
            traceId: match[1]!,
            spanId: `a${index.toString(16).padStart(15, '0')}`,
            parentSpanId: match[2]!,
            name: 'POST /orders',
            startMs: Date.now(),
            durationMs: 5,
          }),
        );
      const documentSpan = otlpSpan({ ...DOCUMENT_TRACE, name: 'GET /app', startMs: Date.now(), durationMs: 3 });
      const response = await rumlink.intake('/v1/traces', {
        headers: { 'content-type': 'application/json' },
        body: otlpTraces('shop-api', [...spans, documentSpan]),
      });
      if (response.status !== 200) throw new Error(`storing spans failed: ${response.status}`);
    },
    events: (sessionId, ready, query = '') =>
      eventually(
        async () => {
          const { body } = await rumlink.api(`/rum/events?sessionId=${sessionId}&limit=500${query}`);
          const events = (body.events ?? []) as any[];
          return (typeof ready === 'number' ? events.length >= ready : ready(events)) ? events : undefined;
        },
        `the session's stored events (${query || 'all'})`,
      ),
    async stop() {
      await browser.stop();
      await collector.stop();
      await rumlink.stop();
    },
  };
  return scenario;
}
