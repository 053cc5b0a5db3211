/**
 * The transport in real Chromium against the real intake (through a proxy that can take the collector down):
 * events recorded right before leaving the page arrive; events queued while the collector is down arrive once, in
 * order, when it is back; the queue stays within its byte bound and reports what it dropped.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../../../test-support/eventually.mjs';
import { MAX_BACKOFF_MS } from '../src/transport/send-queue.js';
import { type RumScenario, startRumScenario } from './rum-scenario.js';

/** Once the collector is back, the queue's next retry comes within its longest backoff, however many sends failed
 *  while it was down (a slow machine fails more of them, and so waits longer). */
const BACK_UP_WAIT_MS = MAX_BACKOFF_MS + 15_000;

let scenario: RumScenario;
beforeAll(async () => {
  scenario = await startRumScenario();
});
afterAll(() => scenario?.stop());
beforeEach(() => {
  scenario.collector.mode = 'up';
  scenario.collector.delivered.length = 0;
});

const logsOf = (events: any[], sessionId: string) =>
  events.filter((event) => event.type === 'log' && event.session.id === sessionId).map((event) => event.log.message);

describe('page exit', () => {
  it('delivers what was recorded right before navigating away, without waiting for the batch timer', async () => {
    const page = await scenario.openApp(scenario.baseConfig('flushIntervalMs: 60000'));
    const sessionId = await page.evaluate(() => (window as any).rumlink.getSessionId());
    await page.evaluate((url) => {
      (window as any).rumlink.addAction('leave for the payment provider');
      location.href = url;
    }, `${scenario.page.url}/elsewhere`);
    const events = await scenario.events(sessionId, (all) => all.some((event) => event.type === 'action'));
    expect(events.find((event) => event.type === 'action')).toMatchObject({
      name: 'leave for the payment provider',
      kind: 'custom',
    });
    await page.close();
  });

  it('delivers on visibilitychange to hidden (tab switched, app backgrounded)', async () => {
    const page = await scenario.openApp(scenario.baseConfig('flushIntervalMs: 60000'));
    const sessionId = await page.evaluate(() => (window as any).rumlink.getSessionId());
    await page.evaluate(() => (window as any).rumlink.log('before hiding'));
    // Headless Chromium keeps every tab visible: the page is told it was hidden the way the browser tells it.
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await eventually(
      async () => logsOf(scenario.collector.accepted(), sessionId).includes('before hiding'),
      'the log sent while hiding',
    );
    await page.close();
  });
});

