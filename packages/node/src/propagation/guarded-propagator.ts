/**
 * Every propagator rumlink installs runs on every request: wrapped so that a throw (ours, OpenTelemetry's, or a
 * user-supplied propagator's) never fails the request, and so that a header that was present but not understood
 * leaves a `diag.debug` line instead of silently starting a new trace.
 */
import { type Context, diag, type TextMapGetter, type TextMapPropagator, type TextMapSetter } from '@opentelemetry/api';
import { reportInternalError } from '../diagnostics.js';

export interface GuardOptions {
  /** Headers listed by `fields()` (default: the wrapped propagator's own). */
  fields?: readonly string[];
  /** Headers whose presence means the propagator should have extracted something; empty when the propagator
   *  reports its own ignored input. */
  signals: readonly string[];
}

export function guardPropagator(name: string, inner: TextMapPropagator, options: GuardOptions): TextMapPropagator {
  const fields = options.fields ? [...options.fields] : undefined;
  return {
    inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
      try {
        inner.inject(context, carrier, setter);
      } catch (error) {
        reportInternalError(`the ${name} propagator (inject)`, error);
      }
    },
    extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
      try {
        const extracted = inner.extract(context, carrier, getter);
        if (extracted === context) {
          const present = options.signals.filter((field) => getter.get(carrier, field) !== undefined);
          if (present.length > 0) diag.debug(`rumlink: ignored ${present.join(', ')}: not valid ${name}`);
        }
        return extracted;
      } catch (error) {
        reportInternalError(`the ${name} propagator (extract)`, error);
        return context;
      }
    },
    fields(): string[] {
      try {
        return fields ?? inner.fields();
      } catch (error) {
        reportInternalError(`the ${name} propagator (fields)`, error);
        return [];
      }
    },
  };
}
