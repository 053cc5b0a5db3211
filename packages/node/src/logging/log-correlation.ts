/**
 * The fields every log line gets from the active context: `trace_id`, `span_id`, `trace_flags` (the names
 * OpenTelemetry's winston/pino instrumentations use) when there is a span context, and the selected baggage entries
 * (`session.id`) whenever there is baggage, with or without a span. Fields the line already has win.
 */
import { type Context, isSpanContextValid, propagation, trace } from '@opentelemetry/api';
import { BaggageKeyFilter, type BaggageKeySelection } from '../baggage/baggage-keys.js';
import { formatTraceFlags } from '../ids.js';

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

  /** Adds the correlation fields of `context` to `fields` (in place). */
  addFields(context: Context, fields: LogFields): void {
    const spanContext = trace.getSpanContext(context);
    if (spanContext !== undefined && isSpanContextValid(spanContext)) {
      setIfAbsent(fields, 'trace_id', spanContext.traceId);
      setIfAbsent(fields, 'span_id', spanContext.spanId);
      setIfAbsent(fields, 'trace_flags', formatTraceFlags(spanContext.traceFlags));
    }
    const baggage = propagation.getBaggage(context);
    if (baggage !== undefined) this.filter.forEachSelected(baggage, fields, setIfAbsent);
  }
}

function setIfAbsent(fields: LogFields, key: string, value: string): void {
  if (fields[key] === undefined) fields[key] = value;
}
