/**
 * Starts the tracing core: the session manager, the request tracer and the fetch/XHR instrumentation, wired
 * together. Both public entries (`@rumlink/browser` and `@rumlink/browser/tracing`) are built on it.
 */

import type { Infer } from './config/schema.js';
import type { TracingConfigShape } from './config/tracing-config.js';
import { instrumentFetch } from './instrument/fetch.js';
import { instrumentXhr } from './instrument/xhr.js';
import type { Reporter } from './reporter.js';
import { type Session, type SessionManager, startSessionManager } from './session/session-manager.js';
import { bestSessionStorage } from './session/session-storage.js';
import { createRequestInterceptor, type RequestListener } from './tracing/request-tracer.js';

export type TracingConfig = Infer<TracingConfigShape>;

export interface TracingCore {
  sessions_: SessionManager;
  /** Set by RUM collection (instrument/request-completion.ts): told of every request as it starts. */
  observeRequest_?: RequestListener | undefined;
  /** Set by RUM collection: called when the session is renewed (its views restart); it must not throw, since the
   *  renewal happens inside whichever call asked for the session. */
  onSessionRenewed_?: ((session: Session) => void) | undefined;
  /** `fetch` as it was before the SDK wrapped it: the SDK's own requests go through it, never instrumented. */
  fetch_: typeof fetch;
  stop_(): void;
}

export function startTracingCore(
  config: TracingConfig,
  win: Window,
  reporter: Reporter,
  baggageItems: Map<string, string>,
  attributes: Map<string, string>,
): TracingCore {
  const sessions = startSessionManager({
    storage_: bestSessionStorage(win),
    sampleRates_: config,
    onRenew_: (session) => core.onSessionRenewed_?.(session),
  });
  const intercept = createRequestInterceptor(config, sessions, baggageItems, attributes, reporter, win, (url, trace) =>
    core.observeRequest_?.(url, trace),
  );
  const core: TracingCore = {
    sessions_: sessions,
    fetch_: win.fetch.bind(win),
    stop_() {
      stopFetch();
      stopXhr();
    },
  };
  const stopFetch = instrumentFetch(win, intercept, reporter);
  const stopXhr = instrumentXhr(win, intercept, reporter);
  return core;
}
