/**
 * Header values in the exact form dd-trace writes and reads (see dd-trace-js's text_map propagation tests).
 */
import {
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  type SpanContext,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DatadogPropagator } from './datadog-propagator.js';

const propagator = new DatadogPropagator();
const inject = (spanContext: SpanContext, context = ROOT_CONTEXT) => {
  const carrier: Record<string, string> = {};
  propagator.inject(trace.setSpanContext(context, spanContext), carrier, defaultTextMapSetter);
  return carrier;
};
const extractContext = (headers: Record<string, string>) =>
  propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
const extract = (headers: Record<string, string>) => trace.getSpanContext(extractContext(headers));
const span = (traceId: string, spanId: string, traceFlags = TraceFlags.SAMPLED): SpanContext => ({
  traceId,
  spanId,
  traceFlags,
});

describe('DatadogPropagator inject', () => {
  it.each<[string, SpanContext, Record<string, string>]>([
    [
      '128-bit trace id: low half in decimal, high half in _dd.p.tid',
      span('640cfd8d00000000abcdef1234567890', '00f067aa0ba902b7'),
      {
        'x-datadog-trace-id': '12379813812177893520',
        'x-datadog-parent-id': '67667974448284343',
        'x-datadog-sampling-priority': '1',
        'x-datadog-tags': '_dd.p.tid=640cfd8d00000000',
      },
    ],
    [
      '64-bit trace id (high half zero): no tags',
      span('000000000000000000000000000004d2', '000000000000162e', TraceFlags.NONE),
      { 'x-datadog-trace-id': '1234', 'x-datadog-parent-id': '5678', 'x-datadog-sampling-priority': '0' },
    ],
    ['a trace whose low half is zero cannot be sent', span('640cfd8d000000000000000000000000', '000000000000162e'), {}],
    ['an invalid span context', span('0'.repeat(32), '0'.repeat(16)), {}],
  ])('%s', (_, spanContext, headers) => expect(inject(spanContext)).toEqual(headers));

  it('injects nothing when tracing is suppressed (the exporter’s own requests)', () => {
    expect(inject(span('640cfd8d00000000abcdef1234567890', '00f067aa0ba902b7'), suppressTracing(ROOT_CONTEXT))).toEqual(
      {},
    );
  });

  it('lists its headers in fields()', () => {
    expect(propagator.fields()).toEqual([
      'x-datadog-trace-id',
      'x-datadog-parent-id',
      'x-datadog-sampling-priority',
      'x-datadog-origin',
      'x-datadog-tags',
    ]);
  });
});

