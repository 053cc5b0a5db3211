/**
 * Starts the tracing core: the session manager, the request tracer and the fetch/XHR instrumentation, wired
 * together. Both public entries (`@rumlink/browser` and `@rumlink/browser/tracing`) are built on it.
 */

import type { Infer } from './config/schema.js';
import type { TracingConfigShape } from './config/tracing-config.js';
import { instrumentFetch } from './instrument/fetch.js';
import type { OutgoingRequest, RequestInterceptor, RequestOutcome } from './instrument/outgoing-request.js';
import type { RequestCompletion } from './instrument/request-completion.js';
import { instrumentXhr } from './instrument/xhr.js';
import { guarded, type Reporter } from './reporter.js';
import { type Session, type SessionManager, startSessionManager } from './session/session-manager.js';
import { bestSessionStorage } from './session/session-storage.js';
import { createRequestTracer, type RequestTrace } from './tracing/request-tracer.js';
import { parseUrl } from './tracing/url-matching.js';

export type TracingConfig = Infer<TracingConfigShape>;

/** Sees every fetch/XHR as it starts (its URL resolved against the page, and the trace context it carries); returns
 *  what to call when it ends. */
export type RequestObserver = (
  request: OutgoingRequest,
  url: URL,
  trace: RequestTrace | undefined,
) => ((outcome: RequestOutcome) => void) | undefined;

export interface TracingCore {
  sessions: SessionManager;
  /** Set by RUM collection (whose entry gives the core request completion tracking). Without an observer,
   *  requests are only given headers: no completion is tracked. */
  observeRequest?: RequestObserver | undefined;
  /** Set by RUM collection: called when the session is renewed (its views restart). */
  onSessionRenewed?: ((session: Session) => void) | undefined;
  /** `fetch` as it was before the SDK wrapped it: the SDK's own requests go through it, never instrumented. */
  fetch: typeof fetch;
  stop(): void;
}

export interface TracingCoreContext {
  /** Items set with setBaggageItem. */
  baggageItems: Map<string, string>;
  /** Session attributes (setAttributes); those whose keys are in baggage.allowedKeys also travel in baggage. */
  attributes: Map<string, string>;
  /** Given by entries that observe requests (`observeRequest`): without it, no request's end is ever seen. */
  completion?: RequestCompletion | undefined;
}

export function startTracingCore(
  config: TracingConfig,
  win: Window,
  reporter: Reporter,
  { baggageItems, attributes, completion }: TracingCoreContext,
): TracingCore {
  const sessions = startSessionManager({
    storage: bestSessionStorage(win),
    sampleRates: config,
    // The renewal happens inside whichever call asked for the session: a failing listener must not fail that call.
    onRenew: (session) => guarded(reporter, () => core.onSessionRenewed?.(session)),
  });
  const allowedKeys = new Set(config.baggage.allowedKeys);

  const baggageEntries = (session: Session) => {
    const entries = new Map<string, string>();
    if (allowedKeys.has('session.id')) entries.set('session.id', session.id);
    for (const [key, value] of attributes) if (allowedKeys.has(key)) entries.set(key, value);
    for (const [key, value] of baggageItems) entries.set(key, value);
    return entries;
  };
  const traceRequest = createRequestTracer(config, sessions, baggageEntries, reporter, win.origin);
  const intercept: RequestInterceptor = (request) => {
    // Parsed once for the tracer and RUM; a URL that does not parse is the page's call to fail.
    const baseURI = win.document.baseURI;
    const target = parseUrl(request.url, baseURI);
    if (!target) return undefined;
    const decision = traceRequest(request, target, baseURI);
    // No headers and no observer leave the request exactly as the page made it.
    return { headers: decision?.headers ?? {}, complete: core.observeRequest?.(request, target, decision?.trace) };
  };
  const original = win.fetch;
  const core: TracingCore = {
    sessions,
    fetch: original?.bind(win),
    stop() {
      stopFetch();
      stopXhr();
      sessions.stop();
    },
  };
  const stopFetch = instrumentFetch(win, intercept, reporter, completion);
  const stopXhr = instrumentXhr(win, intercept, reporter, completion);
  return core;
}
