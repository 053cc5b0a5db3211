/** `/sessions` and `/sessions/:id`: one row per RUM session, with how much of it links to backend traces. */
import type { SqlExecutor } from '../store/executor.js';
import { Conditions } from './conditions.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { RUM_EVENT_COLUMNS, type RumEvent, toRumEvent } from './rum-events.js';
import { storedTraceCondition } from './stored-trace.js';

export interface SessionSummary {
  sessionId: string;
  applicationId: string;
  start: number;
  end: number;
  views: number;
  resources: number;
  errors: number;
  actions: number;
  tracedResources: number;
  /** Traced resources whose trace has stored spans; null where a route leaves it out (the trace route). */
  linkedResources: number | null;
  services: string[];
}

export interface SessionRecord {
  SessionId: string;
  ApplicationId: string;
  Start: number;
  End: number;
  Views: number;
  Resources: number;
  Errors: number;
  Actions: number;
  TracedResources: number;
  LinkedResources: number | null;
  TraceIds: string[];
}

/**
 * Counts distinct event ids instead of reading FINAL: the versions of a view and an SDK's resent events share their
 * id (the table's key is SessionId, Type, EventId), and FINAL over a session's parts cost ~4× the read
 * (bench/RESULTS.md, 10M spans). Start and end come out the same: a view's later versions only grow its time spent.
 */
export function sessionSummarySql(
  where: string,
  {
    having = '',
    linkedResources = true,
    latestEvents = {},
  }: {
    having?: string;
    linkedResources?: boolean;
    /** Extra columns, alias → condition: the JSON of the latest version of the event matching it ('' if none). */
    latestEvents?: Record<string, string>;
  } = {},
): string {
  // Linked resources take a look-up of every traced resource's trace: the costliest column by far.
  const linked = linkedResources
    ? `uniqExactIf(EventId, Type = 'resource' AND ${storedTraceCondition(where)})`
    : "CAST(NULL, 'Nullable(UInt64)')";
  const events = Object.entries(latestEvents)
    .map(([alias, condition]) => `, argMaxIf(EventJson, Version, ${condition}) AS ${alias}`)
    .join('');
  // Events are made JSON in a subquery: in the aggregation, `ApplicationId` names the summary's column.
  const source = events
    ? `(SELECT *, formatRowNoNewline('JSONEachRow', ${RUM_EVENT_COLUMNS}) AS EventJson FROM rum_events WHERE ${where})`
    : `rum_events WHERE ${where}`;
  return `SELECT SessionId, any(ApplicationId) AS ApplicationId,
      min(toUnixTimestamp64Milli(Timestamp)) AS Start,
      max(toUnixTimestamp64Milli(Timestamp) + if(Type IN ('view', 'resource', 'action', 'long_task'), DurationMs, 0)) AS End,
      uniqExactIf(EventId, Type = 'view') AS Views, uniqExactIf(EventId, Type = 'resource') AS Resources,
      uniqExactIf(EventId, Type = 'error') AS Errors, uniqExactIf(EventId, Type = 'action') AS Actions,
      uniqExactIf(EventId, Type = 'resource' AND TraceId != '') AS TracedResources,
      ${linked} AS LinkedResources,
      groupUniqArrayIf(TraceId, TraceId != '') AS TraceIds${events}
    FROM ${source}
    GROUP BY SessionId ${having}`;
}

