/**
 * Express middleware for the CORS/Server-Timing policy (cors-policy.ts). Structural types: Express requests and
 * responses are node:http ones, so this package needs no Express dependency.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { compileHttpPolicy, type RumlinkHttpOptions } from './cors-policy.js';
import { applyToNodeResponse } from './node-http.js';

export type ExpressMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * `app.use(rumlinkExpress({ allowedOrigins: ['https://shop.example'], allowedHeaders: ['content-type'] }))`, before
 * the routes (and before the app's own CORS middleware, whose preflight answer would not list the trace headers).
 * @throws RumlinkConfigError for invalid options, here, when the app is set up.
 */
export function rumlinkExpress(options: RumlinkHttpOptions = {}): ExpressMiddleware {
  const policy = compileHttpPolicy(options);
  return (req, res, next) => {
    if (!applyToNodeResponse(policy, req, res)) next();
  };
}
