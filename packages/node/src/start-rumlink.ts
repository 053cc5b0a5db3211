/**
 * One call that makes every span and log line of this service filterable by the browser's `session.id`: the
 * OpenTelemetry Node SDK with OTLP/HTTP protobuf exporters, rumlink's propagators, and the baggage → attribute
 * processors for spans and log records. The only module that starts or stops the SDK.
 */
import { context, propagation, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { RumlinkConfigError } from './config/config-error.js';
import { type RumlinkOptions, resolveRumlinkOptions } from './config/rumlink-options.js';
import { BaggageLogRecordProcessor } from './processors/baggage-log-record-processor.js';
import { BaggageSpanProcessor } from './processors/baggage-span-processor.js';

export interface RumlinkHandle {
  /** Exports everything recorded so far. */
  forceFlush(): Promise<void>;
  /** Flushes, stops the SDK, turns the instrumentations off and releases the OpenTelemetry globals it set, so the
   *  process is as before `startRumlink` (and it may be called again). Idempotent. */
  shutdown(): Promise<void>;
}

/** OpenTelemetry's globals hold one tracer provider, propagator and logger provider per process. */
let running = false;

/**
 * @throws RumlinkConfigError synchronously for invalid options, or when rumlink is already running.
 */
export function startRumlink(options: RumlinkOptions): RumlinkHandle {
  if (running) {
    throw new RumlinkConfigError(
      'already_started',
      'startRumlink',
      'rumlink is already running in this process',
      'Keep the first handle, or call its shutdown() before starting again',
    );
  }
  const config = resolveRumlinkOptions(options);
  const exporterOptions = { headers: config.headers };
  const spanProcessors = [
    new BaggageSpanProcessor(config.baggageKeys),
    ...(config.spanProcessors ?? [
      new BatchSpanProcessor(new OTLPTraceExporter({ ...exporterOptions, url: config.tracesUrl })),
    ]),
  ];
  // The baggage processor first: an exporting processor may serialise the record inside its own onEmit.
  const logRecordProcessors = [
    new BaggageLogRecordProcessor(config.baggageKeys),
    ...(config.logRecordProcessors ?? [
      new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ ...exporterOptions, url: config.logsUrl }) }),
    ]),
  ];
  const instrumentations = config.instrumentations ?? [new HttpInstrumentation(), new UndiciInstrumentation()];
  const sdk = new NodeSDK({
    serviceName: config.serviceName,
    resource: defaultResource().merge(resourceFromAttributes(config.resourceAttributes)),
    spanProcessors,
    logRecordProcessors,
    // rumlink stores traces and logs; without this NodeSDK would start an OTLP metrics exporter by default.
    metricReaders: [],
    textMapPropagator: config.propagator,
    instrumentations,
  });
  sdk.start();
  running = true;

  const forceFlush = async () => {
    await Promise.all([...spanProcessors, ...logRecordProcessors].map((processor) => processor.forceFlush()));
  };
  let stopped: Promise<void> | undefined;
  const shutdown = async () => {
    try {
      // NodeSDK.shutdown() can resolve before an export in flight is answered; a flush waits for it.
      await forceFlush();
      await sdk.shutdown();
    } finally {
      for (const instrumentation of instrumentations) instrumentation.disable();
      trace.disable();
      logs.disable();
      propagation.disable();
      context.disable();
      running = false;
    }
  };
  return {
    forceFlush,
    shutdown: () => {
      stopped ??= shutdown();
      return stopped;
    },
  };
}
