/**
 * Fastify plugin for the CORS/Server-Timing policy (cors-policy.ts): `app.register(rumlinkFastify, options)`.
 * It applies to the whole app (Fastify's `skip-override`, what `fastify-plugin` sets) and answers preflights in
 * `onRequest`, before routing would 404 an OPTIONS request the app has no route for. Structural types: this
 * package needs no Fastify dependency.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { reportInternalError } from '../diagnostics.js';
import { compileHttpPolicy, type RumlinkHttpOptions } from './cors-policy.js';
import { addWhenHeadersAreWritten, planFor } from './node-http.js';

export interface FastifyRequestLike {
  raw: IncomingMessage;
}
export interface FastifyReplyLike {
  raw: ServerResponse;
  headers(values: Record<string, string>): unknown;
  code(statusCode: number): { send(): unknown };
}
export interface FastifyInstanceLike {
  addHook(
    name: 'onRequest',
    hook: (request: FastifyRequestLike, reply: FastifyReplyLike, done: (error?: Error) => void) => void,
  ): unknown;
}

function rumlinkFastifyPlugin(
  instance: FastifyInstanceLike,
  options: RumlinkHttpOptions,
  done: (error?: Error) => void,
): void {
  let policy: ReturnType<typeof compileHttpPolicy>;
  try {
    policy = compileHttpPolicy(options);
  } catch (error) {
    // Fails `app.ready()` / `listen()` with the RumlinkConfigError: at startup, never per request.
    done(error as Error);
    return;
  }
  instance.addHook('onRequest', (request, reply, next) => {
    try {
      const plan = planFor(policy, request.raw);
      if (plan.preflight) {
        reply.headers(plan.headers);
        reply.code(204).send();
        return;
      }
      // Fastify writes its headers in one writeHead call: merged there (see node-http.ts).
      addWhenHeadersAreWritten(reply.raw, plan.headers);
    } catch (error) {
      reportInternalError('the rumlink Fastify hook', error);
    }
    next();
  });
  done();
}

export const rumlinkFastify = Object.assign(rumlinkFastifyPlugin, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: '@rumlink/node',
});
