/** `/healthz`, `/metrics`, and the API-key check of the query listener. */

import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { BoundaryError } from '../errors.js';
import type { ServerMetrics } from '../metrics.js';
import type { SqlExecutor } from '../store/executor.js';
import type { GroupCommitWriter } from '../store/group-commit-writer.js';
import { sendError } from './error-reply.js';

/**
 * Data lives behind `/api/` and `/metrics`. The web UI's files hold none (the UI asks for the key and sends it on
 * its API calls), and `/healthz` serves load balancers that have no key.
 */
function needsApiKey(url: string): boolean {
  const path = url.split('?')[0]!;
  return path.startsWith('/api/') || path === '/metrics';
}

export function installApiKeyCheck(app: FastifyInstance, apiKey: string | undefined): void {
  if (!apiKey) return;
  const expected = createHash('sha256').update(apiKey).digest();
  app.addHook('onRequest', async (request, reply) => {
    if (!needsApiKey(request.url)) return;
    const header = request.headers.authorization ?? '';
    const given = header.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : '';
    if (!timingSafeEqual(createHash('sha256').update(given).digest(), expected)) {
      return sendError(
        reply,
        new BoundaryError('unauthorized', 'send "Authorization: Bearer <apiKey>" (the apiKey of the server config)'),
      );
    }
  });
}

export function registerOperationalRoutes(
  app: FastifyInstance,
  deps: { executor: SqlExecutor; metrics: ServerMetrics; writer: GroupCommitWriter },
): void {
  app.get('/healthz', async (_request, reply) => {
    try {
      await deps.executor.query('SELECT 1');
      return { status: 'ok', store: deps.executor.description, bufferedBytes: deps.writer.bufferedBytes() };
    } catch (error) {
      return reply.code(503).send({ status: 'unavailable', error: (error as Error).message });
    }
  });
  app.get('/metrics', async (_request, reply) =>
    reply
      .header('content-type', 'text/plain; version=0.0.4')
      .send(deps.metrics.render({ bufferedBytes: deps.writer.bufferedBytes() })),
  );
}
