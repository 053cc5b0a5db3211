/**
 * The session-membership rule (design brief): a span or log belongs to a session when it carries `session.id`
 * from baggage, OR its trace id is linked to a RUM event of that session. The second clause covers services that
 * forward trace context but not baggage.
 *
 * Both tables share the `SessionId` and `TraceId` column names, so one fragment serves spans and logs; the caller
 * binds `{sessionId:String}`.
 */
export const SESSION_TRACE_IDS =
  "SELECT DISTINCT TraceId FROM rum_events WHERE SessionId = {sessionId:String} AND TraceId != ''";

export const BELONGS_TO_SESSION = `(SessionId = {sessionId:String} OR TraceId IN (${SESSION_TRACE_IDS}))`;

/**
 * The rule for otel_traces, in a form its primary key (TraceId first) can use: the session's trace ids (linked through
 * RUM, or carried by one of its spans within `timeBound`) narrow the read to the granules of those traces, and the
 * rule then filters their spans. The plain rule is an OR of two columns, which no index can prune: it read every
 * granule of the time range (bench/RESULTS.md). `timeBound`: SQL over the caller's bound parameters, or '1'.
 */
export const spansOfSession = (timeBound: string) =>
  `TraceId IN (${SESSION_TRACE_IDS} UNION DISTINCT
    SELECT TraceId FROM otel_traces WHERE SessionId = {sessionId:String} AND ${timeBound}) AND ${BELONGS_TO_SESSION}`;
