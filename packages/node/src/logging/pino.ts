/**
 * pino: `rumlinkPinoMixin()` adds the correlation fields (log-correlation.ts) to every line, and
 * `rumlinkPinoStream()` sends each line to the OpenTelemetry logs SDK as a log record (so OTLP carries it).
 *
 * pino writes to a destination synchronously inside the logging call, so the stream sees the caller's active context:
 * the record gets the caller's span and, through BaggageLogRecordProcessor, its baggage. That does not hold for pino
 * transports (worker threads): use the stream in the main thread, e.g. with `pino.multistream`.
 */
import { context } from '@opentelemetry/api';
import { type AnyValueMap, type Logger, logs, SeverityNumber } from '@opentelemetry/api-logs';
import { reportInternalError } from '../diagnostics.js';
import { LogCorrelation, type LogCorrelationOptions, type LogFields } from './log-correlation.js';

/** A pino `mixin`: `pino({ mixin: rumlinkPinoMixin() })`. */
export function rumlinkPinoMixin(options: LogCorrelationOptions = {}): () => LogFields {
  const correlation = new LogCorrelation(options);
  return () => {
    const fields: LogFields = {};
    try {
      correlation.addFields(context.active(), fields);
    } catch (error) {
      reportInternalError('rumlinkPinoMixin', error);
    }
    return fields;
  };
}

export interface PinoStreamOptions {
  /** The pino `messageKey` (default `msg`). */
  messageKey?: string;
  /** Instrumentation scope name of the records (default `@rumlink/node/pino`). */
  loggerName?: string;
}

/** A pino destination (anything with `write(line)`). */
export interface PinoDestination {
  write(line: string): void;
}

/** pino's numeric levels (10 trace … 60 fatal) and the OpenTelemetry severities they map to. */
const LEVELS: readonly [minimum: number, label: string, severity: SeverityNumber][] = [
  [60, 'fatal', SeverityNumber.FATAL],
  [50, 'error', SeverityNumber.ERROR],
  [40, 'warn', SeverityNumber.WARN],
  [30, 'info', SeverityNumber.INFO],
  [20, 'debug', SeverityNumber.DEBUG],
  [0, 'trace', SeverityNumber.TRACE],
];
/** Fields that become the record's own properties (body, time, severity, span context) or are process noise. */
const NOT_ATTRIBUTES = new Set(['level', 'time', 'pid', 'hostname', 'trace_id', 'span_id', 'trace_flags']);

export function rumlinkPinoStream(options: PinoStreamOptions = {}): PinoDestination {
  const messageKey = options.messageKey ?? 'msg';
  const logger: Logger = logs.getLogger(options.loggerName ?? '@rumlink/node/pino');
  return {
    write(line) {
      try {
        emitLine(logger, messageKey, JSON.parse(line));
      } catch (error) {
        reportInternalError('rumlinkPinoStream', error);
      }
    },
  };
}

function emitLine(logger: Logger, messageKey: string, line: Record<string, unknown>): void {
  const level = line.level;
  const [, label, severityNumber] =
    LEVELS.find(([minimum, label]) => (typeof level === 'number' ? level >= minimum : level === label)) ?? LEVELS[3]!;
  const attributes: AnyValueMap = {};
  for (const [key, value] of Object.entries(line)) {
    if (key !== messageKey && !NOT_ATTRIBUTES.has(key)) attributes[key] = value as AnyValueMap[string];
  }
  const time = typeof line.time === 'number' || typeof line.time === 'string' ? new Date(line.time) : undefined;
  logger.emit({
    severityNumber,
    severityText: label,
    body: line[messageKey] as string | undefined,
    attributes,
    // A time pino was configured to write in a form Date cannot read is left to the SDK's clock.
    ...(time !== undefined && !Number.isNaN(time.getTime()) ? { timestamp: time } : {}),
  });
}
