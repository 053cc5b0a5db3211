/**
 * When fetch and XHR requests end, for request observers (RUM collection). Only the entries that observe requests
 * import this module: the tracing-only entry never tracks completion, so it does not carry this code either.
 * instrument/fetch.ts and instrument/xhr.ts call it at the points of their wrappers where a request starts and ends.
 */
import { guarded, type Reporter } from '../reporter.js';
import type { RequestOutcome } from './outgoing-request.js';

type Complete = (outcome: RequestOutcome) => void;

export interface RequestCompletion {
  /** A fetch the observer wants to see end. `result` is the page's promise, returned untouched by the caller. */
  fetch(result: Promise<Response>, complete: Complete): void;
  /** XHR open(): a request of this object still in flight is aborted (open() fires no event for it). */
  xhrOpened(xhr: XMLHttpRequest): void;
  /** XHR send() of a request the observer wants to see end. */
  xhrSending(xhr: XMLHttpRequest, complete: Complete): void;
  /** After the original send() returned or threw: a synchronous request has completed by now. */
  xhrSent(xhr: XMLHttpRequest): void;
}

export function requestCompletion(reporter: Reporter): RequestCompletion {
  /** Observed XHRs sent and not yet completed. */
  const inFlight = new WeakMap<XMLHttpRequest, Complete>();
  // Completes an observed XHR once: at loadend, after a synchronous send, or when open() aborts it.
  const finish = (xhr: XMLHttpRequest, aborted?: boolean) => {
    const complete = inFlight.get(xhr);
    inFlight.delete(xhr);
    if (complete) guarded(reporter, () => complete(aborted ? { status: 0 } : { status: xhr.status, response: xhr }));
  };
  return {
    fetch(result, complete) {
      // A branch of its own: the page's promise is returned untouched and its rejection stays the page's to handle.
      result.then(
        (response) => guarded(reporter, () => complete({ status: response.status, response })),
        () => guarded(reporter, () => complete({ status: 0 })),
      );
    },
    xhrOpened: (xhr) => finish(xhr, true),
    xhrSending(xhr, complete) {
      inFlight.set(xhr, complete);
      xhr.addEventListener('loadend', () => finish(xhr), { once: true });
    },
    xhrSent(xhr) {
      if (xhr.readyState === 4) finish(xhr);
    },
  };
}