describe('collector down, then back', () => {
  it.each(['unreachable', 'unavailable'] as const)(
    'delivers every event once and in order after the collector was %s',
    async (mode) => {
      const page = await scenario.openApp(scenario.baseConfig());
      const sessionId = await page.evaluate(() => (window as any).rumlink.getSessionId());
      scenario.collector.mode = mode;
      const refusedBefore = scenario.collector.refused;
      for (let round = 0; round < 3; round++) {
        await page.evaluate((round) => {
          for (let i = 0; i < 20; i++) (window as any).rumlink.log(`seq-${round * 20 + i}`);
        }, round);
        await eventually(async () => scenario.collector.refused > refusedBefore + round, `refused send ${round + 1}`);
      }
      const queued = await page.evaluate(() => (window as any).__queue());
      expect(queued.batches).toBeGreaterThanOrEqual(2);
      scenario.collector.mode = 'up';
      const expected = Array.from({ length: 60 }, (_, i) => `seq-${i}`);
      await eventually(
        async () => logsOf(scenario.collector.accepted(), sessionId).length >= 60,
        'all 60 logs',
        BACK_UP_WAIT_MS,
      );
      expect(logsOf(scenario.collector.acceptedWithResends(), sessionId)).toEqual(expected);
      const stored = await scenario.events(sessionId, (all) => all.filter((e) => e.type === 'log').length >= 60);
      expect(stored.filter((event) => event.type === 'log')).toHaveLength(60);
      // Batches over 1 KiB travel gzip-compressed (CompressionStream), announced in the URL.
      expect(scenario.collector.delivered.some((batch) => batch.params.get('encoding') === 'gzip')).toBe(true);
      // Emptied (later view updates come and go through it too).
      await eventually(
        async () => (await page.evaluate(() => (window as any).__queue())).batches === 0,
        'an empty queue',
      );
      expect(await page.evaluate(() => (window as any).__queue())).toMatchObject({ bytes: 0, dropped: 0 });
      await page.close();
    },
    BACK_UP_WAIT_MS + 30_000,
  );

  it(
    'keeps the queue within its byte bound, drops the oldest and reports how many',
    async () => {
      const bound = 24 * 1024; // about two batches of this test's events
      const page = await scenario.openApp(scenario.baseConfig(), { dependencies: `{ maxQueueBytes: ${bound} }` });
      const sessionId = await page.evaluate(() => (window as any).rumlink.getSessionId());
      scenario.collector.mode = 'unavailable';
      const peaks: number[] = [];
      for (let round = 0; round < 10; round++) {
        await page.evaluate((round) => {
          for (let i = 0; i < 30; i++) (window as any).rumlink.log(`seq-${round * 30 + i} ${'x'.repeat(100)}`);
        }, round);
        await page.waitForTimeout(150); // let the batch timer hand the batch to the queue
        peaks.push((await page.evaluate(() => (window as any).__queue())).bytes);
      }
      expect(Math.max(...peaks)).toBeLessThanOrEqual(bound);
      const { dropped } = await page.evaluate(() => (window as any).__queue());
      expect(dropped).toBeGreaterThan(0);

      scenario.collector.mode = 'up';
      await eventually(
        async () => logsOf(scenario.collector.accepted(), sessionId).some((m) => m.startsWith('seq-299 ')),
        'the last of 300 logs',
        BACK_UP_WAIT_MS,
      );
      const received = logsOf(scenario.collector.accepted(), sessionId).map((m) => Number(m.split(' ')[0].slice(4)));
      // The newest survived, in order; the oldest were dropped and counted.
      expect(received).toEqual([...received].sort((a, b) => a - b));
      expect(received.at(-1)).toBe(299);
      expect(received.length).toBeLessThan(300);
      const reported = scenario.collector.delivered.reduce(
        (sum, batch) => sum + Number(batch.params.get('dropped') ?? 0),
        0,
      );
      expect(reported).toBeGreaterThanOrEqual(300 - received.length);
      const metrics = await scenario.rumlink.api('/metrics');
      expect(metrics.body).toMatch(
        new RegExp(`rumlink_rum_client_dropped_events_total\\{application="shop"\\} ${reported}`),
      );
      await page.close();
    },
    BACK_UP_WAIT_MS + 30_000,
  );
});

describe('a device clock that is off', () => {
  it('stamps each batch with the page’s clock, and the intake moves the events to its own time', async () => {
    const context = await scenario.browser.newContext();
    // The device's clock reads two hours behind: every Date the page sees, the SDK's included.
    await context.addInitScript(`{
      const realNow = Date.now;
      Date.now = () => realNow() - 2 * 3600 * 1000;
    }`);
    const page = await scenario.openApp(scenario.baseConfig(), { context });
    const sessionId = await page.evaluate(() => (window as any).rumlink.getSessionId());
    await page.evaluate(() => (window as any).rumlink.log('from a slow clock'));
    const [log] = await scenario.events(sessionId, (all) => all.some((event) => event.type === 'log'), '&type=log');
    expect(Math.abs(log.time - Date.now())).toBeLessThan(10_000);
    const { body } = await scenario.rumlink.api(`/rum/events/${log.eventId}`);
    expect(Number(body.attributes['rumlink.clock_correction_ms'])).toBeGreaterThan(2 * 3600 * 1000 - 10_000);
    const sentAt = Number(scenario.collector.delivered.at(-1)!.params.get('sentAt'));
    expect(Math.abs(sentAt + 2 * 3600 * 1000 - Date.now())).toBeLessThan(10_000);
    await context.close();
  });
});
