/**
 * How rows travel to ClickHouse: one Native block per write (native-format.ts), its columns in the order and with
 * the plain types below. Native replaced JSONCompactEachRow, which the engine parsed at about 11 µs of CPU per span
 * row against 3 µs for Native (bench/RESULTS.md §1).
 */
import { encodeNativeBlock, type NativeColumn, type NativeType } from './native-format.js';
import type { TableName, TableRows } from './rows.js';

type Columns<Row> = { [Name in keyof Row & string]?: NativeType };

/** Each table's columns as rows carry them, with the Native type written for each (the insert casts to the table's). */
const TABLE_TYPES: { [T in TableName]: Required<Columns<TableRows[T]>> } = {
  otel_traces: {
    Timestamp: 'DateTime64(9)',
    TraceId: 'String',
    SpanId: 'String',
    ParentSpanId: 'String',
    TraceState: 'String',
    SpanName: 'String',
    SpanKind: 'String',
    ServiceName: 'String',
    ResourceAttributes: 'Map(String, String)',
    ScopeName: 'String',
    ScopeVersion: 'String',
    SpanAttributes: 'Map(String, String)',
    Duration: 'UInt64',
    StatusCode: 'String',
    StatusMessage: 'String',
    'Events.Timestamp': 'Array(DateTime64(9))',
    'Events.Name': 'Array(String)',
    'Events.Attributes': 'Array(Map(String, String))',
    'Links.TraceId': 'Array(String)',
    'Links.SpanId': 'Array(String)',
    'Links.TraceState': 'Array(String)',
    'Links.Attributes': 'Array(Map(String, String))',
  },
  otel_logs: {
    Timestamp: 'DateTime64(9)',
    TraceId: 'String',
    SpanId: 'String',
    TraceFlags: 'UInt8',
    SeverityText: 'String',
    SeverityNumber: 'UInt8',
    ServiceName: 'String',
    Body: 'String',
    ResourceSchemaUrl: 'String',
    ResourceAttributes: 'Map(String, String)',
    ScopeSchemaUrl: 'String',
    ScopeName: 'String',
    ScopeVersion: 'String',
    ScopeAttributes: 'Map(String, String)',
    LogAttributes: 'Map(String, String)',
  },
  rum_events: {
    Timestamp: 'DateTime64(3)',
    ApplicationId: 'String',
    SessionId: 'String',
    ViewId: 'String',
    EventId: 'String',
    Type: 'String',
    Version: 'UInt64',
    Source: 'String',
    Service: 'String',
    Env: 'String',
    AppVersion: 'String',
    ViewUrl: 'String',
    ViewName: 'String',
    Url: 'String',
    Method: 'String',
    StatusCode: 'UInt16',
    DurationMs: 'Float64',
    TraceId: 'String',
    SpanId: 'String',
    TraceSampled: 'UInt8',
    LinkSource: 'String',
    ActionId: 'String',
    Name: 'String',
    Kind: 'String',
    Attributes: 'Map(String, String)',
    Payload: 'String',
    ReceivedAt: 'DateTime64(3)',
  },
  rum_replay_segments: {
    ApplicationId: 'String',
    SessionId: 'String',
    ViewId: 'String',
    Start: 'DateTime64(3)',
    End: 'DateTime64(3)',
    RecordsCount: 'UInt32',
    Source: 'String',
    Segment: 'String',
    Metadata: 'String',
    ReceivedAt: 'DateTime64(3)',
  },
};

const TABLES = Object.keys(TABLE_TYPES) as TableName[];

function nativeColumns<T extends TableName>(table: T): NativeColumn<keyof TableRows[T] & string>[] {
  return Object.entries(TABLE_TYPES[table]).map(
    ([name, type]) => ({ name, type }) as NativeColumn<keyof TableRows[T] & string>,
  );
}

const TABLE_NATIVE_COLUMNS = new Map(TABLES.map((table) => [table, nativeColumns(table)]));

/** The column list of each table's inserts, in block order. */
export const TABLE_COLUMNS: Record<TableName, readonly string[]> = {
  otel_traces: Object.keys(TABLE_TYPES.otel_traces),
  otel_logs: Object.keys(TABLE_TYPES.otel_logs),
  rum_events: Object.keys(TABLE_TYPES.rum_events),
  rum_replay_segments: Object.keys(TABLE_TYPES.rum_replay_segments),
};

/** One write's rows, encoded: a Native block (encodeRows) and how many rows it holds. */
export interface EncodedRows {
  bytes: Buffer;
  rows: number;
}

/** Rows of one table as one Native block. */
export function encodeRows<T extends TableName>(table: T, rows: readonly TableRows[T][]): Buffer {
  return encodeNativeBlock(TABLE_NATIVE_COLUMNS.get(table) as NativeColumn<keyof TableRows[T] & string>[], rows);
}
