/**
 * When fetch and XHR requests end, for request observers (RUM collection). Only the entries that observe requests
 * import this module: the tracing-only entry never tracks completion, so it does not carry this code either.
 * It wraps fetch and XHR open/send on top of the tracing instrumentation (instrument/fetch.ts, instrument/xhr.ts):
 * the tracing core calls `onRequest` from inside the wrapped call, and the observer's answer for that request is
 * what this layer calls when the request ends.
 */
import { guarded, type Reporter } from '../reporter.js';
import type { RequestListener, RequestTrace } from '../tracing/request-tracer.js';
import type { RequestOutcome } from './outgoing-request.js';
import { patch } from './patch.js';

type Complete = (outcome: RequestOutcome) => void;

/** What this layer knows of a request from the page's own call. */
export interface StartedRequest {
  kind: 'fetch' | 'xhr';
  method: string;
}

/** Sees every fetch/XHR as it starts (its URL resolved against the page, and the trace context it carries); returns
 *  what to call when it ends. */
export type RequestObserver = (
  request: StartedRequest,
  url: URL,
  trace: RequestTrace | undefined,
) => Complete | undefined;

export interface RequestEnds {
  /** For the tracing core (`TracingCore.observeRequest`): asks the observer about the request starting now. */
  onRequest: RequestListener;
  stop(): void;
}

/** Starts after the tracing core, so that its wrappers call the core's. */
export function observeRequestEnds(win: Window, reporter: Reporter, observe: RequestObserver): RequestEnds {
  /** The request being made now, and the observer's answer for it (set by `onRequest` during the wrapped call). */
  let started: StartedRequest = { kind: 'fetch', method: 'GET' };
  let pending: Complete | undefined;
  /** XHR methods, from open(). */
  const methods = new WeakMap<XMLHttpRequest, string>();
  /** Observed XHRs sent and not yet completed. */
  const inFlight = new WeakMap<XMLHttpRequest, Complete>();
  // Completes an observed XHR once: at loadend, after a synchronous send, or when open() aborts it.
  const finish = (xhr: XMLHttpRequest, aborted?: boolean) => {
    const complete = inFlight.get(xhr);
    inFlight.delete(xhr);
    if (complete) guarded(reporter, () => complete(aborted ? { status: 0 } : { status: xhr.status, response: xhr }));
  };
  const proto = (win as Window & typeof globalThis).XMLHttpRequest.prototype;
  const restores = [
    patch(
      win,
      'fetch',
      (original) =>
        function (this: unknown, ...args: Parameters<typeof fetch>): Promise<Response> {
          const [input, init] = args;
          const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
          started = { kind: 'fetch', method: method.toUpperCase() };
          pending = undefined;
          const result: Promise<Response> = original.apply(this, args);
          const complete = pending as Complete | undefined; // set by onRequest during the call
          // A branch of its own: the page's promise is returned untouched and its rejection stays the page's to handle.
          if (complete) {
            result.then(
              (response) => guarded(reporter, () => complete({ status: response.status, response })),
              () => guarded(reporter, () => complete({ status: 0 })),
            );
          }
          return result;
        },
    ),
    // open() aborts a request of this object still in flight, and fires no event for it.
    patch(
      proto,
      'open',
      (open) =>
        function (this: XMLHttpRequest, ...args: Parameters<XMLHttpRequest['open']>) {
          finish(this, true);
          methods.set(this, String(args[0]).toUpperCase());
          return open.apply(this, args);
        },
    ),
    patch(
      proto,
      'send',
      (send) =>
        function (this: XMLHttpRequest, ...args: Parameters<XMLHttpRequest['send']>) {
          started = { kind: 'xhr', method: methods.get(this) ?? 'GET' };
          pending = undefined;
          try {
            return send.apply(this, args);
          } finally {
            const complete = pending as Complete | undefined; // set by onRequest during the call
            if (complete) {
              inFlight.set(this, complete);
              // A synchronous request has completed by now (its loadend has fired already).
              if (this.readyState === 4) finish(this);
              else this.addEventListener('loadend', () => finish(this), { once: true });
            }
          }
        },
    ),
  ];
  return {
    onRequest(url, trace) {
      pending = observe(started, url, trace);
    },
    stop() {
      for (const restore of restores) restore();
    },
  };
}
