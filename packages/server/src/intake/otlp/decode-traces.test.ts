import { ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, trace } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import type { SpanRow } from '../../store/rows.js';
import { decodeTraceRequest, type OtlpFormat } from './index.js';
import { otlpProtoTypes } from './proto-types.js';

const PARENT = {
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  traceFlags: TraceFlags.SAMPLED,
  isRemote: true,
  traceState: new TraceState('rojo=00f067aa0ba902b7,congo=t61rcWkgMzE'),
};
const LINKED = { traceId: 'F0E1D2C3B4A5968778695A4B3C2D1E0F'.toLowerCase(), spanId: '1122334455667788', traceFlags: 0 };

/** Spans recorded by the real SDK, exactly what the OTLP exporters serialize. */
function recordSpans() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'checkout', 'service.version': '2.4.0', 'host.cpus': 8 }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('rumlink-test', '1.2.3');

  const server = tracer.startSpan(
    'GET /api/cart',
    {
      kind: SpanKind.SERVER,
      startTime: [1700000000, 123456789],
      attributes: {
        'http.route': '/api/cart',
        'session.id': 'sess-0f3a',
        'cache.hit': false,
        'http.status_code': 500,
        'retry.delta': -7,
        'queue.ratio': 3.25,
        'big.power': 2 ** 60,
        'big.even': 2 ** 53 + 2,
        'tags.list': ['a', 'b'],
        'numbers.list': [1, 2.5],
        'flags.list': [true, false],
      },
      links: [{ context: LINKED, attributes: { 'link.reason': 'batch' } }],
    },
    trace.setSpanContext(ROOT_CONTEXT, PARENT),
  );
  server.addEvent('cache.miss', { key: 'cart:42', attempt: 2 }, [1700000000, 500000001]);
  server.addEvent('retry', undefined, [1700000001, 0]);
  server.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream timed out' });
  server.end([1700000001, 987654321]);

  const internal = tracer.startSpan('render', { startTime: [1700000002, 0] });
  internal.setStatus({ code: SpanStatusCode.OK });
  internal.end([1700000002, 999]);

  const [serverSpan, internalSpan] = exporter.getFinishedSpans();
  if (!serverSpan || !internalSpan) throw new Error('the SDK did not record both spans');
  return { spans: [serverSpan, internalSpan], serverSpan, internalSpan };
}

const serializers: Record<OtlpFormat, (spans: ReturnType<typeof recordSpans>['spans']) => Uint8Array> = {
  protobuf: (spans) => ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array,
  json: (spans) => JsonTraceSerializer.serializeRequest(spans) as Uint8Array,
};

