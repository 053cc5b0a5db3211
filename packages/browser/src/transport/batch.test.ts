import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createReporter } from '../reporter.js';
import { createBatch, MAX_BYTES, MAX_EVENTS } from './batch.js';

const reporter = createReporter(undefined, { error() {}, warn() {} });
const event = (type: string, viewId = 'v1', extra: object = {}) => ({ type, view: { id: viewId }, ...extra });

describe('batch', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('flushes after the interval, as NDJSON', () => {
    const flushed: [string, number][] = [];
    const batch = createBatch(1000, (body, count) => flushed.push([body, count]), reporter);
    batch.add(event('log'));
    batch.add(event('error'));
    vi.advanceTimersByTime(999);
    expect(flushed).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(flushed).toEqual([[`${JSON.stringify(event('log'))}\n${JSON.stringify(event('error'))}`, 2]]);
  });

  it('flushes at MAX_EVENTS and at MAX_BYTES without waiting', () => {
    const counts: number[] = [];
    const batch = createBatch(60_000, (_body, count) => counts.push(count), reporter);
    for (let i = 0; i < MAX_EVENTS; i++) batch.add(event('log'));
    expect(counts).toEqual([MAX_EVENTS]);
    const big = 'x'.repeat(MAX_BYTES / 4);
    for (let i = 0; i < 4; i++) batch.add(event('log', 'v1', { big }));
    expect(counts).toEqual([MAX_EVENTS, 4]);
  });

  it('keeps one line per view: a newer version replaces the older one in place', () => {
    const bodies: string[] = [];
    const batch = createBatch(1000, (body) => bodies.push(body), reporter);
    batch.add(event('view', 'a', { version: 1 }));
    batch.add(event('log', 'a'));
    batch.add(event('view', 'a', { version: 2 }));
    batch.add(event('view', 'b', { version: 1 }));
    batch.flush();
    expect(bodies[0]!.split('\n').map((line) => JSON.parse(line))).toEqual([
      event('view', 'a', { version: 2 }),
      event('log', 'a'),
      event('view', 'b', { version: 1 }),
    ]);
    batch.add(event('view', 'a', { version: 3 }));
    batch.flush();
    expect(JSON.parse(bodies[1]!)).toEqual(event('view', 'a', { version: 3 }));
  });

  it('flushes nothing when empty', () => {
    const flush = vi.fn();
    createBatch(1000, flush, reporter).flush();
    expect(flush).not.toHaveBeenCalled();
  });
});
