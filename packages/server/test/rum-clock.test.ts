/**
 * A browser whose clock is wrong: the intake moves its events by the difference between the batch's `sentAt` and
 * the intake's clock, so they sit next to the backend's spans in the session's timeline, and survive the retention.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP, otlpSpan, otlpTraces, randomHex, startTestServer, type TestServer } from './harness.js';

const HOUR = 3_600_000;
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.stop());

/** Posts `events` as a browser whose clock reads `skewMs` off the intake's when it sends them. */
const postFromSkewedClock = (events: object[], skewMs: number, sentAt = String(Date.now() + skewMs)) =>
  t.postRum(events, `&sentAt=${sentAt}`);

function resourceAt(time: number, sessionId: string, traceId: string) {
  const view = { id: crypto.randomUUID(), url: 'https://shop.example/checkout' };
  return {
    type: 'resource',
    id: crypto.randomUUID(),
    time,
    session: { id: sessionId },
    view,
    resource: { url: 'https://api.shop.example/orders', method: 'POST', statusCode: 201, durationMs: 40, traceId },
  };
}

describe('a browser clock that is off', () => {
  it.each([
    ['a year behind', -365 * 24 * HOUR],
    ['an hour ahead', HOUR],
  ])('%s: its events land at the intake’s time, before the backend span they caused', async (_name, skewMs) => {
    const sessionId = crypto.randomUUID();
    const traceId = randomHex(16);
    const now = Date.now();
    // The backend's clock is right. Its span starts a second after the request: the correction moves events by the
    // skew plus the batch's time in transit, which here is milliseconds, never a second.
    const spans = otlpTraces('shop-api', [
      otlpSpan({ traceId, spanId: randomHex(8), name: 'POST /orders', startMs: now + 1_000, durationMs: 30 }),
    ]);
    expect(
      (await t.intake('/v1/traces', { headers: { 'content-type': 'application/json' }, body: spans })).status,
    ).toBe(200);
    const resource = resourceAt(now + skewMs, sessionId, traceId);
    expect((await postFromSkewedClock([resource], skewMs)).status).toBe(202);

    const { body } = await t.api(`/rum/events/${resource.id}`);
    expect(Math.abs(body.time - now)).toBeLessThan(2_000);
    expect(body.attributes['rumlink.clock_correction_ms']).toMatch(/^-?\d+$/);
    expect(Math.abs(Number(body.attributes['rumlink.clock_correction_ms']) + skewMs)).toBeLessThan(2_000);
    expect(body.payload.time).toBe(resource.time);

    const { body: timeline } = await t.api(`/sessions/${sessionId}/timeline`);
    expect(timeline.items.map((item: any) => item.kind)).toEqual(['resource', 'span']);
  });

  it('corrects the Datadog browser SDK’s batches by their batch_time the same way', async () => {
    const sessionId = crypto.randomUUID();
    const skewMs = -3 * HOUR;
    const now = Date.now();
    const event = {
      type: 'resource',
      date: now + skewMs,
      application: { id: APP.id },
      session: { id: sessionId, type: 'user' },
      view: { id: crypto.randomUUID(), url: 'https://shop.example/cart' },
      resource: { id: crypto.randomUUID(), type: 'fetch', url: 'https://api.shop.example/cart', method: 'GET' },
    };
    const forward = `/api/v2/rum?ddsource=browser&dd-api-key=${APP.clientToken}&batch_time=${now + skewMs}`;
    const response = await t.intake(`/?ddforward=${encodeURIComponent(forward)}`, {
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(event),
    });
    expect(response.status).toBe(202);
    const { body } = await t.api(`/rum/events/${event.resource.id}`);
    expect(Math.abs(body.time - now)).toBeLessThan(2_000);
    expect(Math.abs(Number(body.attributes['rumlink.clock_correction_ms']) + skewMs)).toBeLessThan(2_000);
  });

  it('leaves a clock within the tolerance alone', async () => {
    const sessionId = crypto.randomUUID();
    const resource = resourceAt(Date.now() - 3_000, sessionId, randomHex(16));
    expect((await postFromSkewedClock([resource], -3_000)).status).toBe(202);
    const { body } = await t.api(`/rum/events/${resource.id}`);
    expect(body.time).toBe(resource.time);
    expect(body.attributes['rumlink.clock_correction_ms']).toBeUndefined();
  });

  it('refuses a sentAt that is not epoch milliseconds, and stores nothing of the batch', async () => {
    const sessionId = crypto.randomUUID();
    const response = await postFromSkewedClock([resourceAt(Date.now(), sessionId, randomHex(16))], 0, 'yesterday');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        code: 'invalid_parameter',
        message: `sentAt must be the sender's clock in epoch milliseconds when it sent the batch, got "yesterday"`,
      },
    });
    const { body } = await t.api(`/rum/events?sessionId=${sessionId}`);
    expect(body.events).toEqual([]);
  });
});