describe.each(['protobuf', 'json'] as const)('decodeTraceRequest of a real SDK export (%s)', (format) => {
  const recorded = recordSpans();
  const batch = decodeTraceRequest(serializers[format](recorded.spans), format);
  const byName = new Map(batch.rows.map((row) => [row.SpanName, row]));
  const server = byName.get('GET /api/cart') as SpanRow;
  const internal = byName.get('render') as SpanRow;

  it('keeps every span and rejects none', () => {
    expect(batch.rows).toHaveLength(2);
    expect(batch.rejected).toBe(0);
    expect(batch.errorMessage).toBe('');
  });

  it('maps ids, trace state and times to the nanosecond', () => {
    expect(server.TraceId).toBe(PARENT.traceId);
    expect(server.SpanId).toBe(recorded.serverSpan.spanContext().spanId);
    expect(server.ParentSpanId).toBe(PARENT.spanId);
    expect(server.TraceState).toBe('rojo=00f067aa0ba902b7,congo=t61rcWkgMzE');
    expect(server.Timestamp).toBe('1700000000123456789');
    expect(server.Duration).toBe('1864197532');
    expect(internal.TraceId).toBe(recorded.internalSpan.spanContext().traceId);
    expect(internal.ParentSpanId).toBe('');
    expect(internal.TraceState).toBe('');
    expect(internal.Timestamp).toBe('1700000002000000000');
    expect(internal.Duration).toBe('999');
  });

  it('maps kind, status, resource and scope', () => {
    expect(server.SpanKind).toBe('Server');
    expect(server.StatusCode).toBe('Error');
    expect(server.StatusMessage).toBe('upstream timed out');
    expect(internal.SpanKind).toBe('Internal');
    expect(internal.StatusCode).toBe('Ok');
    expect(internal.StatusMessage).toBe('');
    expect(server.ServiceName).toBe('checkout');
    expect(server.ResourceAttributes).toEqual({
      'service.name': 'checkout',
      'service.version': '2.4.0',
      'host.cpus': '8',
    });
    expect(server.ScopeName).toBe('rumlink-test');
    expect(server.ScopeVersion).toBe('1.2.3');
  });

  it('flattens attributes of every type, int64 exactly', () => {
    expect(server.SpanAttributes).toEqual({
      'http.route': '/api/cart',
      'session.id': 'sess-0f3a',
      'cache.hit': 'false',
      'http.status_code': '500',
      'retry.delta': '-7',
      'queue.ratio': '3.25',
      'big.power': '1152921504606846976',
      'big.even': '9007199254740994',
      'tags.list': '["a","b"]',
      'numbers.list': '[1,2.5]',
      'flags.list': '[true,false]',
    });
  });

  it('maps events and links as parallel arrays', () => {
    expect(server['Events.Timestamp']).toEqual(['1700000000500000001', '1700000001000000000']);
    expect(server['Events.Name']).toEqual(['cache.miss', 'retry']);
    expect(server['Events.Attributes']).toEqual([{ key: 'cart:42', attempt: '2' }, {}]);
    expect(server['Links.TraceId']).toEqual([LINKED.traceId]);
    expect(server['Links.SpanId']).toEqual([LINKED.spanId]);
    expect(server['Links.TraceState']).toEqual(['']);
    expect(server['Links.Attributes']).toEqual([{ 'link.reason': 'batch' }]);
    expect(internal['Events.Name']).toEqual([]);
    expect(internal['Links.TraceId']).toEqual([]);
  });
});

describe('decodeTraceRequest of both encodings', () => {
  it('produces identical rows from protobuf and JSON', () => {
    const { spans } = recordSpans();
    const fromProtobuf = decodeTraceRequest(serializers.protobuf(spans), 'protobuf');
    const fromJson = decodeTraceRequest(serializers.json(spans), 'json');
    expect(fromJson).toEqual(fromProtobuf);
  });
});

const jsonBody = (request: unknown) => Buffer.from(JSON.stringify(request));

/** One span per entry, all under one resource and scope. */
function traceRequest(spans: Record<string, unknown>[]) {
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'my.service' } }] },
        scopeSpans: [{ scope: { name: 'my.library', version: '1.0.0' }, spans }],
      },
    ],
  };
}

