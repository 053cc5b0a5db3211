import { describe, expect, it } from 'vitest';
import type { Span } from '../api/types';
import { traceBounds, waterfallRows } from './span-tree';

const span = (spanId: string, parentSpanId: string | null, start: number, durationMs = 10): Span => ({
  traceId: 't',
  spanId,
  parentSpanId,
  service: 'api',
  name: spanId,
  kind: 'Server',
  start,
  durationMs,
  status: 'Unset',
  statusMessage: '',
  attributes: {},
  resourceAttributes: {},
  events: [],
  sessionId: null,
});

const order = (spans: Span[]) => waterfallRows(spans).map(({ span, depth }) => `${span.spanId}@${depth}`);

describe('waterfallRows', () => {
  it('puts each span after its parent, siblings by start time', () => {
    expect(
      order([span('c2', 'root', 30), span('root', null, 0, 100), span('c1', 'root', 10), span('g', 'c1', 12)]),
    ).toEqual(['root@0', 'c1@1', 'g@2', 'c2@1']);
  });

  it("treats a span whose parent is not stored as a root (the browser's span is never exported)", () => {
    expect(order([span('server', 'browser-span', 5), span('db', 'server', 6)])).toEqual(['server@0', 'db@1']);
  });

  it('shows every span of a parent cycle once instead of hanging', () => {
    expect(order([span('a', 'b', 0), span('b', 'a', 1), span('self', 'self', 2)]).sort()).toEqual(
      ['a@0', 'b@1', 'self@0'].sort(),
    );
  });
});

describe('traceBounds', () => {
  it('spans from the earliest start to the latest end', () => {
    expect(traceBounds([span('a', null, 100, 50), span('b', 'a', 120, 60)])).toEqual({ start: 100, durationMs: 80 });
    expect(traceBounds([])).toEqual({ start: 0, durationMs: 0 });
  });
});
