import type { OtlpFormat } from './decoded-batch.js';
import { otlpProtoTypes } from './proto-types.js';

export interface ExportResult {
  rejected: number;
  errorMessage: string;
}

/**
 * The body of a successful OTLP/HTTP export response (HTTP 200). `partial_success` is included only when records
 * were rejected: the OTLP spec says an empty partial_success means full success, and exporters log a present one.
 */
export function encodeExportResponse(
  signal: 'traces' | 'logs',
  format: OtlpFormat,
  result: ExportResult,
): { contentType: string; body: Buffer } {
  const rejectedKey = signal === 'traces' ? 'rejectedSpans' : 'rejectedLogRecords';
  const partialSuccess =
    result.rejected > 0 ? { [rejectedKey]: String(result.rejected), errorMessage: result.errorMessage } : undefined;
  if (format === 'json') {
    // OTLP/JSON writes int64 as a decimal string.
    const body = partialSuccess === undefined ? {} : { partialSuccess };
    return { contentType: 'application/json', body: Buffer.from(JSON.stringify(body)) };
  }
  const types = otlpProtoTypes();
  const type = signal === 'traces' ? types.traceResponse : types.logsResponse;
  // fromObject turns the decimal string into the int64 field's Long.
  const message = type.fromObject(partialSuccess === undefined ? {} : { partialSuccess });
  const encoded = type.encode(message).finish();
  return {
    contentType: 'application/x-protobuf',
    body: Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength),
  };
}
