/**
 * The fields every log line gets from the active context: `trace_id`, `span_id`, `trace_flags` (the names
 * OpenTelemetry's winston/pino instrumentations use) when there is a span context, and the selected baggage entries
 * (`session.id`) whenever there is baggage, with or without a span. Fields the line already has win.
 */
import { type Context, isSpanContextValid, propagation, type SpanContext, trace } from '@opentelemetry/api';
import { BaggageKeyFilter, type BaggageKeySelection } from '../baggage/baggage-keys.js';
import { formatTraceFlags } from '../ids.js';

/** Every trace-flags byte as its two hex digits: a log line reads one instead of formatting a number. */
const TRACE_FLAGS = Array.from({ length: 256 }, (_, flags) => formatTraceFlags(flags));

/** `isSpanContextValid` tests both ids with regular expressions (about 100 ns, more than the rest of the lookup); a
 *  span context is an immutable object that lives as long as its span, so each one is checked once. */
const checkedSpanContexts = new WeakMap<SpanContext, boolean>();
function isValidSpanContext(spanContext: SpanContext): boolean {
  let valid = checkedSpanContexts.get(spanContext);
  if (valid === undefined) {
    valid = isSpanContextValid(spanContext);
    checkedSpanContexts.set(spanContext, valid);
  }
  return valid;
}

export interface LogCorrelationOptions {
  /** Baggage entries to add to each line (default `['session.id']`). */
  baggageKeys?: BaggageKeySelection;
}

export type LogFields = Record<string, unknown>;

export class LogCorrelation {
  private readonly filter: BaggageKeyFilter;

  /** @throws RumlinkConfigError for invalid `baggageKeys`. */
  constructor(options: LogCorrelationOptions = {}) {
    this.filter = new BaggageKeyFilter(options.baggageKeys);
  }

  /** Adds the correlation fields of `context` to `fields` (in place). Named stores, not a loop over names: this runs
   *  on every log line, and V8 makes a store with a constant name far cheaper than one with a variable key. */
  addFields(context: Context, fields: LogFields): void {
    const spanContext = trace.getSpanContext(context);
    if (spanContext !== undefined && isValidSpanContext(spanContext)) {
      if (fields.trace_id === undefined) fields.trace_id = spanContext.traceId;
      if (fields.span_id === undefined) fields.span_id = spanContext.spanId;
      if (fields.trace_flags === undefined) fields.trace_flags = TRACE_FLAGS[spanContext.traceFlags & 0xff];
    }
    const baggage = propagation.getBaggage(context);
    if (baggage !== undefined) this.filter.forEachSelected(baggage, fields, setIfAbsent);
  }
}

function setIfAbsent(fields: LogFields, key: string, value: string): void {
  if (fields[key] === undefined) fields[key] = value;
}
