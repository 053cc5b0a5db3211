/**
 * Rows exactly as the store writes them (JSONEachRow, column names of the tables in schema.ts).
 * Intake decoders produce these; nothing else knows the table layout.
 *
 * Times: `Timestamp` of spans and logs is integer nanoseconds since the epoch as a decimal string (64 bits do not
 * fit a JS number); RUM times are epoch milliseconds (number).
 */

export type AttributeMap = Record<string, string>;

/** One row of `otel_traces` (OpenTelemetry Collector ClickHouse exporter contract). */
export interface SpanRow {
  Timestamp: string;
  TraceId: string;
  SpanId: string;
  ParentSpanId: string;
  TraceState: string;
  SpanName: string;
  /** `Unspecified` | `Internal` | `Server` | `Client` | `Producer` | `Consumer` (exporter spelling). */
  SpanKind: string;
  ServiceName: string;
  ResourceAttributes: AttributeMap;
  ScopeName: string;
  ScopeVersion: string;
  SpanAttributes: AttributeMap;
  /** Nanoseconds, as a decimal string. */
  Duration: string;
  /** `Unset` | `Ok` | `Error` (exporter spelling). */
  StatusCode: string;
  StatusMessage: string;
  'Events.Timestamp': string[];
  'Events.Name': string[];
  'Events.Attributes': AttributeMap[];
  'Links.TraceId': string[];
  'Links.SpanId': string[];
  'Links.TraceState': string[];
  'Links.Attributes': AttributeMap[];
}

/** One row of `otel_logs` (OpenTelemetry Collector ClickHouse exporter contract). */
export interface LogRow {
  Timestamp: string;
  TraceId: string;
  SpanId: string;
  TraceFlags: number;
  SeverityText: string;
  SeverityNumber: number;
  ServiceName: string;
  Body: string;
  ResourceSchemaUrl: string;
  ResourceAttributes: AttributeMap;
  ScopeSchemaUrl: string;
  ScopeName: string;
  ScopeVersion: string;
  ScopeAttributes: AttributeMap;
  LogAttributes: AttributeMap;
}

export const RUM_EVENT_TYPES = ['view', 'resource', 'action', 'error', 'long_task', 'vital', 'log'] as const;
export type RumEventType = (typeof RUM_EVENT_TYPES)[number];

/** One row of `rum_events` (rumlink's own table; see docs/wire-formats.md for the event schema it stores). */
export interface RumEventRow {
  /** Event time, epoch milliseconds. */
  Timestamp: number;
  ApplicationId: string;
  SessionId: string;
  ViewId: string;
  /** Unique per event; a view's id for view events (later versions replace earlier ones). */
  EventId: string;
  Type: RumEventType;
  /** Higher replaces lower for the same event (view updates: `_dd.document_version` / `view.version`). */
  Version: number;
  /** `rumlink` | `datadog`. */
  Source: string;
  Service: string;
  Env: string;
  AppVersion: string;
  ViewUrl: string;
  ViewName: string;
  /** Resource URL (resources); page URL otherwise. */
  Url: string;
  Method: string;
  StatusCode: number;
  DurationMs: number;
  /** 32 lowercase hex, or '' when the event has no trace link. */
  TraceId: string;
  SpanId: string;
  TraceSampled: number;
  /** How the trace id was learnt: `header` (injected by the SDK), `server-timing`, or ''. */
  LinkSource: string;
  /** The action this event belongs to ('' when none). */
  ActionId: string;
  /** Action name, error message, vital name, log message, resource type. */
  Name: string;
  /** Error type / action type / log status / resource kind, depending on `Type`. */
  Kind: string;
  Attributes: AttributeMap;
  /** The accepted event as JSON, for detail views. */
  Payload: string;
  /** Server receive time, epoch milliseconds. */
  ReceivedAt: number;
}

/** One row of `rum_replay_segments` (Datadog session replay segments, kept for later playback). */
export interface ReplaySegmentRow {
  ApplicationId: string;
  SessionId: string;
  ViewId: string;
  Start: number;
  End: number;
  RecordsCount: number;
  Source: string;
  /** Base64 of the segment file exactly as the SDK sent it (zlib-deflated JSON). */
  Segment: string;
  /** The segment metadata JSON part. */
  Metadata: string;
  ReceivedAt: number;
}

export interface TableRows {
  otel_traces: SpanRow;
  otel_logs: LogRow;
  rum_events: RumEventRow;
  rum_replay_segments: ReplaySegmentRow;
}

export type TableName = keyof TableRows;

/** The columns of a RUM event that are empty unless its type fills them (one place, for every intake format). */
export const EMPTY_RUM_EVENT_FIELDS = {
  Version: 0,
  Method: '',
  StatusCode: 0,
  DurationMs: 0,
  TraceId: '',
  SpanId: '',
  TraceSampled: 0,
  LinkSource: '',
  ActionId: '',
  Name: '',
  Kind: '',
} satisfies Partial<RumEventRow>;
