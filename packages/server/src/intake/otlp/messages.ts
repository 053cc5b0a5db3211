/**
 * The shapes decoded OTLP messages have, whether protobufjs decoded them from protobuf or `message-from-json.ts`
 * built them from OTLP/JSON. Absent scalars read as protobufjs' prototype defaults ('' / 0 / zero Long / empty
 * array); absent sub-messages read as null.
 */

/** A protobufjs Long (64-bit integer as two 32-bit halves). */
export interface Int64 {
  low: number;
  high: number;
  unsigned: boolean;
}

/**
 * A trace or span id: raw bytes from protobuf (an empty array when absent), or the hex string OTLP/JSON carries
 * (validated only when a row is built, so one bad id rejects one record rather than the whole request).
 */
export type OtlpId = ArrayLike<number> | string;

/** Exactly one member is an own property when a value is set; none for the empty value. */
export interface AnyValueMessage {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: Int64;
  doubleValue?: number;
  arrayValue?: { values: AnyValueMessage[] } | null;
  kvlistValue?: { values: KeyValueMessage[] } | null;
  bytesValue?: Uint8Array;
}

export interface KeyValueMessage {
  key: string;
  value: AnyValueMessage | null;
}

export interface ResourceMessage {
  attributes: KeyValueMessage[];
}

export interface ScopeMessage {
  name: string;
  version: string;
  attributes: KeyValueMessage[];
}

export interface SpanEventMessage {
  timeUnixNano: Int64;
  name: string;
  attributes: KeyValueMessage[];
}

export interface SpanLinkMessage {
  traceId: OtlpId;
  spanId: OtlpId;
  traceState: string;
  attributes: KeyValueMessage[];
}

export interface SpanMessage {
  traceId: OtlpId;
  spanId: OtlpId;
  traceState: string;
  parentSpanId: OtlpId;
  flags: number;
  name: string;
  kind: number;
  startTimeUnixNano: Int64;
  endTimeUnixNano: Int64;
  attributes: KeyValueMessage[];
  events: SpanEventMessage[];
  links: SpanLinkMessage[];
  status: { message: string; code: number } | null;
}

export interface ExportTraceRequestMessage {
  resourceSpans: {
    resource: ResourceMessage | null;
    scopeSpans: { scope: ScopeMessage | null; spans: SpanMessage[]; schemaUrl: string }[];
    schemaUrl: string;
  }[];
}

export interface LogRecordMessage {
  timeUnixNano: Int64;
  observedTimeUnixNano: Int64;
  severityNumber: number;
  severityText: string;
  body: AnyValueMessage | null;
  attributes: KeyValueMessage[];
  flags: number;
  traceId: OtlpId;
  spanId: OtlpId;
  eventName: string;
}

export interface ExportLogsRequestMessage {
  resourceLogs: {
    resource: ResourceMessage | null;
    scopeLogs: { scope: ScopeMessage | null; logRecords: LogRecordMessage[]; schemaUrl: string }[];
    schemaUrl: string;
  }[];
}
