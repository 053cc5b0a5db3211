/** `/rum/events` and `/rum/events/:eventId`: RUM events with their link to a stored backend trace. */
import type { SqlExecutor } from '../store/executor.js';
import { Conditions } from './conditions.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { storedTraceCondition } from './stored-trace.js';
import { type TraceSummary, traceSummaries } from './trace-summary.js';

export interface RumEvent {
  eventId: string;
  type: string;
  time: number;
  applicationId: string;
  sessionId: string;
  viewId: string;
  actionId: string | null;
  url: string;
  viewUrl: string;
  viewName: string;
  method: string | null;
  statusCode: number | null;
  durationMs: number;
  name: string;
  kind: string;
  traceId: string | null;
  spanId: string | null;
  traceSampled: boolean;
  linkSource: string | null;
  hasTrace: boolean;
  source: string;
  service: string;
  env: string;
  version: string;
  attributes: Record<string, string>;
}

interface RumEventRecord {
  EventId: string;
  Type: string;
  Time: number;
  ApplicationId: string;
  SessionId: string;
  ViewId: string;
  ActionId: string;
  Url: string;
  ViewUrl: string;
  ViewName: string;
  Method: string;
  StatusCode: number;
  DurationMs: number;
  Name: string;
  Kind: string;
  TraceId: string;
  SpanId: string;
  TraceSampled: number;
  LinkSource: string;
  Source: string;
  Service: string;
  Env: string;
  AppVersion: string;
  Attributes: Record<string, string>;
  Payload?: string;
  HasTrace: number;
}

/** Columns of a RUM event; `HasTrace` comes from stored-trace.ts. */
export const RUM_EVENT_COLUMNS = `EventId, Type, toUnixTimestamp64Milli(Timestamp) AS Time, ApplicationId, SessionId, ViewId,
  ActionId, Url, ViewUrl, ViewName, Method, StatusCode, DurationMs, Name, Kind, TraceId, SpanId, TraceSampled,
  LinkSource, Source, Service, Env, AppVersion, Attributes`;

/** Resources the page requested itself (fetch, XHR): for them status 0 means the request failed. For the others
 *  (images, scripts, styles… of another origin) the browser hides the status: 0 there means unknown, shown as null. */
const REQUEST_KINDS = new Set(['fetch', 'xhr']);

export function toRumEvent(record: RumEventRecord): RumEvent {
  const isResource = record.Type === 'resource';
  return {
    eventId: record.EventId,
    type: record.Type,
    time: Number(record.Time),
    applicationId: record.ApplicationId,
    sessionId: record.SessionId,
    viewId: record.ViewId,
    actionId: record.ActionId || null,
    url: record.Url,
    viewUrl: record.ViewUrl,
    viewName: record.ViewName,
    method: isResource ? record.Method : null,
    statusCode: !isResource || (record.StatusCode === 0 && !REQUEST_KINDS.has(record.Kind)) ? null : record.StatusCode,
    durationMs: record.DurationMs,
    name: record.Name,
    kind: record.Kind,
    traceId: record.TraceId || null,
    spanId: record.SpanId || null,
    traceSampled: record.TraceSampled === 1,
    linkSource: record.LinkSource || null,
    hasTrace: Boolean(record.HasTrace),
    source: record.Source,
    service: record.Service,
    env: record.Env,
    version: record.AppVersion,
    attributes: record.Attributes,
  };
}

export interface RumEventFilter {
  from: number;
  to: number;
  type?: string | undefined;
  sessionId?: string | undefined;
  viewId?: string | undefined;
  traceId?: string | undefined;
  hasTrace?: boolean | undefined;
  limit: number;
  cursor?: string | undefined;
}

export async function listRumEvents(
  store: SqlExecutor,
  filter: RumEventFilter,
): Promise<{ events: RumEvent[]; nextCursor: string | null }> {
  const inner = new Conditions({ limit: filter.limit })
    .timeRange(filter)
    .add('Type = {type:String}', { type: filter.type })
    .add('SessionId = {sessionId:String}', { sessionId: filter.sessionId })
    .add('ViewId = {viewId:String}', { viewId: filter.viewId })
    .add('TraceId = {traceId:String}', { traceId: filter.traceId });
  const where = inner.toString();
  const after = decodeCursor(filter.cursor, ['number', 'string']);
  const outer = new Conditions(inner.params);
  if (filter.hasTrace !== undefined) outer.add(filter.hasTrace ? 'HasTrace' : 'NOT HasTrace');
  if (after) {
    outer.add('(Time < {afterTime:Int64} OR (Time = {afterTime:Int64} AND EventId > {afterId:String}))', {
      afterTime: after[0],
      afterId: after[1],
    });
  }
  const records = await store.query<RumEventRecord>(
    `SELECT * FROM (SELECT ${RUM_EVENT_COLUMNS}, ${storedTraceCondition(where)} AS HasTrace FROM rum_events FINAL WHERE ${where})
     WHERE ${outer} ORDER BY Time DESC, EventId LIMIT {limit:UInt32}`,
    outer.params,
  );
  const events = records.map(toRumEvent);
  const last = events[events.length - 1];
  return {
    events,
    nextCursor: last && events.length === filter.limit ? encodeCursor([last.time, last.eventId]) : null,
  };
}

export async function getRumEvent(
  store: SqlExecutor,
  eventId: string,
): Promise<(RumEvent & { payload: unknown; trace: TraceSummary | null }) | undefined> {
  // Whether its trace is stored comes with the trace's summary, which exists only for a stored trace.
  const [record] = await store.query<RumEventRecord>(
    `SELECT ${RUM_EVENT_COLUMNS}, Payload, 0 AS HasTrace FROM rum_events FINAL WHERE EventId = {eventId:String}
     ORDER BY Timestamp LIMIT 1`,
    { eventId },
  );
  if (!record) return undefined;
  const event = toRumEvent(record);
  const trace = (event.traceId && (await traceSummaries(store, [event.traceId])).get(event.traceId)) || null;
  return { ...event, hasTrace: trace !== null, payload: parsePayload(record.Payload), trace };
}

function parsePayload(payload: string | undefined): unknown {
  try {
    return payload ? JSON.parse(payload) : null;
  } catch {
    return null;
  }
}
