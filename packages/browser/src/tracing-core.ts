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
  { baggageItems, attributes }: TracingCoreContext,
): TracingCore {
  const tracedRequests = createObservable<TracedRequest>(reporter.internalError);
  const sessionRenewed = createObservable<Session>(reporter.internalError);
  const sessions = startSessionManager({
    storage: bestSessionStorage(win),
    sampleRates: config,
    onRenew: sessionRenewed.notify,
  });
  const allowedKeys = new Set(config.baggage.allowedKeys);

  const baggageEntries = (session: Session) => {
    const entries = new Map<string, string>();
    if (allowedKeys.has('session.id')) entries.set('session.id', session.id);
    for (const [key, value] of attributes) if (allowedKeys.has(key)) entries.set(key, value);
    for (const [key, value] of baggageItems) entries.set(key, value);
    return entries;
  };
  const intercept = createRequestTracer(config, win, sessions, baggageEntries, tracedRequests.notify, reporter);
  const stopFetch = instrumentFetch(win, intercept, reporter);
  const stopXhr = instrumentXhr(win, intercept, reporter);

  return {
    sessions,
    tracedRequests,
    sessionRenewed,
    stop() {
      stopFetch();
      stopXhr();
      sessions.stop();
    },
  };
}
