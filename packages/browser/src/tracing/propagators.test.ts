import {
  type Context,
  propagation,
  ROOT_CONTEXT,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { B3InjectEncoding, B3Propagator } from '@opentelemetry/propagator-b3';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  existingTraceContext,
  type PropagatorType,
  traceHeaderNames,
  traceHeaders as traceHeadersOf,
} from './propagators.js';

type Carrier = Record<string, string>;
/** Case-insensitive lookup in a plain object, like Headers.get. */
const lookup = (carrier: Carrier, name: string): string | null => {
  for (const key of Object.keys(carrier)) if (key.toLowerCase() === name.toLowerCase()) return carrier[key]!;
  return null;
};
const getter: TextMapGetter<Carrier> = { get: (c, k) => lookup(c, k) ?? undefined, keys: (c) => Object.keys(c) };
const setter: TextMapSetter<Carrier> = {
  set: (c, k, v) => {
    c[k] = v;
  },
};
/** The tables below write contexts with plain names; the SDK's own end in `_` (its bundles mangle them). */
interface Context_ {
  traceId: string;
  spanId: string;
  sampled: boolean;
}
const traceHeaders = (ctx: Context_, propagators: readonly PropagatorType[], tracestate?: string) =>
  traceHeadersOf({ traceId_: ctx.traceId, spanId_: ctx.spanId, sampled_: ctx.sampled }, propagators, tracestate);
const read = (headers: Pick<Headers, 'get'>) => {
  const found = existingTraceContext(headers);
  return (
    found && { traceId: found.traceId_, spanId: found.spanId_, sampled: found.sampled_, propagator: found.propagator_ }
  );
};
const from = (carrier: Carrier) => read({ get: (name) => lookup(carrier, name) });

const hex = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: n, maxLength: n });
const id = (n: number) => hex(n).filter((s) => /[^0]/.test(s));
const contexts = fc.record({
  traceId: id(32).filter((t) => /[^0]/.test(t.slice(16))),
  spanId: id(16),
  sampled: fc.boolean(),
});

// W3C Trace Context spec examples; B3 README examples; dd-trace's 128-bit example.
const W3C_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const W3C_SPAN = '00f067aa0ba902b7';
const B3_TRACE = '80f198ee56343ba864fe8b2a57d3eff7';
const B3_SPAN = 'e457b5a2e4d86bd1';
const B3_PARENT = '05e3ac9a4f6e3b90';
const DD_TRACE = '640cfd8d00000000abcdef1234567890';

