/**
 * Starts the tracing core: the session manager, the request tracer and the fetch/XHR instrumentation, wired
 * together. Both public entries (`@rumlink/browser` and `@rumlink/browser/tracing`) are built on it.
 */

import type { Infer } from './config/schema.js';
import type { TracingConfigShape } from './config/tracing-config.js';
import { instrumentFetch } from './instrument/fetch.js';
import { instrumentXhr } from './instrument/xhr.js';
import { createObservable, type Observable } from './observable.js';
import type { Reporter } from './reporter.js';
import { type Session, type SessionManager, startSessionManager } from './session/session-manager.js';
import { bestSessionStorage } from './session/session-storage.js';
import { createRequestTracer, type TracedRequest } from './tracing/request-tracer.js';

export type TracingConfig = Infer<TracingConfigShape>;

export interface TracingCore {
  sessions: SessionManager;
  tracedRequests: Observable<TracedRequest>;
  sessionRenewed: Observable<Session>;
  stop(): void;
}

export interface TracingCoreContext {
  /** Items set with setBaggageItem. */
  baggageItems: Map<string, string>;
  /** Session attributes (setAttributes); those whose keys are in baggage.allowedKeys also travel in baggage. */
  attributes: Map<string, string>;
}

export function startTracingCore(
  config: TracingConfig,
  win: Window,
  reporter: Reporter,
  context: TracingCoreContext,
): TracingCore {
  const tracedRequests = createObservable<TracedRequest>(reporter.internalError);
  const sessionRenewed = createObservable<Session>(reporter.internalError);
  const sessions = startSessionManager({
    storage: bestSessionStorage(win),
    sampleRates: config,
    onRenew: (session) => sessionRenewed.notify(session),
  });
  const allowedKeys = new Set(config.baggage.allowedKeys);

  const baggageEntries = () => {
    const entries = new Map<string, string>();
    if (allowedKeys.has('session.id')) entries.set('session.id', sessions.current().id);
    for (const [key, value] of context.attributes) if (allowedKeys.has(key)) entries.set(key, value);
    for (const [key, value] of context.baggageItems) entries.set(key, value);
    return entries;
  };

  const intercept = createRequestTracer({
    config,
    baseURI: () => win.document.baseURI,
    currentSession: () => sessions.current(),
    baggageEntries,
    tracedRequests,
    reporter,
  });
  const fetchInstrumentation = instrumentFetch(win, intercept, reporter);
  const xhrInstrumentation = instrumentXhr(win, intercept, reporter);

  return {
    sessions,
    tracedRequests,
    sessionRenewed,
    stop() {
      fetchInstrumentation.stop();
      xhrInstrumentation.stop();
      sessions.stop();
    },
  };
}
