/**
 * The promise of @rumlink/node, end to end: a browser-like request (traceparent + baggage session.id) reaches
 * service A (Express + winston), which calls service B (Fastify + pino) over real HTTP; B publishes a message on a
 * real NATS server, and a worker consumes it. Every span and every log line of the three processes is then found
 * in a real rumlink server by session id, in the browser's trace.
 *
 * A and B run as separate processes, each with its own startRumlink: one OpenTelemetry SDK has one resource, so
 * only separate processes give each service its own `service.name`, as in production. Spans are told apart by
 * service, never by name. Nothing here depends on rumlink's second membership rule (trace id linked to a RUM
 * event): no RUM event is sent, so every span found by session carries session.id itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/test/harness.js';
import { assertBuilt, fixture, type RunningApp, startApp } from './child-process.js';
import { type NatsServer, startNatsServer } from './queue-nats-server.js';

const browser = { traceId: crypto.getRandomValues(new Uint8Array(16)), spanId: '00f067aa0ba902b7' };
const traceId = Buffer.from(browser.traceId).toString('hex');
const sessionId = crypto.randomUUID();

let t: TestServer;
let shop: RunningApp;
let payments: RunningApp;
let worker: RunningApp;
let nats: NatsServer;
let response: Response;
let checkout: unknown;

beforeAll(async () => {
  assertBuilt();
  t = await startTestServer();
  nats = await startNatsServer();
  const env = { RUMLINK_ENDPOINT: t.server.intakeUrl, NATS_URL: nats.url };
  worker = await startApp([fixture('order-worker.mjs')], env);
  payments = await startApp([fixture('payments.mjs')], env);
  shop = await startApp([fixture('shop-api.mjs')], { ...env, PAYMENTS_URL: payments.url });

  response = await fetch(`${shop.url}/checkout`, {
    method: 'POST',
    headers: {
      origin: 'https://shop.example',
      traceparent: `00-${traceId}-${browser.spanId}-01`,
      baggage: `session.id=${sessionId}`,
    },
  });
  checkout = await response.json();
  // The worker handles the message asynchronously: wait for its line, not for a fixed time.
  for (const deadline = Date.now() + 10_000; !worker.stdout().some((line) => line.includes('order fulfilled')); ) {
    if (Date.now() > deadline) throw new Error(`the worker never fulfilled the order: ${worker.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  // Graceful shutdown flushes every process's telemetry before it exits.
  expect(await Promise.all([shop.stop(), payments.stop(), worker.stop()])).toEqual([
    { code: 0, signal: null },
    { code: 0, signal: null },
    { code: 0, signal: null },
  ]);
}, 60_000);
afterAll(async () => {
  await Promise.all([shop?.stop(), payments?.stop(), worker?.stop()]);
  await nats?.stop();
  await t?.stop();
});

const byService = (items: any[], service: string) => items.filter((item) => item.service === service);

describe('browser → shop-api (Express, winston) → payments (Fastify, pino) → NATS → order-worker (pino)', () => {
  it('served the request', () => {
    expect(checkout).toEqual({ ok: true, paymentId: 'pay-1' });
  });

  it('finds every span of both services by session, all in the browser’s trace, all carrying session.id', async () => {
    const { body } = await t.api(`/spans?sessionId=${sessionId}`);
    const whole = await t.api(`/traces/${traceId}`);
    // Nothing of the trace is missing from the session: no span lacks session.id.
    expect(body.spans).toHaveLength(whole.body.spans.length);
    expect(body.spans.length).toBeGreaterThanOrEqual(3);
    for (const span of body.spans) {
      expect(span).toMatchObject({ traceId, sessionId, attributes: { 'session.id': sessionId } });
    }
    expect(new Set(body.spans.map((span: any) => span.service))).toEqual(
      new Set(['shop-api', 'payments', 'order-worker']),
    );
  });

  it('links the spans parent to child across the HTTP hop', async () => {
    const { body } = await t.api(`/spans?sessionId=${sessionId}`);
    const shopServer = byService(body.spans, 'shop-api').find((span) => span.kind === 'Server');
    const shopClient = byService(body.spans, 'shop-api').find((span) => span.kind === 'Client');
    const paymentsServer = byService(body.spans, 'payments').find((span) => span.kind === 'Server');
    expect(shopServer.parentSpanId).toBe(browser.spanId);
    expect(shopClient.parentSpanId).toBe(shopServer.spanId);
    expect(paymentsServer.parentSpanId).toBe(shopClient.spanId);
    expect(paymentsServer.attributes['url.path']).toBe('/charge');
    // Across the queue: the worker's CONSUMER span is a child of a span of payments, in the same trace.
    const consumer = byService(body.spans, 'order-worker').find((span) => span.kind === 'Consumer');
    expect(consumer).toMatchObject({ traceId, name: 'orders.paid process', sessionId });
    expect(consumer.attributes).toMatchObject({
      'messaging.system': 'nats',
      'messaging.destination.name': 'orders.paid',
    });
    expect(byService(body.spans, 'payments').map((span) => span.spanId)).toContain(consumer.parentSpanId);
  });

  it('tells the browser the server span in Server-Timing, readable cross-origin', async () => {
    const { body } = await t.api(`/spans?sessionId=${sessionId}&service=shop-api`);
    const shopServer = body.spans.find((span: any) => span.kind === 'Server');
    expect(response.headers.get('server-timing')).toBe(`traceparent;desc="00-${traceId}-${shopServer.spanId}-01"`);
    expect(response.headers.get('timing-allow-origin')).toBe('https://shop.example');
    expect(response.headers.get('access-control-expose-headers')).toBe('Server-Timing');
  });

  it('finds every winston and pino line of both services by session, each in the span it was logged in', async () => {
    const { body } = await t.api(`/logs?sessionId=${sessionId}`);
    const spans = (await t.api(`/spans?sessionId=${sessionId}`)).body.spans;
    const serverSpanOf = (service: string) =>
      byService(spans, service).find((span: any) => span.kind === 'Server').spanId;
    const lines = body.logs.map((log: any) => [log.service, log.body, log.traceId, log.spanId, log.sessionId]);
    expect(lines.sort()).toEqual(
      [
        ['payments', 'charging card', traceId, serverSpanOf('payments'), sessionId],
        [
          'order-worker',
          'order fulfilled',
          traceId,
          byService(spans, 'order-worker').find((span: any) => span.kind === 'Consumer').spanId,
          sessionId,
        ],
        ['shop-api', 'checkout done', traceId, serverSpanOf('shop-api'), sessionId],
        ['shop-api', 'checkout started', traceId, serverSpanOf('shop-api'), sessionId],
      ].sort(),
    );
    const charging = body.logs.find((log: any) => log.body === 'charging card');
    expect(charging).toMatchObject({ severity: 'info', attributes: { amount: '4200', 'session.id': sessionId } });
  });

  it('wrote trace_id and session.id on every line the services printed (their own log output)', () => {
    const printed = [...shop.stdout(), ...payments.stdout(), ...worker.stdout()]
      .filter((line) => !line.startsWith('{"ready"'))
      .map((line) => JSON.parse(line));
    expect(printed.map((line) => line.message ?? line.msg).sort()).toEqual([
      'charging card',
      'checkout done',
      'checkout started',
      'order fulfilled',
    ]);
    for (const line of printed) {
      expect(line).toMatchObject({ trace_id: traceId, trace_flags: '01', 'session.id': sessionId });
      expect(line.span_id).toMatch(/^[0-9a-f]{16}$/);
    }
  });
});
