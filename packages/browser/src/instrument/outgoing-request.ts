/** The contract between the platform instrumentations (fetch, XHR) and the tracing core that decides per request. */

export interface OutgoingRequest {
  /** As the page gave it (may be relative). */
  url_: string;
  /** The headers the request already carries. Undefined when it carries none at all (most fetch calls): nothing to
   *  look for then. */
  headers_?: Headers | undefined;
}

export interface RequestOutcome {
  /** HTTP status; 0 when the request failed or was aborted. */
  status: number;
  /** The response, for its headers; absent when the request failed. */
  response?: Response | XMLHttpRequest;
}

/** The headers to add to a request (a `baggage` value replaces the request's own: it is already merged with it). */
export type RequestInterceptor = (request: OutgoingRequest) => Record<string, string>;
