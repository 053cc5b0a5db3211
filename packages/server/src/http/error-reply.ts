/**
 * The one place errors become HTTP answers: `{ "error": { "code", "message" } }` with the boundary error's status.
 * Anything that is not a boundary error is a bug or a store failure: logged, answered 500 without internals.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { BoundaryError, isBoundaryError } from '../errors.js';

export function sendError(reply: FastifyReply, error: BoundaryError): FastifyReply {
  if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
  return reply.code(error.status).send({ error: { code: error.code, message: error.message } });
}

/** Fastify's own failures (body limit, bad framing) expressed as boundary errors. */
function fromFastifyError(error: FastifyError, bodyLimit: number): BoundaryError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new BoundaryError('body_too_large', `the request body exceeds ${bodyLimit} bytes; send smaller batches`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new BoundaryError('unsupported_media_type', error.message);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new BoundaryError('bad_request', error.message);
    default:
      return error.statusCode && error.statusCode < 500 ? new BoundaryError('bad_request', error.message) : undefined;
  }
}

export function installErrorReplies(app: FastifyInstance, onUnexpected: (error: unknown) => void): void {
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const boundary = isBoundaryError(error) ? error : fromFastifyError(error, app.initialConfig.bodyLimit ?? 0);
    if (boundary) return sendError(reply, boundary);
    onUnexpected(error);
    return reply.code(500).send({ error: { code: 'internal', message: 'internal error; see the server log' } });
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, new BoundaryError('not_found', `no route for ${request.method} ${request.url.split('?')[0]}`)),
  );
}
