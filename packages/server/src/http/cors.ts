/**
 * CORS for the intake listener: browsers must read intake answers (otherwise every response looks like status 0),
 * and SDK requests carry non-safelisted headers (Content-Encoding, tokens) that need a preflight.
 */
import type { FastifyInstance } from 'fastify';

const ALLOWED_HEADERS = [
  'content-type',
  'content-encoding',
  'authorization',
  'x-rumlink-token',
  'x-rumlink-ingest-key',
  'dd-api-key',
  'dd-evp-origin',
  'dd-evp-origin-version',
  'dd-request-id',
].join(', ');

export function installIntakeCors(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    // Echo the origin (not `*`) so credentialed requests such as sendBeacon are also readable.
    reply.header('access-control-allow-origin', origin ?? '*');
    if (origin) {
      reply.header('access-control-allow-credentials', 'true');
      reply.header('vary', 'Origin');
    }
    if (request.method === 'OPTIONS') {
      reply.header('access-control-allow-methods', 'POST, OPTIONS');
      reply.header(
        'access-control-allow-headers',
        request.headers['access-control-request-headers'] ?? ALLOWED_HEADERS,
      );
      reply.header('access-control-max-age', '86400');
      return reply.code(204).send();
    }
  });
}
