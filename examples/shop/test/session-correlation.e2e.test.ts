/**
 * The product's promise on the demo shop, in real Chromium against real processes: one browser session is found
 * in every backend service, across the queue, in every log line, and nowhere it should not be.
 *
 * Session A shops with the default W3C propagation; session B, in a second browser context, with every header
 * format the SDK has (Datadog, B3 single and multi too), so the third party's record covers them all.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../test-support/chromium.mjs';
import { eventually } from '../../../test-support/eventually.mjs';
import { checkout, openShop } from '../src/traffic/shop-flows.js';
import { type RunningShop, startShop } from './shop-harness.js';

const ALL_PROPAGATORS = 'propagatorTypes=tracecontext,datadog,b3,b3multi';
const TRACING_HEADER = /^(traceparent|tracestate|baggage|b3|x-b3-.*|x-datadog-.*)$/i;

let shop: RunningShop;
let browser: Browser;
const contexts: BrowserContext[] = [];
const sessions: Record<'a' | 'b', { id: string; orderId: string }> = {} as any;

/** Opens the shop in a fresh browser context (a new user) and checks out. */
async function shopper(query?: string) {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  const id = await openShop(page, shop.urls.shop, { query });
  return { id, orderId: await checkout(page) };
}

const CHECKOUT_LINES = ['checkout started', 'order queued', 'token verified', 'order received', 'order fulfilled'];

/** The session's spans and logs, once everything its checkout caused has landed (each service flushes on its own). */
async function backendOf(sessionId: string) {
  return eventually(async () => {
    const { spans } = await shop.api(`/spans?sessionId=${sessionId}&limit=1000`);
    const { logs } = await shop.api(`/logs?sessionId=${sessionId}&limit=1000`);
    const complete =
      CHECKOUT_LINES.every((line) => logs.some((log: any) => log.body === line)) &&
      ['shop-api', 'shop-auth', 'shop-worker'].every((service) => spans.some((span: any) => span.service === service));
    return complete && { spans: spans as any[], logs: logs as any[] };
  }, `the checkout of session ${sessionId} in every service`);
}

/** `POST /carts/<uuid>/items` → `POST /carts/:id/items`. */
const route = (span: any) =>
  `${span.attributes['http.request.method']} ${span.attributes['url.path'].replace(/[0-9a-f-]{36}/, ':id')}`;

beforeAll(async () => {
  shop = await startShop();
  browser = await launchChromium();
  sessions.a = await shopper();
  sessions.b = await shopper(ALL_PROPAGATORS);
}, 120_000);

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await browser?.close();
  if (shop) expect(await shop.stop()).toEqual({ code: 0, signal: null });
});

