/** `/spans`: spans by session (membership rule), service, trace and attributes. */
import type { SqlExecutor } from '../store/executor.js';
import { Conditions, TIME_RANGE } from './conditions.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { spansOfSession } from './session-membership.js';
import { SPAN_COLUMNS, type Span, toSpan } from './trace-spans.js';

export interface SpanFilter {
  from: number;
  to: number;
  sessionId?: string | undefined;
  service?: string | undefined;
  traceId?: string | undefined;
  attributes: Array<[string, string]>;
  limit: number;
  cursor?: string | undefined;
}

export async function listSpans(
  store: SqlExecutor,
  filter: SpanFilter,
): Promise<{ spans: Span[]; nextCursor: string | null }> {
  const where = new Conditions({ limit: filter.limit })
    .timeRange(filter)
    .add(spansOfSession(TIME_RANGE()), { sessionId: filter.sessionId })
    .add('ServiceName = {service:String}', { service: filter.service })
    .add('TraceId = {traceId:String}', { traceId: filter.traceId });
  filter.attributes.forEach(([key, value], i) => {
    where.add(`SpanAttributes[{attrKey${i}:String}] = {attrValue${i}:String}`, {
      [`attrKey${i}`]: key,
      [`attrValue${i}`]: value,
    });
  });
  // Nanosecond times exceed 2^53: the cursor keeps them as text.
  const after = decodeCursor(filter.cursor, ['string', 'string']);
  if (after) {
    where.add(
      '(toUnixTimestamp64Nano(Timestamp) < {afterNs:Int64} OR (toUnixTimestamp64Nano(Timestamp) = {afterNs:Int64} AND SpanId > {afterId:String}))',
      { afterNs: after[0], afterId: after[1] },
    );
  }
  const records = await store.query<Parameters<typeof toSpan>[0] & { Ns: string }>(
    `SELECT ${SPAN_COLUMNS}, toString(toUnixTimestamp64Nano(Timestamp)) AS Ns FROM otel_traces
     WHERE ${where} ORDER BY Timestamp DESC, SpanId LIMIT {limit:UInt32}`,
    where.params,
  );
  const spans = records.map(toSpan);
  const last = records[records.length - 1];
  return { spans, nextCursor: last && records.length === filter.limit ? encodeCursor([last.Ns, last.SpanId]) : null };
}
