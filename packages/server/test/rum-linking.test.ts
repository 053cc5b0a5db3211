import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP, otlpSpan, otlpTraces, RUM_PATH, randomHex, startTestServer, type TestServer } from './harness.js';

describe('RUM events linked to backend traces', () => {
  let t: TestServer;
  const sessionId = crypto.randomUUID();
  const viewId = crypto.randomUUID();
  const actionId = crypto.randomUUID();
  const resourceId = crypto.randomUUID();
  const traceId = randomHex(16);
  const browserSpanId = randomHex(8);
  const now = Date.now();
  const base = { session: { id: sessionId }, view: { id: viewId, url: 'https://shop.example/checkout' } };

  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t?.stop());

  it('accepts a batch of rumlink events and answers 202 with the count', async () => {
    const response = await t.postRum([
      { ...base, type: 'view', id: viewId, time: now, view: { ...base.view, version: 1, name: 'checkout' } },
      {
        ...base,
        type: 'view',
        id: viewId,
        time: now,
        view: { ...base.view, version: 2, name: 'checkout', timeSpentMs: 5000 },
      },
      {
        ...base,
        type: 'action',
        id: actionId,
        time: now + 10,
        action: { id: actionId, type: 'click', name: 'Pay', traceIds: [traceId] },
      },
      {
        ...base,
        type: 'resource',
        id: resourceId,
        time: now + 20,
        action: { id: actionId },
        resource: {
          url: 'https://api.shop.example/orders',
          method: 'post',
          statusCode: 201,
          durationMs: 120.5,
          kind: 'fetch',
          traceId,
          spanId: browserSpanId,
          sampled: true,
        },
      },
      {
        ...base,
        type: 'error',
        id: crypto.randomUUID(),
        time: now + 28,
        error: { message: 'boom', type: 'TypeError', source: 'source' },
      },
    ]);
    expect(response.status).toBe(202);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(await response.json()).toEqual({ accepted: 5 });
  });

  it('reports the resource as traced but not linked before any span arrives', async () => {
    const { body } = await t.api(`/rum/events?sessionId=${sessionId}&type=resource`);
    expect(body.events).toHaveLength(1);
    expect(body.events[0]).toMatchObject({
      eventId: resourceId,
      traceId,
      spanId: browserSpanId,
      hasTrace: false,
      method: 'POST',
      statusCode: 201,
      actionId,
    });
    expect((await t.api(`/rum/events?sessionId=${sessionId}&hasTrace=false&type=resource`)).body.events).toHaveLength(
      1,
    );
    expect((await t.api(`/rum/events/${resourceId}`)).body).toMatchObject({ hasTrace: false, trace: null });
  });

  it('links the resource once a span of its trace is stored, and the trace back to session → view → resource → action', async () => {
    const apiSpanId = randomHex(8);
    const response = await t.intake('/v1/traces', {
      headers: { 'content-type': 'application/json' },
      body: otlpTraces('api', [
        otlpSpan({
          traceId,
          spanId: apiSpanId,
          parentSpanId: browserSpanId,
          name: 'POST /orders',
          startMs: now + 25,
          durationMs: 90,
          attributes: { 'session.id': sessionId },
        }),
      ]),
    });
    expect(response.status).toBe(200);
    // A downstream service that forwards trace context but not baggage: no session.id on its span.
    await t.intake('/v1/traces', {
      headers: { 'content-type': 'application/json' },
      body: otlpTraces('auth', [
        otlpSpan({
          traceId,
          spanId: randomHex(8),
          parentSpanId: apiSpanId,
          name: 'verify',
          startMs: now + 30,
          durationMs: 10,
        }),
      ]),
    });

    const list = await t.api(`/rum/events?sessionId=${sessionId}&hasTrace=true`);
    expect(list.body.events.map((event: any) => event.eventId)).toEqual([resourceId]);

    const detail = await t.api(`/rum/events/${resourceId}`);
    expect(detail.body.trace).toMatchObject({
      traceId,
      rootService: 'api',
      rootName: 'POST /orders',
      spanCount: 2,
      errorCount: 0,
    });
    expect(detail.body.trace.durationMs).toBeCloseTo(90, 3);
    expect(detail.body.hasTrace).toBe(true);

    const trace = await t.api(`/traces/${traceId.toUpperCase()}`);
    expect(trace.status).toBe(200);
    expect(trace.body.spans.map((span: any) => span.service).sort()).toEqual(['api', 'auth']);
    expect(trace.body.rum.session).toMatchObject({
      sessionId,
      applicationId: APP.id,
      views: 1,
      resources: 1,
      actions: 1,
      errors: 1,
      tracedResources: 1,
      linkedResources: null, // not computed on this route (docs/query-api.md)
      services: [], // nor this
    });
    expect(trace.body.rum.view).toMatchObject({ eventId: viewId, name: 'checkout', durationMs: 5000 });
    expect(trace.body.rum.resource).toMatchObject({ eventId: resourceId, hasTrace: true });
    expect(trace.body.rum.action).toMatchObject({ eventId: actionId, name: 'Pay', kind: 'click' });
  });

  it('counts spans of a linked trace as session members even without session.id', async () => {
    const bySession = await t.api(`/spans?sessionId=${sessionId}`);
    expect(bySession.body.spans.map((span: any) => span.service).sort()).toEqual(['api', 'auth']);
    const byAttribute = await t.api(`/spans?attr.session.id=${sessionId}`);
    expect(byAttribute.body.spans.map((span: any) => span.service)).toEqual(['api']);
  });

  it('keeps the latest version of a view only', async () => {
    const session = await t.api(`/sessions/${sessionId}`);
    expect(session.body.views).toHaveLength(1);
    expect(session.body.views[0]).toMatchObject({ eventId: viewId, durationMs: 5000 });
  });

  it('lists the session and orders its timeline across tiers', async () => {
    const sessions = await t.api('/sessions');
    expect(sessions.body.sessions.find((s: any) => s.sessionId === sessionId)).toMatchObject({
      linkedResources: 1,
      services: ['api', 'auth'],
    });
    const timeline = await t.api(`/sessions/${sessionId}/timeline`);
    // Distinct instants (the auth span's time is nanoseconds / 1e6 in Float64, so a tie could go either way).
    const kinds = timeline.body.items.map((item: any) => `${item.kind}:${item.service ?? ''}`);
    expect(kinds).toEqual(['view:', 'action:', 'resource:', 'span:api', 'error:', 'span:auth']);
    const times = timeline.body.items.map((item: any) => item.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(timeline.body.items.find((item: any) => item.kind === 'span' && item.service === 'auth').viewId).toBe(
      viewId,
    );
    // The resource's trace is stored; the view carries no trace id.
    const hasTrace = Object.fromEntries(
      timeline.body.items.filter((item: any) => item.tier === 'rum').map((item: any) => [item.kind, item.hasTrace]),
    );
    expect(hasTrace).toMatchObject({ view: null, resource: true });
  });

  it('gives a trace carried by an error (no resource) the error and its view as origin, and a trace without RUM none', async () => {
    const errorTraceId = randomHex(16);
    const errorId = crypto.randomUUID();
    await t.postRum([
      {
        ...base,
        type: 'error',
        id: errorId,
        time: now + 40,
        error: { message: 'payment failed', type: 'Error', source: 'network', traceId: errorTraceId },
      },
    ]);
    const spans = [
      otlpSpan({ traceId: errorTraceId, spanId: randomHex(8), name: 'POST /pay', startMs: now + 41, durationMs: 5 }),
    ];
    await t.intake('/v1/traces', { headers: { 'content-type': 'application/json' }, body: otlpTraces('api', spans) });
    const { body } = await t.api(`/traces/${errorTraceId}`);
    expect(body.rum.event).toMatchObject({ eventId: errorId, type: 'error', hasTrace: true });
    expect(body.rum.resource).toBeNull();
    expect(body.rum.action).toBeNull();
    expect(body.rum.view).toMatchObject({ eventId: viewId, durationMs: 5000 });
    expect(body.rum.session).toMatchObject({ sessionId, errors: 2 });

    const backendOnly = randomHex(16);
    const backendSpans = [
      otlpSpan({ traceId: backendOnly, spanId: randomHex(8), name: 'cron', startMs: now, durationMs: 5 }),
    ];
    await t.intake('/v1/traces', {
      headers: { 'content-type': 'application/json' },
      body: otlpTraces('jobs', backendSpans),
    });
    const backend = await t.api(`/traces/${backendOnly}`);
    expect(backend.body.spans).toHaveLength(1);
    expect(backend.body.rum).toBeNull();
  });

  it('answers unknown ids with 404 and malformed ones with 400', async () => {
    expect((await t.api(`/traces/${randomHex(16)}`)).status).toBe(404);
    expect((await t.api('/traces/xyz')).body.error.code).toBe('invalid_id');
    expect((await t.api(`/sessions/${crypto.randomUUID()}/timeline`)).status).toBe(404);
    expect((await t.api('/sessions/bad%20id')).status).toBe(400);
    expect((await t.api('/rum/events?hasTrace=maybe')).body.error).toMatchObject({ code: 'invalid_parameter' });
    expect((await t.api('/rum/events?limit=0')).status).toBe(400);
    expect((await t.api('/sessions?cursor=garbage')).body.error.code).toBe('invalid_parameter');
  });

  it('takes a gzip body announced by the encoding parameter and counts what the SDK reported dropped', async () => {
    const otherSession = crypto.randomUUID();
    const event = {
      ...base,
      session: { id: otherSession },
      type: 'log',
      id: 'log-gzip',
      time: now + 0.625, // fractional milliseconds are allowed
      log: { message: 'hi' },
    };
    const response = await t.intake(`${RUM_PATH}&encoding=gzip&dropped=7`, {
      body: gzipSync(JSON.stringify(event)),
    });
    expect(response.status).toBe(202);
    const events = await t.api(`/rum/events?sessionId=${otherSession}`);
    expect(events.body.events.map((e: { eventId: string }) => e.eventId)).toEqual(['log-gzip']);
    const metrics = await t.api('/metrics');
    expect(metrics.body).toContain(`rumlink_rum_client_dropped_events_total{application="${APP.id}"} 7`);
  });

  it('says a failed fetch has status 0 and an opaque image an unknown (null) one', async () => {
    const other = crypto.randomUUID();
    const resource = (id: string, kind: string, extra: object) => ({
      ...base,
      session: { id: other },
      type: 'resource',
      id,
      time: now,
      resource: { url: `https://cdn.example/${id}`, durationMs: 5, kind, ...extra },
    });
    const response = await t.postRum([
      resource('failed-fetch', 'fetch', { statusCode: 0 }),
      resource('opaque-image', 'img', {}),
      resource('image', 'img', { statusCode: 200 }),
    ]);
    expect(response.status).toBe(202);
    const { body } = await t.api(`/rum/events?sessionId=${other}`);
    const status = Object.fromEntries(body.events.map((e: any) => [e.eventId, e.statusCode]));
    expect(status).toEqual({ 'failed-fetch': 0, 'opaque-image': null, image: 200 });
  });

  it('counts a resent event and a view’s versions once in the session summary', async () => {
    const other = crypto.randomUUID();
    const view = (version: number) => ({
      ...base,
      session: { id: other },
      type: 'view',
      id: 'v-resend',
      time: now,
      view: { id: 'v-resend', url: 'https://shop.example/', version, timeSpentMs: version * 1000 },
    });
    const resource = {
      ...base,
      session: { id: other },
      view: { id: 'v-resend', url: 'https://shop.example/' },
      type: 'resource',
      id: 'r-resend',
      time: now + 5,
      resource: { url: 'https://api.shop.example/cart', durationMs: 12, kind: 'fetch', traceId: randomHex(16) },
    };
    for (const batch of [[view(1), resource], [view(2), resource], [view(3)]]) {
      expect((await t.postRum(batch)).status).toBe(202);
    }
    const { body } = await t.api(`/sessions/${other}`);
    expect(body.session).toMatchObject({ views: 1, resources: 1, tracedResources: 1, linkedResources: 0 });
    expect(body.session.end - body.session.start).toBe(3000);
    const timeline = await t.api(`/sessions/${other}/timeline`);
    expect(timeline.body.items.map((item: any) => item.kind)).toEqual(['view', 'resource']);
    expect(timeline.body.items[0].durationMs).toBe(3000); // the latest version
  });
});
