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
