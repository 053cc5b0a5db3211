/**
 * The headers the rumlink browser SDK really sends (its own traceHeaders()) read by this package's propagators, and
 * this package's headers read by the browser SDK's parser: the two sides agree on every format.
 */
import {
  defaultTextMapGetter,
  defaultTextMapSetter,
  propagation,
  ROOT_CONTEXT,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  traceHeaders as browserTraceHeaders,
  existingTraceContext,
  type PropagatorType,
} from '../../browser/src/tracing/propagators.js';
import { DatadogPropagator, defaultPropagators } from '../src/index.js';

/** The browser SDK's internal names end in `_` (its bundles mangle them); these tests write plain ones. */
const traceHeaders = (ctx: { traceId: string; spanId: string; sampled: boolean }, propagators: PropagatorType[]) =>
  browserTraceHeaders({ traceId_: ctx.traceId, spanId_: ctx.spanId, sampled_: ctx.sampled }, propagators);
/** Header names as a Node HTTP server hands them over: lowercase. */
const asReceived = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
const hex = (length: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${length}}$`)).filter((h) => /[^0]/.test(h));
/** A browser-made trace: 128 random bits, never zero in the low half (browser ids.ts); sometimes a 64-bit one, as the
 *  Datadog browser SDK makes. */
const browserContext = fc.record({
  traceId: fc.tuple(fc.oneof(hex(16), fc.constant('0'.repeat(16))), hex(16)).map(([high, low]) => high + low),
  spanId: hex(16),
  sampled: fc.boolean(),
});

describe('browser SDK → @rumlink/node', () => {
  it('reads the exact Datadog headers the browser writes (dd-trace format, _dd.p.tid for the high half)', () => {
    const sent = traceHeaders(
      { traceId: '640cfd8d00000000abcdef1234567890', spanId: '00f067aa0ba902b7', sampled: true },
      ['datadog'],
    );
    expect(sent).toEqual({
      'x-datadog-trace-id': '12379813812177893520',
      'x-datadog-parent-id': '67667974448284343',
      'x-datadog-sampling-priority': '1',
      'x-datadog-origin': 'rum',
      'x-datadog-tags': '_dd.p.tid=640cfd8d00000000',
    });
    const context = new DatadogPropagator().extract(ROOT_CONTEXT, sent, defaultTextMapGetter);
    expect(trace.getSpanContext(context)).toEqual({
      traceId: '640cfd8d00000000abcdef1234567890',
      spanId: '00f067aa0ba902b7',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
  });

  it.each<PropagatorType>(['tracecontext', 'datadog', 'b3', 'b3multi'])(
    'reads any context the browser sends as %s with the default propagators',
    (format) => {
      fc.assert(
        fc.property(browserContext, (sent) => {
          const headers = asReceived({ ...traceHeaders(sent, [format]), baggage: 'session.id=s-1' });
          const context = defaultPropagators().extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
          expect(trace.getSpanContext(context)).toMatchObject({
            traceId: sent.traceId,
            spanId: sent.spanId,
            traceFlags: sent.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
          });
          expect(propagation.getBaggage(context)?.getEntry('session.id')?.value).toBe('s-1');
        }),
      );
    },
  );

  it('passes the browser’s x-datadog-origin (rum) on to the next service', () => {
    const sent = traceHeaders(
      { traceId: `${'0'.repeat(16)}abcdef1234567890`, spanId: '00f067aa0ba902b7', sampled: true },
      ['datadog'],
    );
    const extracted = defaultPropagators().extract(ROOT_CONTEXT, sent, defaultTextMapGetter);
    const downstream: Record<string, string> = {};
    defaultPropagators().inject(extracted, downstream, defaultTextMapSetter);
    expect(downstream['x-datadog-origin']).toBe('rum');
    expect(downstream['x-datadog-trace-id']).toBe('12379813812177893520');
    expect(downstream['x-datadog-tags']).toBeUndefined();
  });
});

describe('@rumlink/node → browser SDK parser', () => {
  it('writes headers the browser reads back as the same context, for every default format', () => {
    fc.assert(
      fc.property(browserContext, ({ traceId, spanId, sampled }) => {
        const context = trace.setSpanContext(ROOT_CONTEXT, {
          traceId,
          spanId,
          traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
        });
        const written: Record<string, string> = {};
        defaultPropagators().inject(context, written, defaultTextMapSetter);
        for (const only of [['traceparent'], ['b3'], Object.keys(written).filter((k) => k.startsWith('x-datadog'))]) {
          const subset = Object.fromEntries(only.map((name) => [name, written[name]!]));
          expect(existingTraceContext({ get: (name) => subset[name.toLowerCase()] ?? null })).toMatchObject({
            traceId_: traceId,
            spanId_: spanId,
            sampled_: sampled,
          });
        }
      }),
    );
  });
});