describe('decodeTraceRequest of hand-written OTLP/JSON', () => {
  it('reads the specification example (upper-case hex ids, enum as integer, int64 as string)', () => {
    const { rows, rejected } = decodeTraceRequest(
      jsonBody(
        traceRequest([
          {
            traceId: '5B8EFFF798038103D269B633813FC60C',
            spanId: 'EEE19B7EC3C1B174',
            parentSpanId: 'EEE19B7EC3C1B173',
            name: "I'm a server span",
            startTimeUnixNano: '1544712660000000000',
            endTimeUnixNano: '1544712661000000000',
            kind: 2,
            attributes: [{ key: 'my.span.attr', value: { stringValue: 'some value' } }],
          },
        ]),
      ),
      'json',
    );
    expect(rejected).toBe(0);
    expect(rows).toEqual([
      {
        Timestamp: '1544712660000000000',
        TraceId: '5b8efff798038103d269b633813fc60c',
        SpanId: 'eee19b7ec3c1b174',
        ParentSpanId: 'eee19b7ec3c1b173',
        TraceState: '',
        SpanName: "I'm a server span",
        SpanKind: 'Server',
        ServiceName: 'my.service',
        ResourceAttributes: { 'service.name': 'my.service' },
        ScopeName: 'my.library',
        ScopeVersion: '1.0.0',
        SpanAttributes: { 'my.span.attr': 'some value' },
        Duration: '1000000000',
        StatusCode: 'Unset',
        StatusMessage: '',
        'Events.Timestamp': [],
        'Events.Name': [],
        'Events.Attributes': [],
        'Links.TraceId': [],
        'Links.SpanId': [],
        'Links.TraceState': [],
        'Links.Attributes': [],
      },
    ]);
  });

  it('accepts snake_case keys, enum names, numeric int64 and ignores unknown fields', () => {
    const { rows } = decodeTraceRequest(
      jsonBody({
        resource_spans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { string_value: 'snake' } }] },
            scope_spans: [
              {
                scope: { name: 'lib' },
                spans: [
                  {
                    trace_id: '5b8efff798038103d269b633813fc60c',
                    span_id: 'eee19b7ec3c1b174',
                    parent_span_id: '',
                    name: 'consume',
                    kind: 'SPAN_KIND_CONSUMER',
                    start_time_unix_nano: 1544712660000000000,
                    end_time_unix_nano: '1544712660000000250',
                    status: { code: 'STATUS_CODE_ERROR', message: 'nack' },
                    attributes: [
                      { key: 'count', value: { int_value: 3 } },
                      { key: 'negative', value: { intValue: '-9223372036854775808' } },
                      { key: 'max', value: { intValue: '9223372036854775807' } },
                      { key: 'blob', value: { bytes_value: 'AQID' } },
                      { key: 'nan', value: { doubleValue: 'NaN' } },
                      { key: 'empty', value: {} },
                      { key: 'nulled', value: null },
                    ],
                    events: [{ time_unix_nano: '1544712660000000100', name: 'ack', future_field: true }],
                    links: [
                      { trace_id: 'F0E1D2C3B4A5968778695A4B3C2D1E0F', span_id: '1122334455667788', trace_state: 'k=v' },
                    ],
                    some_future_field: { anything: [1, 2] },
                  },
                ],
              },
            ],
          },
        ],
      }),
      'json',
    );
    expect(rows).toHaveLength(1);
    const row = rows[0] as SpanRow;
    expect(row.ServiceName).toBe('snake');
    expect(row.SpanKind).toBe('Consumer');
    expect(row.StatusCode).toBe('Error');
    expect(row.StatusMessage).toBe('nack');
    expect(row.ParentSpanId).toBe('');
    expect(row.Timestamp).toBe('1544712660000000000');
    expect(row.Duration).toBe('250');
    expect(row.SpanAttributes).toEqual({
      count: '3',
      negative: '-9223372036854775808',
      max: '9223372036854775807',
      blob: 'AQID',
      nan: 'NaN',
      empty: '',
      nulled: '',
    });
    expect(row['Events.Timestamp']).toEqual(['1544712660000000100']);
    expect(row['Links.TraceId']).toEqual(['f0e1d2c3b4a5968778695a4b3c2d1e0f']);
    expect(row['Links.TraceState']).toEqual(['k=v']);
  });

  it('clamps a negative duration to 0 and names unknown enum values like the exporter default', () => {
    const { rows } = decodeTraceRequest(
      jsonBody(
        traceRequest([
          {
            traceId: '5b8efff798038103d269b633813fc60c',
            spanId: 'eee19b7ec3c1b174',
            startTimeUnixNano: '1544712661000000000',
            endTimeUnixNano: '1544712660000000000',
            kind: 42,
            status: { code: 9 },
          },
        ]),
      ),
      'json',
    );
    expect(rows[0]).toMatchObject({ Duration: '0', SpanKind: 'Unspecified', StatusCode: 'Unset', SpanName: '' });
  });
});

