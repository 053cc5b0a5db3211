import type { AttributeMap, LogRow } from '../../store/rows.js';
import { anyValueToString, attributesToMap } from './any-value.js';
import {
  DEFAULT_MAX_ATTRIBUTE_LENGTH,
  type DecodedBatch,
  type DecodeLimits,
  type OtlpFormat,
} from './decoded-batch.js';
import { isZero, uint64ToDecimal } from './int64.js';
import type { ExportLogsRequestMessage, LogRecordMessage } from './messages.js';
import { otlpProtoTypes } from './proto-types.js';
import { otlpIdToHex } from './record-ids.js';
import { RejectionTally } from './rejections.js';
import { decodeRequestBody } from './request-body.js';

const INVALID_TRACE_ID = 'invalid trace_id (must be empty or 16 bytes / 32 hex digits)';
const INVALID_SPAN_ID = 'invalid span_id (must be empty or 8 bytes / 16 hex digits)';

/**
 * An OTLP/HTTP logs export body → `otel_logs` rows. Logs without trace context are kept (ids ''); a log whose
 * trace/span id is present but malformed is rejected on its own (partial success); a body that cannot be decoded at
 * all throws BoundaryError `invalid_body`.
 * Rows of one resource/scope share their attribute objects: treat rows as read-only.
 */
export function decodeLogsRequest(
  body: Uint8Array,
  format: OtlpFormat,
  limits: DecodeLimits = {},
): DecodedBatch<LogRow> {
  const request = decodeRequestBody(otlpProtoTypes().logsRequest, body, format) as ExportLogsRequestMessage;
  const maxLength = limits.maxAttributeLength ?? DEFAULT_MAX_ATTRIBUTE_LENGTH;
  const rows: LogRow[] = [];
  const rejections = new RejectionTally('log record', 'log records');
  for (const resourceLogs of request.resourceLogs) {
    const resourceAttributes = attributesToMap(resourceLogs.resource?.attributes ?? [], maxLength);
    for (const scopeLogs of resourceLogs.scopeLogs) {
      const shared: SharedColumns = {
        serviceName: resourceAttributes['service.name'] ?? '',
        resourceSchemaUrl: resourceLogs.schemaUrl,
        resourceAttributes,
        scopeSchemaUrl: scopeLogs.schemaUrl,
        scopeName: scopeLogs.scope?.name ?? '',
        scopeVersion: scopeLogs.scope?.version ?? '',
        scopeAttributes: attributesToMap(scopeLogs.scope?.attributes ?? [], maxLength),
      };
      for (const log of scopeLogs.logRecords) {
        const row = logToRow(log, shared, maxLength);
        if (typeof row === 'string') rejections.add(row);
        else rows.push(row);
      }
    }
  }
  return { rows, rejected: rejections.count, errorMessage: rejections.message() };
}

/** Columns every log record of one ScopeLogs has in common. */
interface SharedColumns {
  serviceName: string;
  resourceSchemaUrl: string;
  resourceAttributes: AttributeMap;
  scopeSchemaUrl: string;
  scopeName: string;
  scopeVersion: string;
  scopeAttributes: AttributeMap;
}

/** The row, or why the log record is rejected. */
function logToRow(log: LogRecordMessage, shared: SharedColumns, maxLength: number): LogRow | string {
  const traceId = otlpIdToHex(log.traceId, 16);
  if (traceId === null) return INVALID_TRACE_ID;
  const spanId = otlpIdToHex(log.spanId, 8);
  if (spanId === null) return INVALID_SPAN_ID;
  // time_unix_nano 0 means "unknown"; the collector's observed time is then the best estimate.
  const time = isZero(log.timeUnixNano) ? log.observedTimeUnixNano : log.timeUnixNano;
  return {
    Timestamp: uint64ToDecimal(time.low, time.high),
    TraceId: traceId,
    SpanId: spanId,
    TraceFlags: log.flags & 0xff,
    SeverityText: log.severityText,
    SeverityNumber: log.severityNumber,
    ServiceName: shared.serviceName,
    Body: anyValueToString(log.body, maxLength),
    ResourceSchemaUrl: shared.resourceSchemaUrl,
    ResourceAttributes: shared.resourceAttributes,
    ScopeSchemaUrl: shared.scopeSchemaUrl,
    ScopeName: shared.scopeName,
    ScopeVersion: shared.scopeVersion,
    ScopeAttributes: shared.scopeAttributes,
    LogAttributes: attributesToMap(log.attributes, maxLength),
  };
}
