/**
 * The web UI on the query listener: the build's files by exact path, `index.html` for every other path (the UI's
 * own routes, so deep links survive a reload), and a page that says how to build the UI when there is no build.
 * `/api/*` paths never fall back to the UI: an unknown API route stays a JSON 404.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BoundaryError } from '../errors.js';
import { type UiFile, watchUiBuild } from '../ui/ui-build.js';
import { sendError } from './error-reply.js';

/** RUM data is attacker-controlled: the UI runs only its own script, talks only to this server, and frames nothing. */
export const UI_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const MISSING_UI_BUILD = `rumlink: the web UI is not built.

Build it from the rumlink checkout, then reload this page:

  npm run build          (everything; npm install runs it too)
  npm run build -w @rumlink/ui

The query API works without it: /api/v1/sessions, /api/v1/sessions/:sessionId/timeline,
/api/v1/traces/:traceId, /api/v1/rum/events/:eventId, /api/v1/spans, /api/v1/logs, /healthz, /metrics.
`;

function sendUiFile(reply: FastifyReply, file: UiFile): FastifyReply {
  return reply
    .header('content-type', file.contentType)
    .header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
    .send(file.body);
}

function decodedPath(url: string): string | undefined {
  try {
    return decodeURIComponent(url.split('?')[0]!);
  } catch {
    return undefined;
  }
}

export function registerUiRoutes(app: FastifyInstance, options: { uiDir: string | undefined }): void {
  const build = watchUiBuild(options.uiDir);

  const serve = async (request: FastifyRequest, reply: FastifyReply) => {
    const rawPath = request.url.split('?')[0]!;
    if (rawPath.startsWith('/api/')) {
      return sendError(reply, new BoundaryError('not_found', `no route for ${request.method} ${rawPath}`));
    }
    reply
      .header('content-security-policy', UI_CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('x-frame-options', 'DENY');
    const current = build.current();
    if (!current) {
      return reply.code(503).header('content-type', 'text/plain; charset=utf-8').send(MISSING_UI_BUILD);
    }
    const path = decodedPath(request.url);
    const file = path === undefined ? undefined : current.files.get(path);
    if (file) return sendUiFile(reply, file);
    // A missing asset or a path that tries to leave the build is a 404, never the app page (a script tag that
    // received HTML would fail obscurely).
    if (path === undefined || path.startsWith('/assets/') || /(^|[/\\])\.\.([/\\]|$)|\0/.test(path)) {
      return reply.code(404).header('content-type', 'text/plain; charset=utf-8').send('not found\n');
    }
    return sendUiFile(reply, current.index);
  };

  app.get('/', serve);
  app.get('/*', serve);
}
