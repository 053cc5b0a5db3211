/** The contract between the platform instrumentations (fetch, XHR) and the tracing core that decides per request. */

export interface OutgoingRequest {
  /** As the page gave it (may be relative). */
  url: string;
  method: string;
  /** A header the request already carries, case-insensitive; null when absent. */
  header(name: string): string | null;
}

export interface RequestDecision {
  /** Headers to add (a `baggage` value replaces the request's own: it is already merged with it). */
  headers: Record<string, string>;
  /** Called once when the request ends: its HTTP status, 0 when it failed or was aborted. */
  complete(status: number): void;
}

export type RequestInterceptor = (request: OutgoingRequest) => RequestDecision | undefined;
