/** `/logs`: log records by session (membership rule), trace, service, severity and text. */
import type { SqlExecutor } from '../store/executor.js';
import { Conditions } from './conditions.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { BELONGS_TO_SESSION } from './session-membership.js';

export interface LogRecord {
  time: number;
  service: string;
  severity: string;
  severityNumber: number;
  body: string;
  traceId: string | null;
  spanId: string | null;
  sessionId: string | null;
  attributes: Record<string, string>;
  resourceAttributes: Record<string, string>;
}

interface LogRecordRow {
  Time: number;
  Ns: string;
  ServiceName: string;
  SeverityText: string;
  SeverityNumber: number;
  Body: string;
  TraceId: string;
  SpanId: string;
  SessionId: string;
  LogAttributes: Record<string, string>;
  ResourceAttributes?: Record<string, string>;
}

/** What a timeline shows of a log record. */
export const LOG_SUMMARY_COLUMNS = `toUnixTimestamp64Nano(Timestamp) / 1e6 AS Time,
  toString(toUnixTimestamp64Nano(Timestamp)) AS Ns, ServiceName, SeverityText, SeverityNumber, Body, TraceId, SpanId,
  SessionId, LogAttributes`;
export const LOG_COLUMNS = `${LOG_SUMMARY_COLUMNS}, ResourceAttributes`;

export function toLogRecord(row: LogRecordRow): LogRecord {
  return {
    time: row.Time,
    service: row.ServiceName,
    severity: row.SeverityText,
    severityNumber: row.SeverityNumber,
    body: row.Body,
    traceId: row.TraceId || null,
    spanId: row.SpanId || null,
    sessionId: row.SessionId || null,
    attributes: row.LogAttributes,
    resourceAttributes: row.ResourceAttributes ?? {},
  };
}

/** OpenTelemetry severity ranges (logs data model, "SeverityNumber"): a level name filters to that level and above. */
export const SEVERITY_FLOOR: Record<string, number> = { trace: 1, debug: 5, info: 9, warn: 13, error: 17, fatal: 21 };

export interface LogFilter {
  from: number;
  to: number;
  sessionId?: string | undefined;
  traceId?: string | undefined;
  service?: string | undefined;
  severity?: string | undefined;
  text?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export async function listLogs(
  store: SqlExecutor,
  filter: LogFilter,
): Promise<{ logs: LogRecord[]; nextCursor: string | null }> {
  const floor = filter.severity ? SEVERITY_FLOOR[filter.severity.toLowerCase()] : undefined;
  const where = new Conditions({ limit: filter.limit })
    .timeRange(filter)
    .secondsRange(filter, 'TimestampTime')
    .add(BELONGS_TO_SESSION, { sessionId: filter.sessionId })
    .add('TraceId = {traceId:String}', { traceId: filter.traceId })
    .add('ServiceName = {service:String}', { service: filter.service })
    .add('SeverityNumber >= {severityFloor:UInt8}', { severityFloor: floor })
    .add('SeverityText = {severity:String}', { severity: floor === undefined ? filter.severity : undefined })
    .add('positionCaseInsensitiveUTF8(Body, {text:String}) > 0', { text: filter.text });
  const after = decodeCursor(filter.cursor, ['string']);
  if (after) where.add('toUnixTimestamp64Nano(Timestamp) < {afterNs:Int64}', { afterNs: after[0] });
  const rows = await store.query<LogRecordRow>(
    `SELECT ${LOG_COLUMNS} FROM otel_logs WHERE ${where}
     ORDER BY Timestamp DESC LIMIT {limit:UInt32}`,
    where.params,
  );
  const last = rows[rows.length - 1];
  return {
    logs: rows.map(toLogRecord),
    nextCursor: last && rows.length === filter.limit ? encodeCursor([last.Ns]) : null,
  };
}
