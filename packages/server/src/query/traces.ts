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
  // The carrier: a resource if there is one (the request that started the trace), else an error.
  const [link] = await store.query<{
    SessionId: string;
    Type: string;
    EventId: string;
    ViewId: string;
    ActionId: string;
  }>(
    `SELECT SessionId, Type, EventId, ViewId, ActionId FROM rum_trace_links WHERE TraceId = {traceId:String}
     ORDER BY Type = 'resource' DESC, Timestamp LIMIT 1`,
    { traceId },
  );
  if (!link) return null;
  const [session, related] = await Promise.all([
    getSessionSummary(store, link.SessionId, { withServices: false }),
    store.query<RumEventRecord>(
      // Each event at its highest version (views are versioned), without FINAL's cost over the session's parts.
      `SELECT ${RUM_EVENT_COLUMNS}, Type = {type:String} AND EventId = {eventId:String} AS HasTrace FROM rum_events
       WHERE SessionId = {sessionId:String}
         AND ((Type = {type:String} AND EventId = {eventId:String}) OR (Type = 'view' AND EventId = {viewId:String})
           OR (Type = 'action' AND EventId = {actionId:String}))
       ORDER BY Version DESC LIMIT 1 BY Type, EventId`,
      {
        sessionId: link.SessionId,
        type: link.Type,
        eventId: link.EventId,
        viewId: link.ViewId,
        actionId: link.ActionId,
      },
    ),
  ]);
  const events = related.map(toRumEvent);
  const event = events.find((candidate) => candidate.eventId === link.EventId && candidate.type === link.Type);
  if (!event) return null;
  return {
    session: session ?? null,
    view: events.find((candidate) => candidate.type === 'view') ?? null,
    resource: event.type === 'resource' ? event : null,
    action: events.find((candidate) => candidate.type === 'action') ?? null,
    event,
  };
}
