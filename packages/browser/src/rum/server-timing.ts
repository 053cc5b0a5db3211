/**
 * `Server-Timing: traceparent;desc="00-<trace>-<span>-01"`: how a backend tells the page which trace served it.
 * It links the document load, and any request that carried no trace header, to its backend trace.
 */
import type { TraceLink } from './rum-event.js';

const TRACEPARENT = /^00-([\da-f]{32})-([\da-f]{16})-([\da-f]{2})$/;

/** The link a traceparent value gives, or undefined when it is not one (or its ids are all zero). */
export function linkFromTraceparent(value: string | null | undefined): TraceLink | undefined {
  const match = TRACEPARENT.exec(value?.trim().toLowerCase() ?? '');
  if (!match || !/[^0]/.test(match[1]!) || !/[^0]/.test(match[2]!)) return undefined;
  return {
    traceId: match[1]!,
    spanId: match[2]!,
    sampled: (Number.parseInt(match[3]!, 16) & 1) === 1,
    linkSource: 'server-timing',
  };
}

/** The traceparent metric of a `Server-Timing` header value (metrics are comma-separated, parameters `;`-separated). */
export function traceparentOfHeader(header: string | null): string | undefined {
  for (const metric of header?.split(',') ?? []) {
    const [name, ...params] = metric.split(';');
    if (name?.trim().toLowerCase() !== 'traceparent') continue;
    for (const param of params) {
      const [key, value] = param.split('=');
      if (key?.trim().toLowerCase() === 'desc' && value) return value.trim().replace(/^"|"$/g, '');
    }
  }
  return undefined;
}

/** The traceparent metric of a performance entry (navigation or resource), when the browser exposes it. */
export const traceparentOfEntry = (entry: PerformanceResourceTiming): string | undefined =>
  entry.serverTiming?.find((metric) => metric.name.toLowerCase() === 'traceparent')?.description;
