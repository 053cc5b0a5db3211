/** The auth service (Fastify + pino): the api asks it who a bearer token belongs to before it takes an order. */
import Fastify from 'fastify';
import { createPinoLogger } from '../logging/pino-logger.js';
import type { RunningService } from '../process/run-service.js';

/** Demo users; the page signs in as Alice. */
const USERS_BY_TOKEN: Record<string, { userId: string; name: string }> = {
  'demo-token-alice': { userId: 'user-alice', name: 'Alice' },
  'demo-token-bob': { userId: 'user-bob', name: 'Bob' },
};

export async function startAuth({ host, port }: { host: string; port: number }): Promise<RunningService> {
  const logger = createPinoLogger();
  const app = Fastify();
  app.post('/verify', async (request, reply) => {
    const token = (request.body as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || token === '') {
      return reply.code(400).send({ error: { code: 'invalid_request', message: 'body must be { "token": string }' } });
    }
    const user = USERS_BY_TOKEN[token];
    if (!user) {
      logger.warn('token rejected');
      return reply.code(401).send({ error: { code: 'unauthorized', message: 'unknown token' } });
    }
    logger.info({ userId: user.userId }, 'token verified');
    return user;
  });
  await app.listen({ host, port });
  const address = app.server.address();
  return { port: typeof address === 'object' && address ? address.port : port, stop: () => app.close() };
}