describe('one browser session through web → api → auth → SQS → worker', () => {
  it('marks the backend root span of every request the page made with session.id', async () => {
    const { spans } = await backendOf(sessions.a.id);
    const ids = new Set(spans.map((span) => span.spanId));
    // Roots: the api's server spans whose parent (the browser's span) is not stored.
    const roots = spans.filter(
      (span) => span.service === 'shop-api' && span.kind === 'Server' && !ids.has(span.parentSpanId),
    );
    expect(roots.map(route).sort()).toEqual(
      ['GET /products', 'GET /carts/:id', 'POST /carts/:id/items', 'POST /carts/:id/items', 'POST /orders'].sort(),
    );
    for (const root of roots) {
      expect(root).toMatchObject({ sessionId: sessions.a.id, attributes: { 'session.id': sessions.a.id } });
      expect(root.parentSpanId).toMatch(/^[0-9a-f]{16}$/); // the browser's span: the trace began in the page
    }
    expect(new Set(roots.map((root) => root.traceId)).size).toBe(roots.length);
  });

  it('carries session.id into the auth service, in the checkout’s trace', async () => {
    const { spans } = await backendOf(sessions.a.id);
    const order = spans.find((span) => span.service === 'shop-api' && span.attributes['url.path'] === '/orders');
    const auth = spans.filter((span) => span.service === 'shop-auth' && span.kind === 'Server');
    expect(auth).toHaveLength(1);
    expect(auth[0]).toMatchObject({
      traceId: order.traceId,
      attributes: { 'session.id': sessions.a.id, 'url.path': '/verify' },
    });
    const caller = spans.find((span) => span.spanId === auth[0].parentSpanId);
    expect(caller).toMatchObject({ service: 'shop-api', kind: 'Client', traceId: order.traceId });
  });

  it('carries session.id across the SQS hop into the worker', async () => {
    const { spans } = await backendOf(sessions.a.id);
    const order = spans.find((span) => span.service === 'shop-api' && span.attributes['url.path'] === '/orders');
    const consumer = spans.find((span) => span.service === 'shop-worker' && span.kind === 'Consumer');
    expect(consumer).toMatchObject({
      traceId: order.traceId,
      name: 'orders process',
      sessionId: sessions.a.id,
      attributes: { 'session.id': sessions.a.id, 'messaging.destination.name': 'orders' },
    });
    expect(consumer.attributes['messaging.system']).toMatch(/sqs/);
    expect(spans.filter((span) => span.traceId === order.traceId).map((span) => span.spanId)).toContain(
      consumer.parentSpanId,
    );
  });

  it('finds the log lines of api (winston), auth and worker (pino) by session id', async () => {
    const { spans, logs } = await backendOf(sessions.a.id);
    const orderTrace = spans.find((span) => span.attributes['url.path'] === '/orders').traceId;
    const checkoutLines = logs
      .filter((log) => log.traceId === orderTrace)
      .map((log) => [log.service, log.body])
      .sort();
    expect(checkoutLines).toEqual(
      [
        ['shop-api', 'checkout started'],
        ['shop-api', 'order queued'],
        ['shop-auth', 'token verified'],
        ['shop-worker', 'order received'],
        ['shop-worker', 'order fulfilled'],
      ].sort(),
    );
    for (const log of logs)
      expect(log).toMatchObject({ sessionId: sessions.a.id, attributes: { 'session.id': sessions.a.id } });
    expect(logs.find((log) => log.body === 'order queued').attributes.orderId).toBe(sessions.a.orderId);
  });
});

describe('where the session must not go', () => {
  it('sent no trace header and no baggage to the third-party origin, with any propagator', async () => {
    const requests = await shop.thirdPartyRequests();
    // The page loaded the analytics script and pixel, and posted a JSON beacon (preflight + POST) per event.
    expect(new Set(requests.map((request) => `${request.method} ${request.path.split('?')[0]}`))).toEqual(
      new Set(['GET /analytics.js', 'GET /pixel.gif', 'OPTIONS /collect', 'POST /collect']),
    );
    expect(requests.filter((request) => request.method === 'POST').length).toBeGreaterThanOrEqual(4);
    for (const request of requests) {
      expect(Object.keys(request.headers).filter((name) => TRACING_HEADER.test(name))).toEqual([]);
      const asked = (request.headers['access-control-request-headers'] ?? []).join(',').split(',');
      expect(asked.filter((name) => TRACING_HEADER.test(name.trim()))).toEqual([]);
    }
  });

  it('gives a second browser context its own session, sharing no span or log with the first', async () => {
    expect(sessions.b.id).not.toBe(sessions.a.id);
    const a = await backendOf(sessions.a.id);
    const b = await backendOf(sessions.b.id);
    // Session B used every propagator and still reached every service.
    expect(new Set(b.spans.map((span) => span.service))).toEqual(new Set(['shop-api', 'shop-auth', 'shop-worker']));
    for (const item of [...b.spans, ...b.logs]) expect(item.sessionId).toBe(sessions.b.id);
    const traces = (data: { spans: any[]; logs: any[] }) =>
      new Set([...data.spans, ...data.logs].map((item) => item.traceId));
    const shared = [...traces(a)].filter((traceId) => traces(b).has(traceId));
    expect(shared).toEqual([]);
    expect(b.logs.find((log) => log.body === 'order queued').attributes.orderId).toBe(sessions.b.orderId);
  });
});
