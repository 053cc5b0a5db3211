import { describe, expect, it } from 'vitest';
import { encodeExportResponse } from './index.js';
import { otlpProtoTypes } from './proto-types.js';

function decodeProtobuf(signal: 'traces' | 'logs', body: Buffer) {
  const types = otlpProtoTypes();
  const type = signal === 'traces' ? types.traceResponse : types.logsResponse;
  return type.toObject(type.decode(body), { longs: String });
}

describe('encodeExportResponse', () => {
  it('answers full success with an empty message', () => {
    for (const signal of ['traces', 'logs'] as const) {
      const protobuf = encodeExportResponse(signal, 'protobuf', { rejected: 0, errorMessage: '' });
      expect(protobuf.contentType).toBe('application/x-protobuf');
      expect(protobuf.body).toHaveLength(0);
      const json = encodeExportResponse(signal, 'json', { rejected: 0, errorMessage: '' });
      expect(json).toEqual({ contentType: 'application/json', body: Buffer.from('{}') });
    }
  });

  it('reports rejected spans as partial success', () => {
    const result = { rejected: 3, errorMessage: '3 spans rejected: invalid trace_id' };
    expect(decodeProtobuf('traces', encodeExportResponse('traces', 'protobuf', result).body)).toEqual({
      partialSuccess: { rejectedSpans: '3', errorMessage: '3 spans rejected: invalid trace_id' },
    });
    expect(JSON.parse(encodeExportResponse('traces', 'json', result).body.toString())).toEqual({
      partialSuccess: { rejectedSpans: '3', errorMessage: '3 spans rejected: invalid trace_id' },
    });
  });

  it('reports rejected log records as partial success', () => {
    const result = { rejected: 2, errorMessage: '2 log records rejected' };
    expect(decodeProtobuf('logs', encodeExportResponse('logs', 'protobuf', result).body)).toEqual({
      partialSuccess: { rejectedLogRecords: '2', errorMessage: '2 log records rejected' },
    });
    expect(encodeExportResponse('logs', 'json', result).body.toString()).toBe(
      '{"partialSuccess":{"rejectedLogRecords":"2","errorMessage":"2 log records rejected"}}',
    );
  });

  it('writes the partial success field numbers of the OTLP spec', () => {
    const body = encodeExportResponse('traces', 'protobuf', { rejected: 1, errorMessage: 'x' }).body;
    // field 1 (partial_success, length-delimited) { field 1 (rejected_spans, varint) = 1, field 2 (error_message) = "x" }
    expect([...body]).toEqual([0x0a, 0x05, 0x08, 0x01, 0x12, 0x01, 0x78]);
  });
});
