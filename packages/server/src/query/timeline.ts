/**
 * `/sessions/:id/timeline`: one time-ordered list of everything a session did across tiers: its RUM events, and
 * the spans and logs that belong to it by the session-membership rule.
 */
import type { SqlExecutor } from '../store/executor.js';
import { Conditions, TIME_RANGE } from './conditions.js';
import { LOG_SUMMARY_COLUMNS, toLogRecord } from './logs.js';
import { readTogether } from './read-together.js';
import { RUM_EVENT_COLUMNS, toRumEvent } from './rum-events.js';
import { BELONGS_TO_SESSION, spansOfSession } from './session-membership.js';
import { storedTraceIds } from './stored-trace.js';
import { SPAN_SUMMARY_COLUMNS, toSpan } from './trace-spans.js';

export type TimelineKind = 'view' | 'resource' | 'action' | 'error' | 'long_task' | 'vital' | 'log' | 'span';

export interface TimelineItem {
  kind: TimelineKind;
  /** Where the item comes from: the browser (`rum`) or a backend service (`backend`). */
  tier: 'rum' | 'backend';
  time: number;
  durationMs: number | null;
  name: string;
  sessionId: string;
  viewId: string | null;
  eventId: string | null;
  actionId: string | null;
  traceId: string | null;
  spanId: string | null;
  parentSpanId: string | null;
  service: string | null;
  status: string | null;
  hasTrace: boolean | null;
  url: string | null;
  attributes: Record<string, string>;
}

export interface TimelineOptions {
  /** Most items of each source (RUM events, spans, logs). */
  maxItemsPerSource: number;
}

/** Backend work may start a little before the RUM event is timestamped (clock skew) and end long after (queues). */
const BEFORE_SESSION_MS = 3_600_000;
const AFTER_SESSION_MS = 24 * 3_600_000;

export async function getTimeline(
  store: SqlExecutor,
  sessionId: string,
  options: TimelineOptions,
): Promise<{ items: TimelineItem[]; truncated: boolean } | undefined> {
  const limit = options.maxItemsPerSource;
  const rumWhere = 'SessionId = {sessionId:String}';
  // Each event at its highest version (a view's updates, an SDK's resends) by LIMIT 1 BY on the table's key, which
  // reads the session's rows once; FINAL cost ~4× that over the session's parts (bench/RESULTS.md).
  const rumRecords = await store.query<Parameters<typeof toRumEvent>[0]>(
    `SELECT * FROM (
       SELECT ${RUM_EVENT_COLUMNS}, 0 AS HasTrace FROM rum_events
       WHERE ${rumWhere} ORDER BY Version DESC LIMIT 1 BY Type, EventId
     ) ORDER BY Time LIMIT {limit:UInt32}`,
    { sessionId, limit },
  );
  const rumEvents = rumRecords.map(toRumEvent);
  const storedTraces = await storedTraceIds(store, [
    ...new Set(rumEvents.flatMap((event) => (event.traceId ? [event.traceId] : []))),
  ]);
  for (const event of rumEvents) event.hasTrace = event.traceId !== null && storedTraces.has(event.traceId);
  const times = rumEvents.map((event) => event.time);
  const window = times.length
    ? {
        from: Math.floor(Math.min(...times) - BEFORE_SESSION_MS),
        to: Math.ceil(Math.max(...times) + AFTER_SESSION_MS),
      }
    : undefined;
  const spanWhere = new Conditions({ limit }).add(spansOfSession(window ? TIME_RANGE() : '1'), { sessionId });
  const logWhere = new Conditions({ limit }).add(BELONGS_TO_SESSION, { sessionId });
  if (window) {
    spanWhere.timeRange(window);
    logWhere.timeRange(window).secondsRange(window, 'TimestampTime');
  }
  // One statement for both (read-together.ts); their conditions bind the same parameters with the same values.
  const [spanRecords, logRows] = await readTogether<
    [Parameters<typeof toSpan>[0][], Parameters<typeof toLogRecord>[0][]]
  >(
    store,
    [
      `SELECT ${SPAN_SUMMARY_COLUMNS} FROM otel_traces WHERE ${spanWhere} ORDER BY Timestamp LIMIT {limit:UInt32}`,
      `SELECT ${LOG_SUMMARY_COLUMNS} FROM otel_logs WHERE ${logWhere} ORDER BY Timestamp LIMIT {limit:UInt32}`,
    ],
    { ...spanWhere.params, ...logWhere.params },
  );
  if (rumEvents.length === 0 && spanRecords.length === 0 && logRows.length === 0) return undefined;

  // Backend items inherit the view of the RUM event that carried their trace id.
  const viewByTrace = new Map<string, string>();
  for (const event of rumEvents) if (event.traceId) viewByTrace.set(event.traceId, event.viewId);

  const items: TimelineItem[] = [
    ...rumEvents.map(
      (event): TimelineItem => ({
        kind: event.type as TimelineKind,
        tier: 'rum',
        time: event.time,
        durationMs: event.type === 'vital' ? null : event.durationMs,
        name: event.name || event.url,
        sessionId: event.sessionId,
        viewId: event.viewId,
        eventId: event.eventId,
        actionId: event.actionId,
        traceId: event.traceId,
        spanId: event.spanId,
        parentSpanId: null,
        service: event.service || null,
        status: event.statusCode === null ? null : String(event.statusCode),
        hasTrace: event.traceId ? event.hasTrace : null,
        url: event.url,
        attributes: event.attributes,
      }),
    ),
    ...spanRecords.map(toSpan).map(
      (span): TimelineItem => ({
        kind: 'span',
        tier: 'backend',
        time: span.start,
        durationMs: span.durationMs,
        name: span.name,
        sessionId,
        viewId: viewByTrace.get(span.traceId) ?? null,
        eventId: null,
        actionId: null,
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId,
        service: span.service,
        status: span.status,
        hasTrace: true,
        url: null,
        attributes: span.attributes,
      }),
    ),
    ...logRows.map(toLogRecord).map(
      (log): TimelineItem => ({
        kind: 'log',
        tier: 'backend',
        time: log.time,
        durationMs: null,
        name: log.body,
        sessionId,
        viewId: log.traceId ? (viewByTrace.get(log.traceId) ?? null) : null,
        eventId: null,
        actionId: null,
        traceId: log.traceId,
        spanId: log.spanId,
        parentSpanId: null,
        service: log.service,
        status: log.severity,
        hasTrace: null,
        url: null,
        attributes: log.attributes,
      }),
    ),
  ];
  items.sort((a, b) => a.time - b.time);
  const truncated = rumEvents.length === limit || spanRecords.length === limit || logRows.length === limit;
  return { items, truncated };
}
