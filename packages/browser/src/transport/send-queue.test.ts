import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createReporter, type Report } from '../reporter.js';
import { createSendQueue, type Delivery, type QueuedBatch } from './send-queue.js';

/** A delivery whose answers the test decides: each send waits for `answer(status)`. */
function scriptedDelivery() {
  const sends: { body: string; dropped: number; answer: (status: number) => void }[] = [];
  const beacons: { body: string; dropped: number }[] = [];
  let beaconAccepts = true;
  const delivery: Delivery = {
    send: (batch: QueuedBatch, dropped: number) =>
      new Promise((resolve) => sends.push({ body: batch.body, dropped, answer: resolve })),
    beacon: (batch, dropped) => {
      if (beaconAccepts) beacons.push({ body: batch.body, dropped });
      return beaconAccepts;
    },
  };
  return {
    delivery,
    sends,
    beacons,
    refuseBeacons: () => {
      beaconAccepts = false;
    },
  };
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('send queue', () => {
  const reports: Report[] = [];
  const reporter = createReporter((report) => reports.push(report), { error() {}, warn() {} });
  let win: EventTarget;
  beforeEach(() => {
    vi.useFakeTimers();
    reports.length = 0;
    win = new EventTarget();
  });
  afterEach(() => vi.useRealTimers());

  it('sends one batch at a time, in order', async () => {
    const { delivery, sends } = scriptedDelivery();
    const queue = createSendQueue(delivery, reporter, win as Window);
    queue.push('a', 1);
    queue.push('b', 1);
    await settle();
    expect(sends.map((s) => s.body)).toEqual(['a']);
    sends[0]!.answer(202);
    await settle();
    expect(sends.map((s) => s.body)).toEqual(['a', 'b']);
    sends[1]!.answer(202);
    await settle();
    expect(queue.stats()).toEqual({ batches: 0, bytes: 0, dropped: 0 });
  });

  it.each([0, 408, 429, 500, 503])('retries after HTTP %i with growing backoff, keeping the order', async (status) => {
    const { delivery, sends } = scriptedDelivery();
    const queue = createSendQueue(delivery, reporter, win as Window);
    queue.push('first', 1);
    queue.push('second', 1);
    await settle();
    sends[0]!.answer(status);
    await settle();
    vi.advanceTimersByTime(1000);
    await settle();
    expect(sends.map((s) => s.body)).toEqual(['first', 'first']);
    sends[1]!.answer(status);
    await settle();
    vi.advanceTimersByTime(1400); // the second wait is longer than the first
    await settle();
    expect(sends).toHaveLength(2);
    vi.advanceTimersByTime(700);
    await settle();
    expect(sends.map((s) => s.body)).toEqual(['first', 'first', 'first']);
    sends[2]!.answer(202);
    await settle();
    expect(sends.map((s) => s.body)).toEqual(['first', 'first', 'first', 'second']);
  });

  it('retries at once when the browser comes back online', async () => {
    const { delivery, sends } = scriptedDelivery();
    createSendQueue(delivery, reporter, win as Window).push('a', 1);
    await settle();
    sends[0]!.answer(0);
    await settle();
    win.dispatchEvent(new Event('online'));
    await settle();
    expect(sends).toHaveLength(2);
  });

  it('drops a batch refused for good and says why, then goes on', async () => {
    const { delivery, sends } = scriptedDelivery();
    const queue = createSendQueue(delivery, reporter, win as Window);
    queue.push('a', 1);
    queue.push('b', 1);
    await settle();
    sends[0]!.answer(403);
    await settle();
    expect(sends.map((s) => s.body)).toEqual(['a', 'b']);
    expect(reports[0]?.message).toMatch(/refused a batch of events with HTTP 403; check applicationId, clientToken/);
  });

  it('stays within its byte bound by dropping the oldest waiting batches, and reports the count once', async () => {
    const { delivery, sends } = scriptedDelivery();
    const queue = createSendQueue(delivery, reporter, win as Window, 30);
    queue.push('in-flight-1', 4); // 11 bytes, being sent: never dropped
    await settle();
    queue.push('waiting-2', 3); // 9
    queue.push('waiting-3', 5); // 9 → 29 bytes
    queue.push('newest-4', 2); // 8 → 37 > 30: drops waiting-2
    expect(queue.stats()).toEqual({ batches: 3, bytes: 28, dropped: 3 });
    sends[0]!.answer(500); // a failure puts the drop count back to report later
    await settle();
    vi.advanceTimersByTime(1000);
    await settle();
    expect(sends[1]).toMatchObject({ body: 'in-flight-1', dropped: 3 });
    sends[1]!.answer(202);
    await settle();
    expect(sends[2]).toMatchObject({ body: 'waiting-3', dropped: 0 });
  });

  it('hands waiting batches to beacons at page exit, but keeps them while the collector is unreachable', async () => {
    const { delivery, sends, beacons } = scriptedDelivery();
    const queue = createSendQueue(delivery, reporter, win as Window);
    queue.push('a', 1);
    await settle();
    sends[0]!.answer(503);
    await settle();
    queue.push('b', 1);
    queue.exit();
    expect(beacons).toEqual([]);
    vi.advanceTimersByTime(1000);
    await settle();
    sends[1]!.answer(202);
    await settle();
    queue.push('c', 1);
    queue.exit();
    expect(beacons.map((b) => b.body)).toEqual(['b', 'c']);
    expect(queue.stats().batches).toBe(0);
  });

  it('keeps what a full beacon quota refused', async () => {
    const { delivery, refuseBeacons } = scriptedDelivery();
    const queue = createSendQueue(delivery, reporter, win as Window);
    refuseBeacons();
    queue.push('a', 1);
    queue.exit();
    expect(queue.stats().batches).toBe(1);
  });
});
