import { describe, expect, it } from 'vitest';
import { linkFromTraceparent, traceparentOfHeader } from './server-timing.js';

const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('Server-Timing traceparent', () => {
  it.each([
    [`traceparent;desc="${traceparent}"`, traceparent],
    [`cache;dur=2.5, traceparent;desc=${traceparent}`, traceparent],
    [`db;dur=53;desc="query", TraceParent ; dur=0 ; desc="${traceparent}"`, traceparent],
    ['cache;dur=2.5', undefined],
    ['traceparent', undefined],
    ['', undefined],
  ])('reads %j', (header, expected) => {
    expect(traceparentOfHeader(header)).toBe(expected);
  });

  it('turns a valid traceparent into a server-timing link', () => {
    expect(linkFromTraceparent(traceparent)).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      sampled: true,
      linkSource: 'server-timing',
    });
    expect(linkFromTraceparent(traceparent.replace(/01$/, '00'))?.sampled).toBe(false);
  });

  it.each([
    'garbage',
    '01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
    '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
    '00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01',
    undefined,
    null,
  ])('ignores %j', (value) => {
    expect(linkFromTraceparent(value)).toBeUndefined();
  });
});
