/**
 * Decides, per outgoing request, which headers it gets, and publishes a record of every traced request for RUM
 * resource collection. Nothing goes to a URL that no rule allows (the page's own origin counts as allowed unless
 * `traceSameOrigin: false`), nor to the SDK's own endpoint, nor from an untracked session.
 */
import type { RequestInterceptor } from '../instrument/outgoing-request.js';
import type { Reporter } from '../reporter.js';
import type { Session, SessionManager } from '../session/session-manager.js';
import { mergeBaggage } from './baggage.js';
import { createSpanId, createTraceId } from './ids.js';
import { existingTraceContext, type PropagatorType, traceHeaders } from './propagators.js';
import { type AllowedTracingUrl, findTracingRule, isSameOrigin } from './url-matching.js';

export interface TracedRequest {
  url: string;
  method: string;
  sessionId: string;
  traceId: string;
  spanId: string;
  sampled: boolean;
  /** The propagators whose headers were sent; empty when the request already carried a trace header. */
  propagators: PropagatorType[];
  /** True when the page (or another instrumentation) had set the trace header; its ids are recorded instead. */
  reusedTraceHeader: boolean;
  /** Epoch milliseconds. */
  start: number;
  end: number;
  /** HTTP status; 0 when the request failed or was aborted (its trace id is kept). */
  status: number;
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
  win: Window,
  sessions: SessionManager,
  /** Members the SDK adds to the request's baggage. */
  baggageEntries: (session: Session) => Map<string, string>,
  /** Receives the record of each traced request when it ends. */
  onTraced: (request: TracedRequest) => void,
  reporter: Reporter,
): RequestInterceptor {
  const onRuleError = (error: unknown) =>
    reporter.configError(`an allowedTracingUrls function threw (${String(error)}); it counts as no match`);

  return (request) => {
    const baseURI = win.document.baseURI;
    if (config.endpoint && findTracingRule(request.url, [config.endpoint], baseURI)) return undefined;
    const rule =
      findTracingRule(request.url, config.allowedTracingUrls, baseURI, onRuleError) ??
      (config.traceSameOrigin && isSameOrigin(request.url, baseURI) ? { match: '' } : undefined);
    if (!rule) return undefined;
    const session = sessions.current();
    if (!session.tracked) return undefined;

    const existing = existingTraceContext(request.header);
    const context = existing ?? { traceId: createTraceId(), spanId: createSpanId(), sampled: session.traced };
    const propagators =
      !existing && (context.sampled || config.traceContextInjection === 'all')
        ? (rule.propagatorTypes ?? config.propagatorTypes)
        : [];
    const headers = traceHeaders(context, propagators, config.tracestate);
    const ownBaggage = request.header('baggage');
    const baggage = mergeBaggage(ownBaggage, baggageEntries(session));
    if (baggage !== undefined && baggage !== ownBaggage) headers.baggage = baggage;

    const url = new URL(request.url, baseURI).href; // parses: a rule matched it
    const start = Date.now();
    const traced = existing || propagators.length > 0;
    return {
      headers,
      complete(status) {
        if (traced)
          onTraced({
            url,
            method: request.method,
            sessionId: session.id,
            traceId: context.traceId,
            spanId: context.spanId,
            sampled: context.sampled,
            propagators,
            reusedTraceHeader: !!existing,
            start,
            end: Date.now(),
            status,
          });
      },
    };
  };
}
