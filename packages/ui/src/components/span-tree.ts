/**
 * Spans in waterfall order: each span after its parent, siblings by start time. A span whose parent is not stored
 * is a root (a browser-started trace's backend root has the browser's never-exported span as parent).
 */
import type { Span } from '../api/types';

export interface WaterfallRow {
  span: Span;
  depth: number;
}

export function waterfallRows(spans: readonly Span[]): WaterfallRow[] {
  const ids = new Set(spans.map((span) => span.spanId));
  const children = new Map<string, Span[]>();
  const roots: Span[] = [];
  for (const span of spans) {
    if (span.parentSpanId && ids.has(span.parentSpanId) && span.parentSpanId !== span.spanId) {
      const siblings = children.get(span.parentSpanId) ?? [];
      siblings.push(span);
      children.set(span.parentSpanId, siblings);
    } else {
      roots.push(span);
    }
  }
  const rows: WaterfallRow[] = [];
  const visited = new Set<string>();
  const visit = (span: Span, depth: number) => {
    // Ids are data: a cycle of parent ids must not hang the page.
    if (visited.has(span.spanId)) return;
    visited.add(span.spanId);
    rows.push({ span, depth });
    for (const child of (children.get(span.spanId) ?? []).sort((a, b) => a.start - b.start)) visit(child, depth + 1);
  };
  for (const root of roots.sort((a, b) => a.start - b.start)) visit(root, 0);
  // Spans only reachable through a cycle still get shown, flat.
  for (const span of spans) if (!visited.has(span.spanId)) visit(span, 0);
  return rows;
}

export function traceBounds(spans: readonly Span[]): { start: number; durationMs: number } {
  if (spans.length === 0) return { start: 0, durationMs: 0 };
  const start = Math.min(...spans.map((span) => span.start));
  const end = Math.max(...spans.map((span) => span.start + span.durationMs));
  return { start, durationMs: end - start };
}
