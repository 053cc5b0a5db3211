/**
 * Decides, per outgoing request, which headers it gets and which trace context it carries (for RUM resource
 * collection). Nothing goes to a URL that no rule allows (the page's own origin counts as allowed unless
 * `traceSameOrigin: false`), nor to the SDK's own endpoint, nor from an untracked session.
 */
import type { OutgoingRequest } from '../instrument/outgoing-request.js';
import type { Reporter } from '../reporter.js';
import type { Session, SessionManager } from '../session/session-manager.js';
import { mergeBaggage } from './baggage.js';
import { createSpanId, createTraceId } from './ids.js';
import { existingTraceContext, type PropagatorType, type TraceContext, traceHeaders } from './propagators.js';
import { type AllowedTracingUrl, findTracingRule, isSameOrigin } from './url-matching.js';

/** The trace context a request carried, as RUM links it to the backend. */
export interface RequestTrace extends TraceContext {
  /** The propagators whose headers were sent; empty when the request already carried a trace header. */
  propagators: PropagatorType[];
  /** True when the page (or another instrumentation) had set the trace header; its ids are recorded instead. */
  reused: boolean;
}

/** What the tracer decided for one request. */
export interface TraceDecision {
  headers: Record<string, string>;
  /** Present when the request carries a trace context (sent by the SDK or already set by the page). */
  trace?: RequestTrace | undefined;
}

export interface RequestTracerConfig {
  allowedTracingUrls: AllowedTracingUrl[];
  propagatorTypes: PropagatorType[];
  traceContextInjection: 'sampled' | 'all';
  traceSameOrigin: boolean;
  tracestate: string;
  endpoint: string;
}

export function createRequestTracer(
  config: RequestTracerConfig,
  sessions: SessionManager,
  /** Members the SDK adds to the request's baggage. */
  baggageEntries: (session: Session) => Map<string, string>,
  reporter: Reporter,
  /** The page's own origin (`window.origin`): traced by default unless `traceSameOrigin: false`. */
  pageOrigin: string,
): (request: OutgoingRequest, target: URL, baseURI: string) => TraceDecision | undefined {
  const onRuleError = (error: unknown) =>
    reporter.configError(`an allowedTracingUrls function threw (${String(error)}); it counts as no match`);

  /** `target`: the request's URL, resolved against the page's base URL `baseURI`. */
  return (request, target, baseURI) => {
    if (config.endpoint && findTracingRule(target, [config.endpoint], baseURI)) return undefined;
    const rule =
      findTracingRule(target, config.allowedTracingUrls, baseURI, onRuleError) ??
      (config.traceSameOrigin && isSameOrigin(target, pageOrigin) ? { match: '' } : undefined);
    if (!rule) return undefined;
    const session = sessions.current();
    if (!session.tracked) return undefined;

    const existing = request.header && existingTraceContext(request.header);
    const context = existing ?? { traceId: createTraceId(), spanId: createSpanId(), sampled: session.traced };
    const propagators =
      !existing && (context.sampled || config.traceContextInjection === 'all')
        ? (rule.propagatorTypes ?? config.propagatorTypes)
        : [];
    const headers = traceHeaders(context, propagators, config.tracestate);
    const ownBaggage = request.header?.('baggage');
    const baggage = mergeBaggage(ownBaggage, baggageEntries(session));
    if (baggage !== undefined && baggage !== ownBaggage) headers.baggage = baggage;

    const traced = existing || propagators.length > 0;
    return { headers, trace: traced ? { ...context, propagators, reused: !!existing } : undefined };
  };
}
