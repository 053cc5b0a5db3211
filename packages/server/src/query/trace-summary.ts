/** A one-line summary of stored traces: what a RUM resource's "trace" tab opens. */
import type { SqlExecutor } from '../store/executor.js';
import { findRootSpan, readTraceSpans, type Span } from './trace-spans.js';

export interface TraceSummary {
  traceId: string;
  rootService: string;
  rootName: string;
  start: number;
  durationMs: number;
  spanCount: number;
  errorCount: number;
  services: string[];
}

export async function traceSummaries(store: SqlExecutor, traceIds: string[]): Promise<Map<string, TraceSummary>> {
  const spans = await readTraceSpans(store, traceIds);
  const byTrace = new Map<string, Span[]>();
  for (const span of spans) {
    const list = byTrace.get(span.traceId);
    if (list) list.push(span);
    else byTrace.set(span.traceId, [span]);
  }
  const summaries = new Map<string, TraceSummary>();
  for (const [traceId, traceSpans] of byTrace) {
    const root = findRootSpan(traceSpans)!;
    const start = Math.min(...traceSpans.map((span) => span.start));
    const end = Math.max(...traceSpans.map((span) => span.start + span.durationMs));
    summaries.set(traceId, {
      traceId,
      rootService: root.service,
      rootName: root.name,
      start,
      durationMs: end - start,
      spanCount: traceSpans.length,
      errorCount: traceSpans.filter((span) => span.status === 'Error').length,
      services: [...new Set(traceSpans.map((span) => span.service))],
    });
  }
  return summaries;
}
