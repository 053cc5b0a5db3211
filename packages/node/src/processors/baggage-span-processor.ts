/**
 * Copies selected baggage entries (default `session.id`) from a span's parent context onto the span as attributes
 * when it starts, so every span of every service can be filtered by session. Attributes the span was started with
 * win over baggage (the code that set them knew better).
 *
 * Same job as `@opentelemetry/baggage-span-processor`, minus its per-span arrays and closures: `onStart` runs for
 * every span, and with no baggage in the context it allocates nothing.
 */
import { type Context, propagation } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { BaggageKeyFilter, type BaggageKeySelection } from '../baggage/baggage-keys.js';
import { reportInternalError } from '../diagnostics.js';

export class BaggageSpanProcessor implements SpanProcessor {
  private readonly filter: BaggageKeyFilter;

  /** @throws RumlinkConfigError when `baggageKeys` is neither a list of baggage keys nor a function. */
  constructor(baggageKeys?: BaggageKeySelection) {
    this.filter = new BaggageKeyFilter(baggageKeys);
  }

  onStart(span: Span, parentContext: Context): void {
    const baggage = propagation.getBaggage(parentContext);
    if (baggage === undefined) return;
    try {
      this.filter.forEachSelected(baggage, span, copyToSpan);
    } catch (error) {
      reportInternalError('BaggageSpanProcessor.onStart', error);
    }
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

function copyToSpan(span: Span, key: string, value: string): void {
  if (span.attributes[key] === undefined) span.setAttribute(key, value);
}
