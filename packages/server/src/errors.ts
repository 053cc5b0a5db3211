/**
 * Boundary errors: a stable `code`, a message that says what was wrong and what to do, and the HTTP status the
 * routes answer with. Routes translate these and nothing else into 4xx/5xx (see http/error-reply.ts).
 */
export type BoundaryErrorCode =
  | 'bad_request'
  | 'invalid_body'
  | 'invalid_event'
  | 'invalid_id'
  | 'invalid_parameter'
  | 'unsupported_media_type'
  | 'unsupported_encoding'
  | 'body_too_large'
  | 'too_many_events'
  | 'unauthorized'
  | 'unknown_application'
  | 'not_found'
  | 'overloaded'
  | 'unavailable';

const STATUS_BY_CODE: Record<BoundaryErrorCode, number> = {
  bad_request: 400,
  invalid_body: 400,
  invalid_event: 400,
  invalid_id: 400,
  invalid_parameter: 400,
  unsupported_media_type: 415,
  unsupported_encoding: 415,
  body_too_large: 413,
  too_many_events: 413,
  unauthorized: 401,
  unknown_application: 403,
  not_found: 404,
  overloaded: 429,
  unavailable: 503,
};

export class BoundaryError extends Error {
  readonly code: BoundaryErrorCode;
  readonly status: number;
  /** Seconds a client should wait before retrying (429/503). */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: BoundaryErrorCode, message: string, options: { retryAfterSeconds?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'BoundaryError';
    this.code = code;
    this.status = STATUS_BY_CODE[code];
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function isBoundaryError(error: unknown): error is BoundaryError {
  return error instanceof BoundaryError;
}

/** What a part of the intake answers once the server has begun to stop: retryable, elsewhere or later. */
export function shuttingDownError(): BoundaryError {
  return new BoundaryError('unavailable', 'the server is shutting down; retry against another node or later', {
    retryAfterSeconds: 1,
  });
}
