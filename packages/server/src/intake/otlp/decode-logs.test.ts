import { ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { describe, expect, it } from 'vitest';
import type { LogRow } from '../../store/rows.js';
import { decodeLogsRequest } from './index.js';
import { otlpProtoTypes } from './proto-types.js';

const SPAN_CONTEXT = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: TraceFlags.SAMPLED,
};

/** Log records emitted through the real SDK, exactly what the OTLP log exporters serialize. */
function emitLogs() {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes(
      { 'service.name': 'payments', 'deployment.environment.name': 'test' },
      { schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' },
    ),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('payments-logger', '0.9.0', {
    schemaUrl: 'https://opentelemetry.io/schemas/1.27.0',
    attributes: { 'logger.kind': 'structured' },
  });
  logger.emit({
    timestamp: [1700000003, 42],
    observedTimestamp: [1700000003, 999],
    severityNumber: SeverityNumber.WARN,
    severityText: 'WARN',
    body: 'payment declined',
    attributes: {
      'session.id': 'sess-0f3a',
      'http.status_code': 402,
      amount: 12.5,
      retried: true,
      raw: new Uint8Array([1, 2, 3, 250]),
      details: { card: 'visa', attempts: [1, 2] },
    },
    context: trace.setSpanContext(ROOT_CONTEXT, SPAN_CONTEXT),
  });
  logger.emit({
    timestamp: [1700000004, 0],
    severityNumber: SeverityNumber.INFO,
    severityText: 'INFO',
    body: { message: 'structured', code: 7, ok: false },
    eventName: 'payment.summary',
  });
  return exporter.getFinishedLogRecords();
}

const serializers = {
  protobuf: (records: ReturnType<typeof emitLogs>) => ProtobufLogsSerializer.serializeRequest(records) as Uint8Array,
  json: (records: ReturnType<typeof emitLogs>) => JsonLogsSerializer.serializeRequest(records) as Uint8Array,
};

describe.each(['protobuf', 'json'] as const)('decodeLogsRequest of a real SDK export (%s)', (format) => {
  const batch = decodeLogsRequest(serializers[format](emitLogs()), format);
  const [declined, summary] = batch.rows as [LogRow, LogRow];

  it('keeps every log record', () => {
    expect(batch.rows).toHaveLength(2);
    expect(batch.rejected).toBe(0);
    expect(batch.errorMessage).toBe('');
  });

  it('maps a log with trace context and a session.id attribute', () => {
    expect(declined).toEqual({
      Timestamp: '1700000003000000042',
      TraceId: SPAN_CONTEXT.traceId,
      SpanId: SPAN_CONTEXT.spanId,
      TraceFlags: 1,
      SeverityText: 'WARN',
      SeverityNumber: 13,
      ServiceName: 'payments',
      Body: 'payment declined',
      ResourceSchemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
      ResourceAttributes: { 'service.name': 'payments', 'deployment.environment.name': 'test' },
      ScopeSchemaUrl: 'https://opentelemetry.io/schemas/1.27.0',
      ScopeName: 'payments-logger',
      ScopeVersion: '0.9.0',
      ScopeAttributes: { 'logger.kind': 'structured' },
      LogAttributes: {
        'session.id': 'sess-0f3a',
        'http.status_code': '402',
        amount: '12.5',
        retried: 'true',
        raw: 'AQID+g==',
        details: '{"card":"visa","attempts":[1,2]}',
      },
    });
  });

  it('maps a log without trace context and with a structured body', () => {
    expect(summary).toMatchObject({
      Timestamp: '1700000004000000000',
      TraceId: '',
      SpanId: '',
      TraceFlags: 0,
      SeverityText: 'INFO',
      SeverityNumber: 9,
      Body: '{"message":"structured","code":7,"ok":false}',
      LogAttributes: {},
    });
  });
});

const jsonBody = (request: unknown) => Buffer.from(JSON.stringify(request));

function logsRequest(logRecords: Record<string, unknown>[]) {
  return {
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'my.service' } }] },
        scopeLogs: [
          {
            scope: {
              name: 'my.library',
              version: '1.0.0',
              attributes: [{ key: 'my.scope.attribute', value: { stringValue: 'some scope attribute' } }],
            },
            logRecords,
          },
        ],
      },
    ],
  };
}

