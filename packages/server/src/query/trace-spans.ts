/**
 * Reading the spans of given traces: otel_traces is sorted by TraceId (schema.ts), so the primary key finds each
 * trace's granule in every part and the TraceId bloom filter drops the parts that lack it.
 */
import type { SqlExecutor } from '../store/executor.js';

export interface Span {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  service: string;
  name: string;
  kind: string;
  start: number;
  durationMs: number;
  status: string;
  statusMessage: string;
  attributes: Record<string, string>;
  resourceAttributes: Record<string, string>;
  events: Array<{ time: number; name: string; attributes: Record<string, string> }>;
  sessionId: string | null;
}

export interface SpanRecord {
  TraceId: string;
  SpanId: string;
  ParentSpanId: string;
  ServiceName: string;
  SpanName: string;
  SpanKind: string;
  Start: number;
  DurationMs: number;
  StatusCode: string;
  StatusMessage: string;
  SpanAttributes: Record<string, string>;
  ResourceAttributes?: Record<string, string>;
  EventTimes?: number[];
  EventNames?: string[];
  EventAttributes?: Array<Record<string, string>>;
  SessionId: string;
}

/**
 * What a timeline shows of a span. Map columns dominate read time (bench/RESULTS.md), so lists read only the maps
 * they return.
 */
export const SPAN_SUMMARY_COLUMNS = `TraceId, SpanId, ParentSpanId, ServiceName, SpanName, SpanKind,
  toUnixTimestamp64Nano(Timestamp) / 1e6 AS Start, Duration / 1e6 AS DurationMs, StatusCode, StatusMessage,
  SpanAttributes, SessionId`;
export const SPAN_COLUMNS = `${SPAN_SUMMARY_COLUMNS}, ResourceAttributes,
  arrayMap(t -> toUnixTimestamp64Nano(t) / 1e6, Events.Timestamp) AS EventTimes, Events.Name AS EventNames,
  Events.Attributes AS EventAttributes`;

export function toSpan(record: SpanRecord): Span {
  return {
    traceId: record.TraceId,
    spanId: record.SpanId,
    parentSpanId: record.ParentSpanId || null,
    service: record.ServiceName,
    name: record.SpanName,
    kind: record.SpanKind,
    start: record.Start,
    durationMs: record.DurationMs,
    status: record.StatusCode,
    statusMessage: record.StatusMessage,
    attributes: record.SpanAttributes,
    resourceAttributes: record.ResourceAttributes ?? {},
    events: (record.EventNames ?? []).map((name, i) => ({
      time: record.EventTimes![i]!,
      name,
      attributes: record.EventAttributes![i] ?? {},
    })),
    sessionId: record.SessionId || null,
  };
}

/** The spans of `{traceIds:Array(String)}`, at most `{maxSpans:UInt32}`, oldest first. */
export const TRACE_SPANS_SQL = `SELECT ${SPAN_COLUMNS} FROM otel_traces WHERE TraceId IN {traceIds:Array(String)}
  ORDER BY Timestamp LIMIT {maxSpans:UInt32}`;
export const MAX_TRACE_SPANS = 10_000;

export async function readTraceSpans(store: SqlExecutor, traceIds: string[]): Promise<Span[]> {
  if (traceIds.length === 0) return [];
  const records = await store.query<SpanRecord>(TRACE_SPANS_SQL, { traceIds, maxSpans: MAX_TRACE_SPANS });
  return records.map(toSpan);
}

/**
 * The root of a trace as stored: the earliest span whose parent is not stored. A browser-started trace's backend
 * root has the browser's span as parent, which is never exported, so "no parent id" alone would find nothing.
 */
export function findRootSpan<T extends Pick<Span, 'spanId' | 'parentSpanId' | 'start'>>(
  spans: readonly T[],
): T | undefined {
  const ids = new Set(spans.map((span) => span.spanId));
  let root: T | undefined;
  for (const span of spans) {
    if (span.parentSpanId && ids.has(span.parentSpanId)) continue;
    if (!root || span.start < root.start) root = span;
  }
  return root;
}