describe('traceHeaders', () => {
  const ctx = { traceId: W3C_TRACE, spanId: W3C_SPAN, sampled: true };

  it.each<[PropagatorType, boolean, Record<string, string>]>([
    ['tracecontext', true, { traceparent: `00-${W3C_TRACE}-${W3C_SPAN}-01` }],
    ['tracecontext', false, { traceparent: `00-${W3C_TRACE}-${W3C_SPAN}-00` }],
    ['b3', true, { b3: `${W3C_TRACE}-${W3C_SPAN}-1` }],
    ['b3', false, { b3: `${W3C_TRACE}-${W3C_SPAN}-0` }],
    ['b3multi', true, { 'X-B3-TraceId': W3C_TRACE, 'X-B3-SpanId': W3C_SPAN, 'X-B3-Sampled': '1' }],
    ['b3multi', false, { 'X-B3-TraceId': W3C_TRACE, 'X-B3-SpanId': W3C_SPAN, 'X-B3-Sampled': '0' }],
  ])('%s (sampled: %s)', (propagator, sampled, expected) => {
    expect(traceHeaders({ ...ctx, sampled }, [propagator])).toStrictEqual(expected);
  });

  it('datadog: decimal low 64 bits, decimal parent id, high 64 bits in x-datadog-tags (dd-trace 128-bit example)', () => {
    expect(traceHeaders({ traceId: DD_TRACE, spanId: W3C_SPAN, sampled: true }, ['datadog'])).toStrictEqual({
      'x-datadog-trace-id': '12379813812177893520',
      'x-datadog-parent-id': '67667974448284343',
      'x-datadog-sampling-priority': '1',
      'x-datadog-origin': 'rum',
      'x-datadog-tags': '_dd.p.tid=640cfd8d00000000',
    });
  });

  it('datadog: no x-datadog-tags when the high 64 bits are zero; priority 0 when not sampled', () => {
    const traceId = `0000000000000000${'abcdef1234567890'}`;
    expect(traceHeaders({ traceId, spanId: '0000000000000001', sampled: false }, ['datadog'])).toStrictEqual({
      'x-datadog-trace-id': '12379813812177893520',
      'x-datadog-parent-id': '1',
      'x-datadog-sampling-priority': '0',
      'x-datadog-origin': 'rum',
    });
  });

  it('adds tracestate only when given, and only with tracecontext', () => {
    const tracestate = 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE';
    expect(traceHeaders(ctx, ['tracecontext'], tracestate)).toStrictEqual({
      traceparent: `00-${W3C_TRACE}-${W3C_SPAN}-01`,
      tracestate,
    });
    expect(traceHeaders(ctx, ['tracecontext'], '')).not.toHaveProperty('tracestate');
    expect(traceHeaders(ctx, ['tracecontext'])).not.toHaveProperty('tracestate');
    expect(traceHeaders(ctx, ['b3', 'datadog'], tracestate)).not.toHaveProperty('tracestate');
  });

  it('combines propagators and ignores duplicates', () => {
    const all = traceHeaders(ctx, ['tracecontext', 'datadog', 'b3', 'b3multi']);
    expect(Object.keys(all)).toStrictEqual([
      'traceparent',
      'x-datadog-trace-id',
      'x-datadog-parent-id',
      'x-datadog-sampling-priority',
      'x-datadog-origin',
      'x-datadog-tags',
      'b3',
      'X-B3-TraceId',
      'X-B3-SpanId',
      'X-B3-Sampled',
    ]);
    expect(traceHeaders(ctx, ['b3', 'tracecontext', 'b3', 'tracecontext', 'datadog', 'b3multi'])).toStrictEqual(all);
    expect(traceHeaders(ctx, [])).toStrictEqual({});
  });
});

describe('traceHeaderNames', () => {
  it.each<[PropagatorType[], string[]]>([
    [['tracecontext'], ['traceparent', 'tracestate']],
    [
      ['datadog'],
      [
        'x-datadog-trace-id',
        'x-datadog-parent-id',
        'x-datadog-sampling-priority',
        'x-datadog-origin',
        'x-datadog-tags',
      ],
    ],
    [['b3'], ['b3']],
    [['b3multi'], ['x-b3-traceid', 'x-b3-spanid', 'x-b3-sampled']],
    [
      ['b3', 'b3', 'tracecontext'],
      ['b3', 'traceparent', 'tracestate'],
    ],
    [[], []],
  ])('%j → %j', (propagators, names) => {
    expect(traceHeaderNames(propagators)).toStrictEqual(names);
  });

  it('property: lists every header traceHeaders sets, lowercase, without duplicates', () => {
    const propagatorList = fc.array(fc.constantFrom<PropagatorType>('tracecontext', 'datadog', 'b3', 'b3multi'));
    fc.assert(
      fc.property(contexts, propagatorList, fc.boolean(), (context, propagators, withState) => {
        const names = traceHeaderNames(propagators);
        expect(new Set(names).size).toBe(names.length);
        for (const name of names) expect(name).toBe(name.toLowerCase());
        for (const name of Object.keys(traceHeaders(context, propagators, withState ? 'k=v' : undefined))) {
          expect(names).toContain(name.toLowerCase());
        }
      }),
    );
  });
});

