/** `/traces/:traceId`: the spans of a trace and the RUM origin that started it (session → view → resource → action). */
import type { SqlExecutor } from '../store/executor.js';
import { readTogether } from './read-together.js';
import { type RumEvent, toRumEvent } from './rum-events.js';
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

/** The session summary with the carrier, its view and its action as JSON ('' when the session has no such event). */
interface OriginRecord extends SessionRecord {
  Carrier: string;
  View: string;
  Action: string;
}

/**
 * The RUM event that carries the trace: a resource if there is one (the request that started the trace), else an
 * error or an action. A scalar subquery, so the read below finds the session's rows by primary key.
 */
const LINK = `WITH (
  SELECT tuple(SessionId, Type, EventId, ViewId, ActionId) FROM rum_trace_links WHERE TraceId = {traceId:String}
  ORDER BY Type = 'resource' DESC, Timestamp LIMIT 1) AS link`;

/**
 * One pass over the origin's session: its summary, and the carrier, its view and its action, each at its highest
 * version (views are versioned). Without the linked-resource count: a look-up of every trace of the session, which
 * would double this route's time (bench/RESULTS.md); `/sessions/:id` has it.
 */
const ORIGIN = `${LINK} ${sessionSummarySql('SessionId = link.1', {
  linkedResources: false,
  latestEvents: {
    Carrier: 'Type = link.2 AND EventId = link.3',
    View: "Type = 'view' AND EventId = link.4",
    Action: "Type = 'action' AND EventId = link.5",
  },
})}`;

type RumEventRecord = Parameters<typeof toRumEvent>[0];

function eventFromJson(json: string, hasTrace: boolean): RumEvent | null {
  return json ? toRumEvent({ ...(JSON.parse(json) as RumEventRecord), HasTrace: hasTrace ? 1 : 0 }) : null;
}

/** One statement for the spans and the RUM origin (read-together.ts): this route's reads are independent. */
export async function getTrace(
  store: SqlExecutor,
  traceId: string,
): Promise<{ traceId: string; spans: Span[]; rum: RumOrigin | null } | undefined> {
  const [spanRecords, originRecords] = await readTogether<[SpanRecord[], OriginRecord[]]>(
    store,
    [TRACE_SPANS_SQL, ORIGIN],
    { traceId, traceIds: [traceId], maxSpans: MAX_TRACE_SPANS },
  );
  const spans = spanRecords.map(toSpan);
  const origin = originRecords[0];
  const carrier = origin ? eventFromJson(origin.Carrier, spans.length > 0) : null;
  if (spans.length === 0 && !carrier) return undefined;
  return {
    traceId,
    spans,
    rum:
      origin && carrier
        ? {
            session: toSessionSummary(origin),
            view: eventFromJson(origin.View, false),
            resource: carrier.type === 'resource' ? carrier : null,
            action: carrier.type === 'action' ? carrier : eventFromJson(origin.Action, false),
            event: carrier,
          }
        : null,
  };
}
