/**
 * The `Server-Timing` entry that links a response to its server span. The span is the HTTP server span
 * instrumentation-http records for the request (kept in the context's RPC metadata), not whatever span is active in
 * a middleware, so the browser links to the request's root span in this service.
 */
import { type Context, isSpanContextValid, trace } from '@opentelemetry/api';
import { getRPCMetadata } from '@opentelemetry/core';
import { formatTraceparent } from '../ids.js';

export function serverTimingTraceparent(context: Context): string | undefined {
  const span = getRPCMetadata(context)?.span ?? trace.getSpan(context);
  const spanContext = span?.spanContext();
  // A remote span context is the caller's span (no server span was recorded): pointing the browser at it would link
  // the response to the browser's own request span.
  if (spanContext === undefined || !isSpanContextValid(spanContext) || spanContext.isRemote) return undefined;
  return `traceparent;desc="${formatTraceparent(spanContext)}"`;
}
