/** `/traces/:traceId`: the spans of a trace and the RUM origin that started it (session → view → resource → action). */
import type { SqlExecutor } from '../store/executor.js';
import { readTogether } from './read-together.js';
import { RUM_EVENT_COLUMNS, type RumEvent, toRumEvent } from './rum-events.js';
import { type SessionRecord, type SessionSummary, sessionSummarySql, toSessionSummary } from './sessions.js';
import { MAX_TRACE_SPANS, type Span, type SpanRecord, TRACE_SPANS_SQL, toSpan } from './trace-spans.js';

export interface RumOrigin {
  session: SessionSummary | null;
  view: RumEvent | null;
  resource: RumEvent | null;
  action: RumEvent | null;
  /** The RUM event carrying the trace id when it is not a resource (an error or an action). */
  event: RumEvent;
}

type RumEventRecord = Parameters<typeof toRumEvent>[0];

/**
 * The RUM event that carries the trace: a resource if there is one (the request that started the trace), else an
 * error or an action. A scalar subquery, so each read below finds its rows by primary key with the link's values.
 */
const LINK = `WITH (
  SELECT tuple(SessionId, Type, EventId, ViewId, ActionId) FROM rum_trace_links WHERE TraceId = {traceId:String}
  ORDER BY Type = 'resource' DESC, Timestamp LIMIT 1) AS link`;

/** The carrier, its view and its action, each at its highest version (views are versioned). */
const ORIGIN_EVENTS = `${LINK}
  SELECT ${RUM_EVENT_COLUMNS}, Type = link.2 AND EventId = link.3 AS IsCarrier FROM rum_events
  WHERE SessionId = link.1
    AND ((Type = link.2 AND EventId = link.3) OR (Type = 'view' AND EventId = link.4)
      OR (Type = 'action' AND EventId = link.5))
  ORDER BY Version DESC LIMIT 1 BY Type, EventId`;

/** The session's summary, without the linked-resource count: a look-up of every trace of the session, which would
 *  double this route's time (bench/RESULTS.md); `/sessions/:id` has it. */
const ORIGIN_SESSION = `${LINK} ${sessionSummarySql('SessionId = link.1', { linkedResources: false })}`;

/** One statement for the spans and the RUM origin (read-together.ts): this route's reads are independent. */
export async function getTrace(
  store: SqlExecutor,
  traceId: string,
): Promise<{ traceId: string; spans: Span[]; rum: RumOrigin | null } | undefined> {
  const [spanRecords, eventRecords, sessionRecords] = await readTogether<
    [SpanRecord[], (RumEventRecord & { IsCarrier: number })[], SessionRecord[]]
  >(store, [TRACE_SPANS_SQL, ORIGIN_EVENTS, ORIGIN_SESSION], {
    traceId,
    traceIds: [traceId],
    maxSpans: MAX_TRACE_SPANS,
  });
  const spans = spanRecords.map(toSpan);
  const carrier = eventRecords.find((record) => record.IsCarrier);
  if (spans.length === 0 && !carrier) return undefined;
  const event = (type: string) => {
    const record = eventRecords.find((candidate) => candidate.Type === type && !candidate.IsCarrier);
    return record ? toRumEvent({ ...record, HasTrace: 0 }) : null;
  };
  const origin = carrier && toRumEvent({ ...carrier, HasTrace: spans.length > 0 ? 1 : 0 });
  return {
    traceId,
    spans,
    rum: origin
      ? {
          session: sessionRecords[0] ? toSessionSummary(sessionRecords[0]) : null,
          view: event('view'),
          resource: origin.type === 'resource' ? origin : null,
          action: origin.type === 'action' ? origin : event('action'),
          event: origin,
        }
      : null,
  };
}
