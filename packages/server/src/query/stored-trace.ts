/**
 * "This RUM event's trace is stored": true when at least one span of its trace id is stored. The check goes through
 * the trace-id lookup table (sorted by TraceId), scoped to the trace ids the RUM WHERE clause selects, instead of
 * building a set of every stored trace id.
 */
export function storedTraceCondition(rumWhere: string): string {
  return `(TraceId != '' AND TraceId IN (
    SELECT TraceId FROM otel_traces_trace_id_ts
    WHERE TraceId IN (SELECT TraceId FROM rum_events WHERE ${rumWhere} AND TraceId != '')))`;
}
