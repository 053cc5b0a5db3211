import type { SqlExecutor } from '../store/executor.js';

/**
 * "This RUM event's trace is stored", as SQL, for queries that filter or count on it: true when at least one span of
 * its trace id is stored. otel_traces is sorted by TraceId, so the check is a primary-key lookup scoped to the trace
 * ids the RUM WHERE clause selects, instead of a set of every stored trace id.
 */
export function storedTraceCondition(rumWhere: string): string {
  return `(TraceId != '' AND TraceId IN (
    SELECT DISTINCT TraceId FROM otel_traces
    WHERE TraceId IN (SELECT TraceId FROM rum_events WHERE ${rumWhere} AND TraceId != '')))`;
}

/**
 * The same check for events already read: which of `traceIds` have a stored span. On its own and on one thread, this
 * lookup takes 7–13 ms where the condition above added about 20 ms to the timeline's RUM read (a session's ~10 trace
 * ids among 10M spans in 23 parts, bench/RESULTS.md's data set; the lookup took 19 ms on the default two threads).
 */
export async function storedTraceIds(store: SqlExecutor, traceIds: string[]): Promise<Set<string>> {
  if (traceIds.length === 0) return new Set();
  const rows = await store.query<{ TraceId: string }>(
    'SELECT DISTINCT TraceId FROM otel_traces WHERE TraceId IN {traceIds:Array(String)} SETTINGS max_threads = 1',
    { traceIds },
  );
  return new Set(rows.map((row) => row.TraceId));
}
