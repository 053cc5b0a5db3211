/**
 * One checkout session across every tier, sent through the real intake: RUM events (view, click action, traced
 * fetch, error, long task), the trace's spans from two services (api with baggage, worker without), and log
 * lines. `text` replaces the strings a user or a page controls, for the attacker-data tests.
 */
import { otlpLogs, otlpSpan, otlpTraces, randomHex, type TestServer } from '../../server/test/harness.js';

export interface SeededSession {
  sessionId: string;
  viewId: string;
  actionId: string;
  resourceId: string;
  errorId: string;
  traceId: string;
  untracedTraceId: string;
}

export interface SessionText {
  viewUrl: string;
  viewName: string;
  resourceUrl: string;
  actionName: string;
  errorMessage: string;
  spanName: string;
  logBody: string;
  attributes: Record<string, string>;
}

export const CHECKOUT_TEXT: SessionText = {
  viewUrl: 'https://shop.example/checkout',
  viewName: 'checkout',
  resourceUrl: 'https://api.shop.example/orders',
  actionName: 'Pay now',
  errorMessage: 'payment widget failed to render',
  spanName: 'POST /orders',
  logBody: 'order created',
  attributes: { 'cart.items': '3' },
};

async function expectAccepted(response: Promise<Response>, what: string): Promise<void> {
  const answer = await response;
  if (answer.status >= 300) throw new Error(`${what} refused: ${answer.status} ${await answer.text()}`);
}

export async function seedSession(
  t: TestServer,
  text: SessionText = CHECKOUT_TEXT,
  now = Date.now() - 60_000,
): Promise<SeededSession> {
  const ids = {
    sessionId: crypto.randomUUID(),
    viewId: crypto.randomUUID(),
    actionId: crypto.randomUUID(),
    resourceId: crypto.randomUUID(),
    errorId: crypto.randomUUID(),
    traceId: randomHex(16),
    untracedTraceId: randomHex(16),
  };
  const browserSpanId = randomHex(8);
  const apiSpanId = randomHex(8);
  const base = {
    session: { id: ids.sessionId },
    view: { id: ids.viewId, url: text.viewUrl, name: text.viewName },
    service: 'shop-web',
  };
  await expectAccepted(
    t.postRum([
      { ...base, type: 'view', id: ids.viewId, time: now, view: { ...base.view, version: 3, timeSpentMs: 4000 } },
      {
        ...base,
        type: 'action',
        id: ids.actionId,
        time: now + 1000,
        action: { id: ids.actionId, type: 'click', name: text.actionName, traceIds: [ids.traceId] },
      },
      {
        ...base,
        type: 'resource',
        id: ids.resourceId,
        time: now + 1010,
        action: { id: ids.actionId },
        attributes: text.attributes,
        resource: {
          url: text.resourceUrl,
          method: 'POST',
          statusCode: 201,
          durationMs: 840,
          kind: 'fetch',
          traceId: ids.traceId,
          spanId: browserSpanId,
          sampled: true,
        },
      },
      {
        ...base,
        type: 'resource',
        id: crypto.randomUUID(),
        time: now + 1500,
        resource: {
          url: 'https://api.shop.example/recommendations',
          method: 'GET',
          statusCode: 0,
          durationMs: 30,
          kind: 'fetch',
          traceId: ids.untracedTraceId,
          spanId: randomHex(8),
          sampled: true,
        },
      },
      {
        ...base,
        type: 'error',
        id: ids.errorId,
        time: now + 1900,
        attributes: text.attributes,
        error: { message: text.errorMessage, type: 'TypeError', source: 'source' },
      },
      { ...base, type: 'long_task', id: crypto.randomUUID(), time: now + 2000, longTask: { durationMs: 120 } },
    ]),
    'RUM events',
  );
  const post = (path: string, body: string) =>
    t.intake(path, { headers: { 'content-type': 'application/json' }, body });
  await expectAccepted(
    post(
      '/v1/traces',
      otlpTraces('api', [
        otlpSpan({
          traceId: ids.traceId,
          spanId: apiSpanId,
          parentSpanId: browserSpanId,
          name: text.spanName,
          startMs: now + 1020,
          durationMs: 800,
          attributes: { 'session.id': ids.sessionId, 'http.route': '/orders', ...text.attributes },
        }),
      ]),
    ),
    'api spans',
  );
  // The queue worker forwards trace context but not baggage: it joins the session through the trace id.
  await expectAccepted(
    post(
      '/v1/traces',
      otlpTraces('worker', [
        otlpSpan({
          traceId: ids.traceId,
          spanId: randomHex(8),
          parentSpanId: apiSpanId,
          name: 'process order',
          startMs: now + 1100,
          durationMs: 600,
        }),
      ]),
    ),
    'worker spans',
  );
  await expectAccepted(
    post(
      '/v1/logs',
      otlpLogs('api', [
        {
          timeMs: now + 1500,
          body: text.logBody,
          traceId: ids.traceId,
          spanId: apiSpanId,
          attributes: { 'session.id': ids.sessionId, ...text.attributes },
        },
      ]),
    ),
    'api logs',
  );
  await expectAccepted(
    post(
      '/v1/logs',
      otlpLogs('worker', [
        { timeMs: now + 1700, body: 'charged card', severityText: 'WARN', severityNumber: 13, traceId: ids.traceId },
      ]),
    ),
    'worker logs',
  );
  return ids;
}
