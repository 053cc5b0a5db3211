/**
 * A winston format that adds the correlation fields (log-correlation.ts) to every line. Structural (no import of
 * winston): winston accepts any object with `transform(info)`.
 *
 * It also records the active context on the line under the symbol `@opentelemetry/winston-transport` reads
 * (`opentelemetry.js.contrib.winston.context`, set the same way by `@opentelemetry/instrumentation-winston`), so a
 * transport that runs after the call returned still emits the OTLP record in the caller's trace and baggage.
 */
import { context } from '@opentelemetry/api';
import { reportInternalError } from '../diagnostics.js';
import { LogCorrelation, type LogCorrelationOptions } from './log-correlation.js';

const WINSTON_CONTEXT = Symbol.for('opentelemetry.js.contrib.winston.context');

/** The shape of a winston (logform) format. */
export interface WinstonFormat {
  transform(info: WinstonInfo): WinstonInfo | boolean;
}
export interface WinstonInfo {
  level: string;
  message: unknown;
  [key: string | symbol]: unknown;
}

/** @throws RumlinkConfigError for invalid `baggageKeys`. */
export function rumlinkWinstonFormat(options: LogCorrelationOptions = {}): WinstonFormat {
  const correlation = new LogCorrelation(options);
  return {
    transform(info) {
      try {
        const active = context.active();
        correlation.addFields(active, info);
        if (info[WINSTON_CONTEXT] === undefined) info[WINSTON_CONTEXT] = active;
      } catch (error) {
        reportInternalError('rumlinkWinstonFormat', error);
      }
      return info;
    },
  };
}
