/**
 * "This RUM event's trace is stored": true when at least one span of its trace id is stored. otel_traces is sorted by
 * TraceId, so the check is a primary-key lookup scoped to the trace ids the RUM WHERE clause selects, instead of a
 * set of every stored trace id.
 */
export function storedTraceCondition(rumWhere: string): string {
  return `(TraceId != '' AND TraceId IN (
    SELECT DISTINCT TraceId FROM otel_traces
    WHERE TraceId IN (SELECT TraceId FROM rum_events WHERE ${rumWhere} AND TraceId != '')))`;
}
