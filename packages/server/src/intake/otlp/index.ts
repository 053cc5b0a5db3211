/** OTLP/HTTP decoding for the intake routes: pure functions from a request body to store rows, and back to a response. */

export { decodeLogsRequest } from './decode-logs.js';
export { decodeTraceRequest } from './decode-traces.js';
export {
  DEFAULT_MAX_ATTRIBUTE_LENGTH,
  type DecodedBatch,
  type DecodeLimits,
  type OtlpFormat,
} from './decoded-batch.js';
export { type ExportResult, encodeExportResponse } from './export-response.js';