describe('DatadogPropagator extract', () => {
  it.each<[string, Record<string, string>, SpanContext | undefined]>([
    [
      'dd-trace 128-bit',
      {
        'x-datadog-trace-id': '12379813812177893520',
        'x-datadog-parent-id': '67667974448284343',
        'x-datadog-sampling-priority': '1',
        'x-datadog-tags': '_dd.p.dm=-4,_dd.p.tid=640cfd8d00000000',
      },
      { ...span('640cfd8d00000000abcdef1234567890', '00f067aa0ba902b7'), isRemote: true },
    ],
    [
      '64-bit, no _dd.p.tid: high half zeros',
      { 'x-datadog-trace-id': '123', 'x-datadog-parent-id': '456', 'x-datadog-sampling-priority': '2' },
      { ...span('0000000000000000000000000000007b', '00000000000001c8'), isRemote: true },
    ],
    [
      'sampling priority 0 and -1 drop, a missing one reads as not sampled',
      { 'x-datadog-trace-id': '123', 'x-datadog-parent-id': '456', 'x-datadog-sampling-priority': '-1' },
      { ...span('0000000000000000000000000000007b', '00000000000001c8', TraceFlags.NONE), isRemote: true },
    ],
    [
      'signed ids, as dd-trace reads them',
      { 'x-datadog-trace-id': '-123', 'x-datadog-parent-id': '-456', 'x-datadog-sampling-priority': '1' },
      { ...span('0000000000000000ffffffffffffff85', 'fffffffffffffe38'), isRemote: true },
    ],
    [
      'a malformed _dd.p.tid is ignored: 64-bit id',
      { 'x-datadog-trace-id': '123', 'x-datadog-parent-id': '456', 'x-datadog-tags': '_dd.p.tid=XYZ' },
      { ...span('0000000000000000000000000000007b', '00000000000001c8', TraceFlags.NONE), isRemote: true },
    ],
    [
      'a malformed tag drops all tags, _dd.p.tid included (dd-trace)',
      { 'x-datadog-trace-id': '123', 'x-datadog-parent-id': '456', 'x-datadog-tags': '_dd.p.tid=640cfd8d00000000,=' },
      { ...span('0000000000000000000000000000007b', '00000000000001c8', TraceFlags.NONE), isRemote: true },
    ],
    [
      'tags over 512 characters are ignored',
      {
        'x-datadog-trace-id': '123',
        'x-datadog-parent-id': '456',
        'x-datadog-tags': `_dd.p.tid=640cfd8d00000000,_dd.p.foo=${'a'.repeat(512)}`,
      },
      { ...span('0000000000000000000000000000007b', '00000000000001c8', TraceFlags.NONE), isRemote: true },
    ],
    ['no trace id', { 'x-datadog-parent-id': '456' }, undefined],
    ['a zero trace id', { 'x-datadog-trace-id': '0', 'x-datadog-parent-id': '456' }, undefined],
    ['a zero parent id', { 'x-datadog-trace-id': '123', 'x-datadog-parent-id': '0' }, undefined],
    ['no parent id', { 'x-datadog-trace-id': '123' }, undefined],
    ['hex instead of decimal', { 'x-datadog-trace-id': 'abcdef', 'x-datadog-parent-id': '456' }, undefined],
    ['over 64 bits', { 'x-datadog-trace-id': '18446744073709551616', 'x-datadog-parent-id': '456' }, undefined],
    ['garbage', { 'x-datadog-trace-id': '12ab;DROP', 'x-datadog-parent-id': '<script>' }, undefined],
  ])('%s', (_, headers, expected) => expect(extract(headers)).toEqual(expected));

  it('passes origin, a user sampling decision and _dd.p.* tags on to the next service, as dd-trace does', () => {
    const extracted = extractContext({
      'x-datadog-trace-id': '12379813812177893520',
      'x-datadog-parent-id': '67667974448284343',
      'x-datadog-sampling-priority': '2',
      'x-datadog-origin': 'rum',
      'x-datadog-tags': '_dd.p.dm=-4,_dd.p.tid=640cfd8d00000000',
    });
    // A child span of the extracted one: same trace, new span id.
    const child = span('640cfd8d00000000abcdef1234567890', '1111111111111111');
    expect(inject(child, extracted)).toEqual({
      'x-datadog-trace-id': '12379813812177893520',
      'x-datadog-parent-id': '1229782938247303441',
      'x-datadog-sampling-priority': '2',
      'x-datadog-origin': 'rum',
      'x-datadog-tags': '_dd.p.tid=640cfd8d00000000,_dd.p.dm=-4',
    });
    // A different trace in the same context (e.g. a new root span) does not inherit them.
    expect(inject(span('00000000000000000000000000000001', '1111111111111111'), extracted)).toEqual({
      'x-datadog-trace-id': '1',
      'x-datadog-parent-id': '1229782938247303441',
      'x-datadog-sampling-priority': '1',
    });
  });

  it('round-trips any span context Datadog can represent', () => {
    const hex = (length: number) =>
      fc.stringMatching(new RegExp(`^[0-9a-f]{${length}}$`)).filter((h) => /[^0]/.test(h));
    fc.assert(
      fc.property(
        hex(16),
        fc.oneof(hex(16), fc.constant('0'.repeat(16))),
        hex(16),
        fc.boolean(),
        (low, high, spanId, sampled) => {
          const original = span(high + low, spanId, sampled ? TraceFlags.SAMPLED : TraceFlags.NONE);
          expect(extract(inject(original))).toEqual({ ...original, isRemote: true });
        },
      ),
    );
  });
});