/** Services seen in each session's backend data, by both membership clauses (baggage, linked trace). */
async function servicesBySession(store: SqlExecutor, records: SessionRecord[]): Promise<Map<string, Set<string>>> {
  const services = new Map(records.map((record) => [record.SessionId, new Set<string>()]));
  if (records.length === 0) return services;
  const traceOwner = new Map<string, string>();
  for (const record of records) for (const traceId of record.TraceIds) traceOwner.set(traceId, record.SessionId);
  const from = Math.min(...records.map((record) => record.Start)) - 3_600_000;
  const to = Math.max(...records.map((record) => record.End)) + 6 * 3_600_000;
  const rows = await store.query<{ SessionId: string; TraceId: string; Services: string[] }>(
    `SELECT SessionId, TraceId, groupUniqArray(ServiceName) AS Services FROM otel_traces
     WHERE (SessionId IN {sessionIds:Array(String)} OR TraceId IN {traceIds:Array(String)})
       AND Timestamp >= fromUnixTimestamp64Milli({from:Int64}) AND Timestamp <= fromUnixTimestamp64Milli({to:Int64})
     GROUP BY SessionId, TraceId`,
    { sessionIds: [...services.keys()], traceIds: [...traceOwner.keys()], from: Math.floor(from), to: Math.ceil(to) },
  );
  for (const row of rows) {
    const owners = [services.get(row.SessionId), services.get(traceOwner.get(row.TraceId) ?? '')];
    for (const owner of owners) for (const service of row.Services) owner?.add(service);
  }
  return services;
}

async function summarize(store: SqlExecutor, records: SessionRecord[]): Promise<SessionSummary[]> {
  const services = await servicesBySession(store, records);
  return records.map((record) => toSessionSummary(record, services.get(record.SessionId)));
}

export function toSessionSummary(record: SessionRecord, services: Set<string> = new Set()): SessionSummary {
  return {
    sessionId: record.SessionId,
    applicationId: record.ApplicationId,
    start: Number(record.Start),
    end: Number(record.End),
    views: Number(record.Views),
    resources: Number(record.Resources),
    errors: Number(record.Errors),
    actions: Number(record.Actions),
    tracedResources: Number(record.TracedResources),
    linkedResources: record.LinkedResources === null ? null : Number(record.LinkedResources),
    services: [...services].sort(),
  };
}

export interface SessionFilter {
  from: number;
  to: number;
  applicationId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export async function listSessions(
  store: SqlExecutor,
  filter: SessionFilter,
): Promise<{ sessions: SessionSummary[]; nextCursor: string | null }> {
  const where = new Conditions({ limit: filter.limit })
    .timeRange(filter)
    .add('ApplicationId = {applicationId:String}', { applicationId: filter.applicationId });
  const after = decodeCursor(filter.cursor, ['number', 'string']);
  const having = new Conditions(where.params);
  if (after) {
    having.add('(Start < {afterStart:Int64} OR (Start = {afterStart:Int64} AND SessionId > {afterId:String}))', {
      afterStart: after[0],
      afterId: after[1],
    });
  }
  const records = await store.query<SessionRecord>(
    `${sessionSummarySql(String(where), { having: `HAVING ${having}` })} ORDER BY Start DESC, SessionId LIMIT {limit:UInt32}`,
    having.params,
  );
  const sessions = await summarize(store, records);
  const last = sessions[sessions.length - 1];
  return {
    sessions,
    nextCursor: last && sessions.length === filter.limit ? encodeCursor([last.start, last.sessionId]) : null,
  };
}

export async function getSessionSummary(store: SqlExecutor, sessionId: string): Promise<SessionSummary | undefined> {
  const records = await store.query<SessionRecord>(sessionSummarySql('SessionId = {sessionId:String}'), { sessionId });
  return (await summarize(store, records))[0];
}

/** A session's summary and its views (each view once, at its latest version). */
export async function getSession(
  store: SqlExecutor,
  sessionId: string,
): Promise<{ session: SessionSummary; views: RumEvent[] } | undefined> {
  const [session, views] = await Promise.all([
    getSessionSummary(store, sessionId),
    store.query<Parameters<typeof toRumEvent>[0]>(
      `SELECT ${RUM_EVENT_COLUMNS}, 0 AS HasTrace FROM rum_events FINAL
       WHERE SessionId = {sessionId:String} AND Type = 'view' ORDER BY Timestamp`,
      { sessionId },
    ),
  ]);
  return session && { session, views: views.map(toRumEvent) };
}
