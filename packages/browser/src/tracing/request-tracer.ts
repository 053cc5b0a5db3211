/**
 * Decides, per outgoing request, which headers it gets and which trace context it carries (for RUM resource
 * collection). Nothing goes to a URL that no rule allows (the page's own origin counts as allowed unless
 * `traceSameOrigin: false`), nor to the SDK's own endpoint, nor from an untracked session.
 */
import type { OutgoingRequest, RequestInterceptor } from '../instrument/outgoing-request.js';
import type { Reporter } from '../reporter.js';
import type { SessionManager } from '../session/session-manager.js';
import { mergeBaggage } from './baggage.js';
import { createSpanId, createTraceId } from './ids.js';
import { existingTraceContext, type PropagatorType, type TraceContext, traceHeaders } from './propagators.js';
import { type AllowedTracingUrl, findTracingRule, isSameOrigin, parseUrl } from './url-matching.js';

/** The trace context a request carried, as RUM links it to the backend. */
export interface RequestTrace extends TraceContext {
  /** The propagators whose headers were sent; empty when the request already carried a trace header. */
  propagators_: PropagatorType[];
  /** True when the page (or another instrumentation) had set the trace header; its ids are recorded instead. */
  reused_: boolean;
}

/** Told of every fetch/XHR as it starts: its URL resolved against the page, and the trace context it carries. */
export type RequestListener = (url: URL, trace: RequestTrace | undefined) => void;

export interface RequestTracerConfig {
  allowedTracingUrls: AllowedTracingUrl[];
  propagatorTypes: PropagatorType[];
  traceContextInjection: 'sampled' | 'all';
  traceSameOrigin: boolean;
  tracestate: string;
  endpoint: string;
  baggage: { allowedKeys: string[] };
}

export function createRequestInterceptor(
  config: RequestTracerConfig,
  sessions: SessionManager,
  /** What the page adds to its traced requests' baggage: setBaggageItem items, and setAttributes attributes (sent
   *  when their key is in `baggage.allowedKeys`). */
  baggageItems: Map<string, string>,
  attributes: Map<string, string>,
  reporter: Reporter,
  /** `document.baseURI` resolves request URLs and string rules; `origin` is the page's own. */
  win: Window,
  observe: RequestListener,
): RequestInterceptor {
  const onRuleError = (error: unknown) =>
    reporter.configError_(`an allowedTracingUrls function threw (${String(error)}); it counts as no match`);

  /** Fills `headers` for the request to `target`; returns the trace context the request carries, if any. */
  const trace = (
    request: OutgoingRequest,
    target: URL,
    baseURI: string,
    headers: Record<string, string>,
  ): RequestTrace | undefined => {
    if (config.endpoint && findTracingRule(target, [config.endpoint], baseURI)) return undefined;
    const rule = findTracingRule(target, config.allowedTracingUrls, baseURI, onRuleError);
    if (!rule && !(config.traceSameOrigin && isSameOrigin(target, win.origin))) return undefined;
    const session = sessions();
    if (!session.tracked_) return undefined;

    const existing = request.headers_ && existingTraceContext(request.headers_);
    const context = existing ?? { traceId_: createTraceId(), spanId_: createSpanId(), sampled_: session.traced_ };
    const propagators =
      !existing && (context.sampled_ || config.traceContextInjection === 'all')
        ? (rule?.propagatorTypes ?? config.propagatorTypes)
        : [];
    Object.assign(headers, traceHeaders(context, propagators, config.tracestate));
    // Later entries win: attributes over the session id (both when their key is allowed), baggage items over both.
    const entries = new Map<string, string>();
    for (const [key, value] of [['session.id', session.id] as const, ...attributes]) {
      if (config.baggage.allowedKeys.includes(key)) entries.set(key, value);
    }
    for (const [key, value] of baggageItems) entries.set(key, value);
    const ownBaggage = request.headers_?.get('baggage');
    const baggage = mergeBaggage(ownBaggage, entries);
    if (baggage !== undefined && baggage !== ownBaggage) headers.baggage = baggage;
    return existing || propagators.length ? { ...context, propagators_: propagators, reused_: !!existing } : undefined;
  };

  return (request) => {
    // Parsed once for the tracer and RUM; a URL that does not parse is the page's call to fail.
    const baseURI = win.document.baseURI;
    const target = parseUrl(request.url_, baseURI);
    const headers = {};
    if (target) observe(target, trace(request, target, baseURI, headers));
    return headers;
  };
}
