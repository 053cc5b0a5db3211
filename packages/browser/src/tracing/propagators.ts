/**
 * Trace-context headers for the four propagation formats the SDK speaks, and detection of a context a request
 * already carries. W3C Trace Context: https://www.w3.org/TR/trace-context/ ; B3: https://github.com/openzipkin/b3-propagation ;
 * Datadog: dd-trace's `x-datadog-*` headers (64-bit decimal ids, high 64 bits in `x-datadog-tags: _dd.p.tid=`).
 */
import { decimalToHex, hexToDecimal } from './ids.js';

export type PropagatorType = 'tracecontext' | 'datadog' | 'b3' | 'b3multi';
export interface TraceContext {
  traceId_: string;
  spanId_: string;
  sampled_: boolean;
}

const ZEROS = '0000000000000000';
/** `n` lowercase hex digits. */
const isHex = (s: string | undefined, n: number): s is string => s?.length === n && /^[\da-f]+$/.test(s);
/** A valid id: `n` lowercase hex digits, not all zero. */
const isId = (s: string | undefined, n: number): s is string => isHex(s, n) && /[^0]/.test(s);
/** B3 trace ids may be 64-bit: left-pad 16 hex to 32. */
const pad = (s = '') => (s.length === 16 ? ZEROS + s : s);

/** The headers to add for each propagator (see the package docs for the exact formats); duplicates are ignored. The
 *  propagator types are the validated configuration's (config/tracing-config.ts), and the context is one the SDK made
 *  (ids.ts): valid ids, and a trace id whose low 64 bits, which a Datadog id carries, are never zero. A context the
 *  request already carried is never re-sent. */
export function traceHeaders(
  context: TraceContext,
  propagators: readonly PropagatorType[],
  tracestate?: string,
): Record<string, string> {
  const { traceId_: t, spanId_: s } = context;
  const f = context.sampled_ ? '1' : '0';
  const headers: Record<string, string> = {};
  const high = t.slice(0, 16);
  const low = t.slice(16);
  for (const p of propagators) {
    Object.assign(
      headers,
      p === 'tracecontext'
        ? { traceparent: `00-${t}-${s}-0${f}`, ...(tracestate && { tracestate }) }
        : p === 'datadog'
          ? {
              'x-datadog-trace-id': hexToDecimal(low),
              'x-datadog-parent-id': hexToDecimal(s),
              'x-datadog-sampling-priority': f,
              'x-datadog-origin': 'rum',
              ...(high !== ZEROS && { 'x-datadog-tags': `_dd.p.tid=${high}` }),
            }
          : p === 'b3'
            ? { b3: `${t}-${s}-${f}` }
            : { 'X-B3-TraceId': t, 'X-B3-SpanId': s, 'X-B3-Sampled': f },
    );
  }
  return headers;
}

/** All header names a propagator list may set, lowercase, for a CORS preflight allow-list and for duplicate detection. */
export function traceHeaderNames(propagators: readonly PropagatorType[]): string[] {
  // Derived from traceHeaders with a context that sets every optional header, so the two can never disagree.
  const all = traceHeaders({ traceId_: '1'.repeat(32), spanId_: '1'.repeat(16), sampled_: true }, propagators, '-');
  return Object.keys(all).map((name) => name.toLowerCase());
}

/** The trace context a request ALREADY carries, from traceparent, then x-datadog-*, then b3, then X-B3-* (first valid
 *  one wins; invalid values are treated as absent). `headers.get` reads a header case-insensitively, null when absent.
 *  A missing sampling decision (B3 "deferred", no x-datadog-sampling-priority) reads as sampled: false, like OTel. */
export function existingTraceContext(
  headers: Pick<Headers, 'get'>,
): (TraceContext & { propagator_: PropagatorType }) | undefined {
  const header = (name: string) => (headers.get(name) ?? '').trim();

  // traceparent: version-traceid-parentid-flags; version ff is invalid, version 00 has exactly four fields,
  // later versions may append more after a dash.
  const traceparent = header('traceparent').split('-');
  const version = traceparent[0];
  // x-datadog-*: 64-bit decimal ids; the high 64 bits of a 128-bit trace id in x-datadog-tags.
  const low = decimalToHex(header('x-datadog-trace-id'));
  let high = ZEROS;
  for (const tag of header('x-datadog-tags').split(',')) {
    const [key, value] = tag.trim().split('=');
    if (key === '_dd.p.tid' && isHex(value, 16)) high = value;
  }
  // b3: {TraceId}-{SpanId}[-{SamplingState}[-{ParentSpanId}]]; "b3: 0" (ids absent) carries no context.
  const b3 = header('b3').split('-');
  const multiSampled = header('X-B3-Sampled');

  // [trace id, span id, sampled (truthy), propagator, well formed apart from the ids]
  const candidates: [string | undefined, string | undefined, unknown, PropagatorType, boolean][] = [
    [
      traceparent[1],
      traceparent[2],
      parseInt(traceparent[3]!, 16) & 1,
      'tracecontext',
      isHex(version, 2) &&
        version !== 'ff' &&
        isHex(traceparent[3], 2) &&
        (traceparent.length === 4 || version !== '00'),
    ],
    [
      low && high + low,
      decimalToHex(header('x-datadog-parent-id')),
      +header('x-datadog-sampling-priority') > 0,
      'datadog',
      true,
    ],
    [
      pad(b3[0]),
      b3[1],
      b3[2] === '1' || b3[2] === 'd',
      'b3',
      b3.length < 5 && (b3.length < 3 || /^[01d]$/.test(b3[2]!)) && (b3.length < 4 || isId(b3[3], 16)),
    ],
    [
      pad(header('X-B3-TraceId')),
      header('X-B3-SpanId'),
      header('X-B3-Flags') === '1' || multiSampled === '1' || multiSampled === 'true',
      'b3multi',
      /^([01]|true|false)?$/.test(multiSampled),
    ],
  ];
  for (const [traceId, spanId, sampled, propagator, wellFormed] of candidates) {
    if (wellFormed && isId(traceId, 32) && isId(spanId, 16)) {
      return { traceId_: traceId, spanId_: spanId, sampled_: !!sampled, propagator_: propagator };
    }
  }
  return undefined;
}
