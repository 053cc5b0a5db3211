/**
 * How rows travel to ClickHouse: JSONCompactEachRow (one JSON array per row) with an explicit column list. Measured
 * against JSONEachRow on the span table: about 1.3× faster to parse and 32% fewer bytes (bench/RESULTS.md).
 */
import type { TableName, TableRows } from './rows.js';

export const TABLE_COLUMNS: { [T in TableName]: readonly (keyof TableRows[T] & string)[] } = {
  otel_traces: [
    'Timestamp',
    'TraceId',
    'SpanId',
    'ParentSpanId',
    'TraceState',
    'SpanName',
    'SpanKind',
    'ServiceName',
    'ResourceAttributes',
    'ScopeName',
    'ScopeVersion',
    'SpanAttributes',
    'Duration',
    'StatusCode',
    'StatusMessage',
    'Events.Timestamp',
    'Events.Name',
    'Events.Attributes',
    'Links.TraceId',
    'Links.SpanId',
    'Links.TraceState',
    'Links.Attributes',
  ],
  otel_logs: [
    'Timestamp',
    'TraceId',
    'SpanId',
    'TraceFlags',
    'SeverityText',
    'SeverityNumber',
    'ServiceName',
    'Body',
    'ResourceSchemaUrl',
    'ResourceAttributes',
    'ScopeSchemaUrl',
    'ScopeName',
    'ScopeVersion',
    'ScopeAttributes',
    'LogAttributes',
  ],
  rum_events: [
    'Timestamp',
    'ApplicationId',
    'SessionId',
    'ViewId',
    'EventId',
    'Type',
    'Version',
    'Source',
    'Service',
    'Env',
    'AppVersion',
    'ViewUrl',
    'ViewName',
    'Url',
    'Method',
    'StatusCode',
    'DurationMs',
    'TraceId',
    'SpanId',
    'TraceSampled',
    'LinkSource',
    'ActionId',
    'Name',
    'Kind',
    'Attributes',
    'Payload',
    'ReceivedAt',
  ],
  rum_replay_segments: [
    'ApplicationId',
    'SessionId',
    'ViewId',
    'Start',
    'End',
    'RecordsCount',
    'Source',
    'Segment',
    'Metadata',
    'ReceivedAt',
  ],
};

/** Rows encoded for one insert: JSONCompactEachRow lines (no trailing newline) and how many rows they hold. */
export interface EncodedRows {
  text: Buffer;
  rows: number;
}

/** Rows of one table as JSONCompactEachRow lines (no trailing newline). */
export function encodeRows<T extends TableName>(table: T, rows: readonly TableRows[T][]): string {
  const columns = TABLE_COLUMNS[table];
  let text = '';
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const values = new Array(columns.length);
    for (let c = 0; c < columns.length; c++) values[c] = row[columns[c]!];
    text += (i === 0 ? '' : '\n') + JSON.stringify(values);
  }
  return text;
}