describe('decodeTraceRequest partial rejection', () => {
  const good = { traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', name: 'good' };

  it('rejects spans with unusable ids, keeps the rest, and says why', () => {
    const batch = decodeTraceRequest(
      jsonBody(
        traceRequest([
          good,
          { ...good, traceId: '' },
          { ...good, traceId: '00000000000000000000000000000000' },
          { ...good, traceId: '5b8efff798038103' },
          { ...good, spanId: 'zzzzzzzzzzzzzzzz' },
          { ...good, parentSpanId: 'eee19b7e' },
          { ...good, links: [{ traceId: 'abc', spanId: 'eee19b7ec3c1b174' }] },
          { ...good, name: 'zero parent is a root', parentSpanId: '0000000000000000' },
        ]),
      ),
      'json',
    );
    expect(batch.rows.map((row) => row.SpanName)).toEqual(['good', 'zero parent is a root']);
    expect(batch.rows[1]?.ParentSpanId).toBe('');
    expect(batch.rejected).toBe(6);
    expect(batch.errorMessage).toBe(
      '6 spans rejected: 3 with invalid trace_id (must be 16 bytes / 32 hex digits, not all zeros); ' +
        '1 with invalid span_id (must be 8 bytes / 16 hex digits, not all zeros); ' +
        '1 with invalid parent_span_id (must be empty or 8 bytes / 16 hex digits); ' +
        '1 with invalid link trace_id (must be 16 bytes / 32 hex digits)',
    );
  });

  it('phrases a single reason without per-reason counts', () => {
    const batch = decodeTraceRequest(
      jsonBody(
        traceRequest([
          { ...good, traceId: 'ab' },
          { ...good, traceId: '' },
        ]),
      ),
      'json',
    );
    expect(batch).toEqual({
      rows: [],
      rejected: 2,
      errorMessage: '2 spans rejected: invalid trace_id (must be 16 bytes / 32 hex digits, not all zeros)',
    });
  });

  it('rejects protobuf spans whose id bytes have the wrong length', () => {
    const type = otlpProtoTypes().traceRequest;
    const id = (hex: string) => Buffer.from(hex, 'hex');
    const request = traceRequest([
      { traceId: id(good.traceId), spanId: id(good.spanId), name: 'good' },
      { traceId: id('5b8efff798038103d269b633813fc6'), spanId: id(good.spanId) },
      { traceId: id(good.traceId), spanId: id('eee19b7ec3c1b1'), name: 'short span id' },
      { traceId: id(good.traceId), spanId: id(good.spanId), parentSpanId: id('00') },
    ]);
    const batch = decodeTraceRequest(type.encode(type.fromObject(request)).finish(), 'protobuf');
    expect(batch.rows.map((row) => row.SpanName)).toEqual(['good']);
    expect(batch.rejected).toBe(3);
    expect(batch.errorMessage).toMatch(
      /^3 spans rejected: 1 with invalid trace_id .*; 1 with invalid span_id .*; 1 with invalid parent_span_id/,
    );
  });
});

describe('the .proto definitions', () => {
  it('read span and link flags at the field numbers the SDK serializer writes', () => {
    const type = otlpProtoTypes().traceRequest;
    const { serverSpan } = recordSpans();
    const request = type.toObject(type.decode(ProtobufTraceSerializer.serializeRequest([serverSpan]) as Uint8Array), {
      longs: String,
    });
    const span = request.resourceSpans[0].scopeSpans[0].spans[0];
    // sampled (0x01) | context has is-remote (0x100) | context is remote (0x200): the parent came from another process.
    expect(span.flags).toBe(0x301);
    expect(span.links[0].flags).toBe(0x100);
    expect(span.status).toEqual({ code: 2, message: 'upstream timed out' });
  });
});