describe('existingTraceContext', () => {
  it.each<[string, Carrier, ReturnType<typeof from>]>([
    // W3C Trace Context
    [
      'traceparent (spec example, sampled)',
      { traceparent: `00-${W3C_TRACE}-${W3C_SPAN}-01` },
      { traceId: W3C_TRACE, spanId: W3C_SPAN, sampled: true, propagator: 'tracecontext' },
    ],
    [
      'traceparent (not sampled)',
      { traceparent: `00-${W3C_TRACE}-${W3C_SPAN}-00` },
      { traceId: W3C_TRACE, spanId: W3C_SPAN, sampled: false, propagator: 'tracecontext' },
    ],
    [
      'traceparent with other flag bits (09 = sampled + random)',
      { traceparent: `00-${W3C_TRACE}-${W3C_SPAN}-09` },
      { traceId: W3C_TRACE, spanId: W3C_SPAN, sampled: true, propagator: 'tracecontext' },
    ],
    [
      'traceparent of a future version with extra fields',
      { traceparent: `cc-${W3C_TRACE}-${W3C_SPAN}-01-what-the-future-will-be-like` },
      { traceId: W3C_TRACE, spanId: W3C_SPAN, sampled: true, propagator: 'tracecontext' },
    ],
    [
      'traceparent with surrounding whitespace',
      { traceparent: ` 00-${W3C_TRACE}-${W3C_SPAN}-01 ` },
      { traceId: W3C_TRACE, spanId: W3C_SPAN, sampled: true, propagator: 'tracecontext' },
    ],
    // Datadog
    [
      'datadog 128-bit (dd-trace example)',
      {
        'x-datadog-trace-id': '12379813812177893520',
        'x-datadog-parent-id': '67667974448284343',
        'x-datadog-sampling-priority': '1',
        'x-datadog-tags': '_dd.p.dm=-4,_dd.p.tid=640cfd8d00000000',
      },
      { traceId: DD_TRACE, spanId: W3C_SPAN, sampled: true, propagator: 'datadog' },
    ],
    [
      'datadog 64-bit, user-keep priority 2',
      { 'x-datadog-trace-id': '123', 'x-datadog-parent-id': '456', 'x-datadog-sampling-priority': '2' },
      {
        traceId: `${'0'.repeat(16)}000000000000007b`,
        spanId: '00000000000001c8',
        sampled: true,
        propagator: 'datadog',
      },
    ],
    [
      'datadog, user-reject priority -1, invalid tid ignored',
      {
        'x-datadog-trace-id': '123',
        'x-datadog-parent-id': '456',
        'x-datadog-sampling-priority': '-1',
        'x-datadog-tags': '_dd.p.tid=XYZ',
      },
      {
        traceId: `${'0'.repeat(16)}000000000000007b`,
        spanId: '00000000000001c8',
        sampled: false,
        propagator: 'datadog',
      },
    ],
    [
      'datadog without a sampling priority (no decision: not sampled)',
      { 'x-datadog-trace-id': '18446744073709551615', 'x-datadog-parent-id': '1' },
      {
        traceId: `${'0'.repeat(16)}${'f'.repeat(16)}`,
        spanId: '0000000000000001',
        sampled: false,
        propagator: 'datadog',
      },
    ],
    // B3 single (README examples)
    [
      'b3 with parent span id',
      { b3: `${B3_TRACE}-${B3_SPAN}-1-${B3_PARENT}` },
      { traceId: B3_TRACE, spanId: B3_SPAN, sampled: true, propagator: 'b3' },
    ],
    [
      'b3 debug',
      { b3: `${B3_TRACE}-${B3_SPAN}-d` },
      { traceId: B3_TRACE, spanId: B3_SPAN, sampled: true, propagator: 'b3' },
    ],
    [
      'b3 not sampled',
      { b3: `${B3_TRACE}-${B3_SPAN}-0` },
      { traceId: B3_TRACE, spanId: B3_SPAN, sampled: false, propagator: 'b3' },
    ],
    [
      'b3 deferred (no sampling state)',
      { b3: `${B3_TRACE}-${B3_SPAN}` },
      { traceId: B3_TRACE, spanId: B3_SPAN, sampled: false, propagator: 'b3' },
    ],
    [
      'b3 with a 64-bit trace id (left-padded)',
      { b3: `a3ce929d0e0e4736-${B3_SPAN}-1` },
      { traceId: `${'0'.repeat(16)}a3ce929d0e0e4736`, spanId: B3_SPAN, sampled: true, propagator: 'b3' },
    ],
    // B3 multi (README examples)
    [
      'X-B3-* sampled',
      { 'X-B3-TraceId': B3_TRACE, 'X-B3-ParentSpanId': B3_PARENT, 'X-B3-SpanId': B3_SPAN, 'X-B3-Sampled': '1' },
      { traceId: B3_TRACE, spanId: B3_SPAN, sampled: true, propagator: 'b3multi' },
    ],
    [
      'X-B3-* 64-bit trace id, legacy "true"',
      { 'X-B3-TraceId': 'a3ce929d0e0e4736', 'X-B3-SpanId': B3_SPAN, 'X-B3-Sampled': 'true' },
      { traceId: `${'0'.repeat(16)}a3ce929d0e0e4736`, spanId: B3_SPAN, sampled: true, propagator: 'b3multi' },
    ],
    [
      'X-B3-* not sampled',
      { 'x-b3-traceid': B3_TRACE, 'x-b3-spanid': B3_SPAN, 'x-b3-sampled': '0' },
      { traceId: B3_TRACE, spanId: B3_SPAN, sampled: false, propagator: 'b3multi' },
    ],
    [
      'X-B3-Flags: 1 (debug) means sampled',
      { 'X-B3-TraceId': B3_TRACE, 'X-B3-SpanId': B3_SPAN, 'X-B3-Flags': '1' },
      { traceId: B3_TRACE, spanId: B3_SPAN, sampled: true, propagator: 'b3multi' },
    ],
    [
      'X-B3-* deferred',
      { 'X-B3-TraceId': B3_TRACE, 'X-B3-SpanId': B3_SPAN },
      { traceId: B3_TRACE, spanId: B3_SPAN, sampled: false, propagator: 'b3multi' },
    ],
  ])('reads %s', (_name, carrier, expected) => {
    expect(from(carrier)).toStrictEqual(expected);
  });

  it.each<[string, Carrier]>([
    ['nothing', {}],
    ['an unrelated header', { 'content-type': 'application/json' }],
    ['traceparent: version ff', { traceparent: `ff-${W3C_TRACE}-${W3C_SPAN}-01` }],
    ['traceparent: version 00 with extra fields', { traceparent: `00-${W3C_TRACE}-${W3C_SPAN}-01-extra` }],
    ['traceparent: uppercase hex', { traceparent: `00-${W3C_TRACE.toUpperCase()}-${W3C_SPAN}-01` }],
    ['traceparent: zero trace id', { traceparent: `00-${'0'.repeat(32)}-${W3C_SPAN}-01` }],
    ['traceparent: zero parent id', { traceparent: `00-${W3C_TRACE}-${'0'.repeat(16)}-01` }],
    ['traceparent: short trace id', { traceparent: `00-${W3C_TRACE.slice(2)}-${W3C_SPAN}-01` }],
    ['traceparent: bad flags', { traceparent: `00-${W3C_TRACE}-${W3C_SPAN}-0x` }],
    ['traceparent: missing flags', { traceparent: `00-${W3C_TRACE}-${W3C_SPAN}` }],
    [
      'traceparent: two values combined by Headers',
      { traceparent: `00-${W3C_TRACE}-${W3C_SPAN}-01, 00-${W3C_TRACE}-${W3C_SPAN}-01` },
    ],
    ['x-datadog-trace-id without parent id', { 'x-datadog-trace-id': '123' }],
    ['x-datadog-trace-id 0', { 'x-datadog-trace-id': '0', 'x-datadog-parent-id': '1' }],
    ['x-datadog-parent-id 0', { 'x-datadog-trace-id': '1', 'x-datadog-parent-id': '0' }],
    ['x-datadog-trace-id ≥ 2^64', { 'x-datadog-trace-id': '18446744073709551616', 'x-datadog-parent-id': '1' }],
    ['x-datadog-trace-id not decimal', { 'x-datadog-trace-id': 'abc', 'x-datadog-parent-id': '1' }],
    ['b3: 0 (deny, no ids)', { b3: '0' }],
    ['b3: d (debug, no ids)', { b3: 'd' }],
    ['b3: bad sampling state', { b3: `${B3_TRACE}-${B3_SPAN}-2` }],
    ['b3: bad parent span id', { b3: `${B3_TRACE}-${B3_SPAN}-1-xyz` }],
    ['b3: 24-hex trace id', { b3: `${B3_TRACE.slice(8)}-${B3_SPAN}-1` }],
    ['b3: uppercase', { b3: `${B3_TRACE.toUpperCase()}-${B3_SPAN}-1` }],
    ['b3: zero span id', { b3: `${B3_TRACE}-${'0'.repeat(16)}-1` }],
    ['X-B3-TraceId without span id', { 'X-B3-TraceId': B3_TRACE }],
    ['X-B3-Sampled garbage', { 'X-B3-TraceId': B3_TRACE, 'X-B3-SpanId': B3_SPAN, 'X-B3-Sampled': 'yes' }],
  ])('carries nothing with %s', (_name, carrier) => {
    expect(from(carrier)).toBeUndefined();
  });

  it('checks traceparent, then datadog, then b3, then X-B3-*, skipping invalid ones', () => {
    const tp = { traceparent: `00-${W3C_TRACE}-${W3C_SPAN}-01` };
    const dd = { 'x-datadog-trace-id': '123', 'x-datadog-parent-id': '456', 'x-datadog-sampling-priority': '1' };
    const b3 = { b3: `${B3_TRACE}-${B3_SPAN}-1` };
    const multi = { 'X-B3-TraceId': 'a3ce929d0e0e4736', 'X-B3-SpanId': B3_PARENT, 'X-B3-Sampled': '1' };
    expect(from({ ...multi, ...b3, ...dd, ...tp })?.propagator).toBe('tracecontext');
    expect(from({ ...multi, ...b3, ...dd })?.propagator).toBe('datadog');
    expect(from({ ...multi, ...b3 })?.propagator).toBe('b3');
    expect(from({ ...multi, b3: '1', traceparent: 'garbage', 'x-datadog-trace-id': '1' })?.propagator).toBe('b3multi');
  });

  it('works with a real Headers object (case-insensitive get)', () => {
    const headers = new Headers({ 'X-B3-TraceId': B3_TRACE, 'X-B3-SpanId': B3_SPAN, 'X-B3-Sampled': '1' });
    expect(read(headers)).toStrictEqual({
      traceId: B3_TRACE,
      spanId: B3_SPAN,
      sampled: true,
      propagator: 'b3multi',
    });
  });

  it('property: reads back what traceHeaders wrote, for every propagator', () => {
    fc.assert(
      fc.property(contexts, fc.constantFrom<PropagatorType>('tracecontext', 'datadog', 'b3', 'b3multi'), (ctx, p) => {
        expect(from(traceHeaders(ctx, [p]))).toStrictEqual({ ...ctx, propagator: p });
      }),
      { numRuns: 500 },
    );
  });

  it('property: never throws and returns only valid ids, whatever the header values', () => {
    const names = [
      'traceparent',
      'x-datadog-trace-id',
      'x-datadog-parent-id',
      'x-datadog-sampling-priority',
      'x-datadog-tags',
      'b3',
      'x-b3-traceid',
      'x-b3-spanid',
      'x-b3-sampled',
      'x-b3-flags',
    ];
    const value = fc.oneof(fc.string(), fc.stringMatching(/^[0-9a-f-]{0,60}$/), fc.stringMatching(/^\d{1,21}$/));
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...names), value), (carrier) => {
        const ctx = from(carrier);
        if (ctx) {
          expect(ctx.traceId).toMatch(/^[0-9a-f]{32}$/);
          expect(ctx.spanId).toMatch(/^[0-9a-f]{16}$/);
          expect(ctx.traceId).not.toMatch(/^0+$/);
          expect(ctx.spanId).not.toMatch(/^0+$/);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('interop with the OpenTelemetry propagators', () => {
  afterEach(() => propagation.disable());

  const otel: [PropagatorType, () => TextMapPropagator][] = [
    ['tracecontext', () => new W3CTraceContextPropagator()],
    ['b3', () => new B3Propagator({ injectEncoding: B3InjectEncoding.SINGLE_HEADER })],
    ['b3multi', () => new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER })],
  ];
  const use = (p: TextMapPropagator) => {
    propagation.disable();
    propagation.setGlobalPropagator(p);
  };
  const extract = (carrier: Carrier) => trace.getSpanContext(propagation.extract(ROOT_CONTEXT, carrier, getter));
  const inject = (ctx: { traceId: string; spanId: string; sampled: boolean }): Carrier => {
    const carrier: Carrier = {};
    const context: Context = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: ctx.traceId,
      spanId: ctx.spanId,
      traceFlags: ctx.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    });
    propagation.inject(context, carrier, setter);
    return carrier;
  };

  it.each(otel)('OTel %s extracts exactly the ids and sampled flag we inject', (type, make) => {
    use(make());
    fc.assert(
      fc.property(contexts, (ctx) => {
        const spanContext = extract(traceHeaders(ctx, [type]));
        expect(spanContext).toMatchObject({ traceId: ctx.traceId, spanId: ctx.spanId, isRemote: true });
        expect(((spanContext?.traceFlags ?? 0) & TraceFlags.SAMPLED) === TraceFlags.SAMPLED).toBe(ctx.sampled);
      }),
      { numRuns: 300 },
    );
  });

  it('OTel tracecontext extracts the tracestate we pass through', () => {
    use(new W3CTraceContextPropagator());
    const tracestate = 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE';
    const sc = extract(
      traceHeaders({ traceId: W3C_TRACE, spanId: W3C_SPAN, sampled: true }, ['tracecontext'], tracestate),
    );
    expect(sc?.traceState?.serialize()).toBe(tracestate);
  });

  it.each(otel)('existingTraceContext reads what OTel %s injects', (type, make) => {
    use(make());
    fc.assert(
      fc.property(contexts, (ctx) => {
        const carrier = inject(ctx);
        expect(Object.keys(carrier).length).toBeGreaterThan(0);
        expect(from(carrier)).toStrictEqual({ ...ctx, propagator: type });
      }),
      { numRuns: 300 },
    );
  });

  it('OTel and existingTraceContext agree on the spec examples they both accept', () => {
    const carriers: Carrier[] = [
      { traceparent: `00-${W3C_TRACE}-${W3C_SPAN}-01` },
      { traceparent: `cc-${W3C_TRACE}-${W3C_SPAN}-00-future` },
      { b3: `${B3_TRACE}-${B3_SPAN}-1-${B3_PARENT}` },
      { b3: `${B3_TRACE}-${B3_SPAN}-d` },
      { b3: `a3ce929d0e0e4736-${B3_SPAN}-0` },
      { 'x-b3-traceid': B3_TRACE, 'x-b3-spanid': B3_SPAN, 'x-b3-sampled': '1' },
      { 'x-b3-traceid': 'a3ce929d0e0e4736', 'x-b3-spanid': B3_SPAN, 'x-b3-flags': '1' },
    ];
    for (const carrier of carriers) {
      use(new W3CTraceContextPropagator());
      let sc = extract(carrier);
      if (!sc) {
        use(new B3Propagator());
        sc = extract(carrier);
      }
      const ours = from(carrier);
      expect(ours).toBeDefined();
      expect({ traceId: ours?.traceId, spanId: ours?.spanId, sampled: ours?.sampled }).toStrictEqual({
        traceId: sc?.traceId,
        spanId: sc?.spanId,
        sampled: ((sc?.traceFlags ?? 0) & TraceFlags.SAMPLED) === TraceFlags.SAMPLED,
      });
    }
  });
});
