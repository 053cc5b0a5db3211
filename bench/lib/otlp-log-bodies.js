/**
 * A pool of OTLP/protobuf ExportLogsServiceRequest bodies, made by the real OpenTelemetry logs SDK and serializer:
 * each body is what one service's batch processor sends (512 records inside spans, ~6 attributes each,
 * `session.id` included), so log ingest is measured on the same kind of traffic as span ingest.
 */
import { context, TraceFlags, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { benchResource } from './otlp-bodies.js';

const LEVELS = [
  [SeverityNumber.INFO, 'INFO'],
  [SeverityNumber.INFO, 'INFO'],
  [SeverityNumber.DEBUG, 'DEBUG'],
  [SeverityNumber.WARN, 'WARN'],
  [SeverityNumber.ERROR, 'ERROR'],
];

const hex = (value, digits) => value.toString(16).padStart(digits, '0').slice(-digits);

function buildBody(index, recordsPerBody) {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: benchResource(index),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('@rumlink/bench', '1.0.0');
  const now = Date.now();
  for (let r = 0; r < recordsPerBody; r++) {
    const request = index * recordsPerBody + r;
    const inSpan = trace.setSpanContext(context.active(), {
      traceId: `${hex(index + 1, 16)}${hex(Math.floor(request / 4) + 1, 16)}`,
      spanId: hex(request + 1, 16),
      traceFlags: TraceFlags.SAMPLED,
    });
    const [severityNumber, severityText] = LEVELS[request % LEVELS.length];
    logger.emit({
      context: inSpan,
      timestamp: now - 60_000 + r * 5,
      severityNumber,
      severityText,
      body: `order ${request} ${severityText === 'ERROR' ? 'failed: payment declined by issuer' : 'processed in 42 ms'}`,
      attributes: {
        'session.id': `${String((index * 7919 + r) % 100_000).padStart(8, '0')}-5e55-4d1e-9b1d-0123456789ab`,
        'enduser.id': `user-${r % 977}`,
        'http.route': '/api/checkout',
        'order.id': request,
        'code.function': 'processOrder',
        'thread.id': 17 + (r % 4),
      },
    });
  }
  return Buffer.from(ProtobufLogsSerializer.serializeRequest(exporter.getFinishedLogRecords()));
}

/** `count` distinct bodies of `recordsPerBody` log records, built before anything is timed. */
export function buildLogBodies(count, recordsPerBody = 512) {
  return Array.from({ length: count }, (_, i) => buildBody(i, recordsPerBody));
}
