/** Data acknowledged before a restart is there after it; stop() flushes what it accepted. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomHex, startTestServer, type TestServer } from './harness.js';

describe('restart', () => {
  let t: TestServer;
  beforeAll(async () => {
    // A long group-commit delay: acknowledged writes must still be flushed by stop().
    t = await startTestServer({ writer: { maxDelayMs: 200 } });
  });
  afterAll(() => t?.stop());

  it('keeps acknowledged RUM events and spans across a restart', async () => {
    const sessionId = crypto.randomUUID();
    const traceId = randomHex(16);
    const rum = t.postRum([
      {
        type: 'resource',
        id: 'r1',
        time: Date.now(),
        session: { id: sessionId },
        view: { id: 'v1', url: 'https://shop.example/' },
        resource: { url: 'https://api.shop.example/cart', durationMs: 12, traceId },
      },
    ]);
    const spans = t.intake('/v1/traces', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'api' } }] },
            scopeSpans: [
              {
                spans: [
                  {
                    traceId,
                    spanId: randomHex(8),
                    name: 'GET /cart',
                    kind: 2,
                    startTimeUnixNano: String(Date.now() * 1e6),
                    endTimeUnixNano: String(Date.now() * 1e6 + 5e6),
                  },
                ],
              },
            ],
          },
        ],
      }),
    });
    expect((await rum).status).toBe(202);
    expect((await spans).status).toBe(200);

    await t.restart();

    const { body } = await t.api(`/rum/events?sessionId=${sessionId}`);
    expect(body.events).toHaveLength(1);
    expect(body.events[0]).toMatchObject({ traceId, hasTrace: true });
    expect((await t.api(`/traces/${traceId}`)).body.spans).toHaveLength(1);
    expect((await t.api(`/traces/${traceId}`)).body.rum.resource).toMatchObject({ eventId: 'r1', sessionId });

    // A data directory from before the trace → RUM links table: the next start fills it from the stored events.
    await t.server.executor.command('DROP VIEW rum_trace_links_mv');
    await t.server.executor.command('DROP TABLE rum_trace_links');
    await t.restart();
    expect((await t.api(`/traces/${traceId}`)).body.rum).toMatchObject({
      resource: { eventId: 'r1', sessionId },
      view: null,
      session: { sessionId, resources: 1, tracedResources: 1 },
    });
    expect((await t.api(`/sessions/${sessionId}`)).body.session).toMatchObject({ linkedResources: 1 });
  });

  it('applies a changed retention to the tables at the next start', async () => {
    const ttlOf = async () =>
      (
        await t.server.executor.query<{ engine_full: string }>(
          "SELECT engine_full FROM system.tables WHERE name = 'otel_traces'",
        )
      )[0]!.engine_full;
    expect(await ttlOf()).toContain('toIntervalDay(7)');
    await t.restart({ config: { retentionDays: 2 } });
    expect(await ttlOf()).toContain('toIntervalDay(2)');
    await t.restart({ config: { retentionDays: 0 } });
    expect(await ttlOf()).not.toContain('TTL');
  });
});
