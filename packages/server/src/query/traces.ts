/** `/traces/:traceId`: the spans of a trace and the RUM origin that started it (session → view → resource → action). */
import type { SqlExecutor } from '../store/executor.js';
import { RUM_EVENT_COLUMNS, type RumEvent, toRumEvent } from './rum-events.js';
import { getSessionSummary, type SessionSummary } from './sessions.js';
import { readTraceSpans, type Span } from './trace-spans.js';

export interface RumOrigin {
  session: SessionSummary | null;
  view: RumEvent | null;
  resource: RumEvent | null;
  action: RumEvent | null;
  /** The RUM event carrying the trace id when it is not a resource (an error or an action). */
  event: RumEvent;
}

type RumEventRecord = Parameters<typeof toRumEvent>[0];

export async function getTrace(
  store: SqlExecutor,
  traceId: string,
): Promise<{ traceId: string; spans: Span[]; rum: RumOrigin | null } | undefined> {
  const [spans, rum] = await Promise.all([readTraceSpans(store, [traceId]), rumOrigin(store, traceId)]);
  if (spans.length === 0 && !rum) return undefined;
  return { traceId, spans, rum };
}

export async function rumOrigin(store: SqlExecutor, traceId: string): Promise<RumOrigin | null> {
  const [carrier] = await store.query<RumEventRecord>(
    // No FINAL: only views are versioned, and views carry no trace id; a retried duplicate is identical.
    `SELECT ${RUM_EVENT_COLUMNS}, 1 AS HasTrace FROM rum_events WHERE TraceId = {traceId:String}
     ORDER BY Type = 'resource' DESC, Timestamp LIMIT 1`,
    { traceId },
  );
  if (!carrier) return null;
  const event = toRumEvent(carrier);
  const [session, related] = await Promise.all([
    getSessionSummary(store, event.sessionId, { withServices: false }),
    store.query<RumEventRecord>(
      `SELECT ${RUM_EVENT_COLUMNS}, 0 AS HasTrace FROM rum_events FINAL
       WHERE SessionId = {sessionId:String}
         AND ((Type = 'view' AND EventId = {viewId:String}) OR (Type = 'action' AND EventId = {actionId:String}))`,
      { sessionId: event.sessionId, viewId: event.viewId, actionId: event.actionId ?? '' },
    ),
  ]);
  const relatedEvents = related.map(toRumEvent);
  return {
    session: session ?? null,
    view: relatedEvents.find((candidate) => candidate.type === 'view') ?? null,
    resource: event.type === 'resource' ? event : null,
    action: event.type === 'action' ? event : (relatedEvents.find((candidate) => candidate.type === 'action') ?? null),
    event,
  };
}