describe('decodeLogsRequest of hand-written OTLP/JSON', () => {
  it('reads the specification example', () => {
    const { rows } = decodeLogsRequest(
      jsonBody(
        logsRequest([
          {
            timeUnixNano: '1544712660300000000',
            observedTimeUnixNano: '1544712660300000000',
            severityNumber: 10,
            severityText: 'Information',
            traceId: '5B8EFFF798038103D269B633813FC60C',
            spanId: 'EEE19B7EC3C1B174',
            body: { stringValue: 'Example log record' },
            attributes: [
              { key: 'string.attribute', value: { stringValue: 'some string' } },
              { key: 'boolean.attribute', value: { boolValue: true } },
              { key: 'int.attribute', value: { intValue: '10' } },
              { key: 'double.attribute', value: { doubleValue: 637.704 } },
              {
                key: 'array.attribute',
                value: { arrayValue: { values: [{ stringValue: 'many' }, { stringValue: 'values' }] } },
              },
              {
                key: 'map.attribute',
                value: { kvlistValue: { values: [{ key: 'some.map.key', value: { stringValue: 'some value' } }] } },
              },
            ],
          },
        ]),
      ),
      'json',
    );
    expect(rows).toEqual([
      {
        Timestamp: '1544712660300000000',
        TraceId: '5b8efff798038103d269b633813fc60c',
        SpanId: 'eee19b7ec3c1b174',
        TraceFlags: 0,
        SeverityText: 'Information',
        SeverityNumber: 10,
        ServiceName: 'my.service',
        Body: 'Example log record',
        ResourceSchemaUrl: '',
        ResourceAttributes: { 'service.name': 'my.service' },
        ScopeSchemaUrl: '',
        ScopeName: 'my.library',
        ScopeVersion: '1.0.0',
        ScopeAttributes: { 'my.scope.attribute': 'some scope attribute' },
        LogAttributes: {
          'string.attribute': 'some string',
          'boolean.attribute': 'true',
          'int.attribute': '10',
          'double.attribute': '637.704',
          'array.attribute': '["many","values"]',
          'map.attribute': '{"some.map.key":"some value"}',
        },
      },
    ]);
  });

  it('falls back to the observed time when the event time is 0 or absent, and masks flags to the trace flags', () => {
    const { rows } = decodeLogsRequest(
      jsonBody(
        logsRequest([
          { timeUnixNano: '0', observedTimeUnixNano: '1544712660300000001', flags: 0x301 },
          { observed_time_unix_nano: '1544712660300000002', severity_number: 'SEVERITY_NUMBER_ERROR' },
          { body: { intValue: '-12' } },
        ]),
      ),
      'json',
    );
    expect(rows.map((row) => [row.Timestamp, row.TraceFlags, row.SeverityNumber, row.Body])).toEqual([
      ['1544712660300000001', 1, 0, ''],
      ['1544712660300000002', 0, 17, ''],
      ['0', 0, 0, '-12'],
    ]);
  });

  it('keeps logs without or with all-zero ids, rejects present but malformed ids', () => {
    const batch = decodeLogsRequest(
      jsonBody(
        logsRequest([
          { body: { stringValue: 'no context' } },
          {
            body: { stringValue: 'zero ids' },
            traceId: '00000000000000000000000000000000',
            spanId: '0000000000000000',
          },
          { body: { stringValue: 'short trace id' }, traceId: '5b8efff798038103' },
          { body: { stringValue: 'not hex' }, traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b17g' },
        ]),
      ),
      'json',
    );
    expect(batch.rows.map((row) => [row.Body, row.TraceId, row.SpanId])).toEqual([
      ['no context', '', ''],
      ['zero ids', '', ''],
    ]);
    expect(batch.rejected).toBe(2);
    expect(batch.errorMessage).toBe(
      '2 log records rejected: 1 with invalid trace_id (must be empty or 16 bytes / 32 hex digits); ' +
        '1 with invalid span_id (must be empty or 8 bytes / 16 hex digits)',
    );
  });

  it('truncates long bodies and attribute values to maxAttributeLength instead of rejecting', () => {
    const { rows, rejected } = decodeLogsRequest(
      jsonBody(
        logsRequest([
          {
            body: { stringValue: 'x'.repeat(50) },
            attributes: [
              { key: 'long', value: { stringValue: 'y'.repeat(50) } },
              { key: 'list', value: { arrayValue: { values: [{ stringValue: 'z'.repeat(50) }] } } },
              { key: 'short', value: { stringValue: 'ok' } },
            ],
          },
        ]),
      ),
      'json',
      { maxAttributeLength: 10 },
    );
    expect(rejected).toBe(0);
    expect(rows[0]?.Body).toBe('x'.repeat(10));
    expect(rows[0]?.LogAttributes).toEqual({ long: 'y'.repeat(10), list: '["zzzzzzzz', short: 'ok' });
  });
});

describe('the .proto definitions', () => {
  it('read every LogRecord field at the field numbers the SDK serializer writes', () => {
    const type = otlpProtoTypes().logsRequest;
    const records = emitLogs();
    const request = type.toObject(type.decode(ProtobufLogsSerializer.serializeRequest(records) as Uint8Array), {
      longs: String,
      bytes: String,
    });
    const scopeLogs = request.resourceLogs[0].scopeLogs[0];
    expect(request.resourceLogs[0].schemaUrl).toBe('https://opentelemetry.io/schemas/1.26.0');
    expect(scopeLogs.schemaUrl).toBe('https://opentelemetry.io/schemas/1.27.0');
    expect(scopeLogs.logRecords[0]).toMatchObject({
      timeUnixNano: '1700000003000000042',
      observedTimeUnixNano: '1700000003000000999',
      severityNumber: 13,
      severityText: 'WARN',
      flags: 1,
      traceId: Buffer.from(SPAN_CONTEXT.traceId, 'hex').toString('base64'),
      spanId: Buffer.from(SPAN_CONTEXT.spanId, 'hex').toString('base64'),
      body: { stringValue: 'payment declined' },
    });
    expect(scopeLogs.logRecords[1]).toMatchObject({ eventName: 'payment.summary', severityNumber: 9 });
  });
});
