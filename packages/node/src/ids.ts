/**
 * The one place this package converts trace and span ids (design brief, "Identity and linking"): OpenTelemetry ids
 * are 32/16 lowercase hex; Datadog sends 64-bit unsigned decimals with the upper 64 bits of a 128-bit trace id in
 * `_dd.p.tid`; a 64-bit trace id is left-padded with zeros. Pure, never throws.
 */
import type { SpanContext } from '@opentelemetry/api';

export const ZERO_HEX_64 = '0000000000000000';
const HEX_16 = /^[0-9a-f]{16}$/;
const DECIMAL = /^-?[0-9]{1,20}$/;
const TWO_TO_64 = 1n << 64n;

/** 16 lowercase hex digits (zero allowed: `_dd.p.tid` may legitimately be checked before it is used). */
export const isHex64 = (value: string | undefined): value is string => value !== undefined && HEX_16.test(value);

/**
 * A 64-bit decimal id (Datadog's wire form) as 16 lowercase hex; undefined for zero, garbage or out of range.
 * Tolerated as dd-trace tolerates them: surrounding whitespace, leading zeros, and signed ids from tracers that
 * write int64 (`-123` is the uint64 2^64-123).
 */
export function decimalToHex64(decimal: string | undefined): string | undefined {
  const text = decimal?.trim();
  if (text === undefined || !DECIMAL.test(text)) return undefined;
  const signed = BigInt(text);
  const id = signed < 0n ? TWO_TO_64 + signed : signed;
  return id <= 0n || id >= TWO_TO_64 || signed < -(TWO_TO_64 >> 1n) ? undefined : id.toString(16).padStart(16, '0');
}

/** 16 hex digits → unsigned decimal string. */
export const hex64ToDecimal = (hex: string): string => BigInt(`0x${hex}`).toString(10);

/** The high and low 64-bit halves of a 32-hex trace id. */
export const splitTraceId = (traceId: string): { high: string; low: string } => ({
  high: traceId.slice(0, 16),
  low: traceId.slice(16),
});

/** A 32-hex trace id from its halves; a missing high half is zeros (a 64-bit id, left-padded). */
export const joinTraceId = (high: string | undefined, low: string): string => (high ?? ZERO_HEX_64) + low;

/** `00-<trace id>-<span id>-<flags>`, the W3C `traceparent` form (also the `Server-Timing` description). */
export const formatTraceparent = (spanContext: SpanContext): string =>
  `00-${spanContext.traceId}-${spanContext.spanId}-${formatTraceFlags(spanContext.traceFlags)}`;

/** Trace flags as the two hex digits log correlation fields use (`trace_flags: "01"`), like instrumentation-winston. */
export const formatTraceFlags = (traceFlags: number): string => (traceFlags & 0xff).toString(16).padStart(2, '0');
