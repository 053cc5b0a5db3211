/**
 * The only code that knows the query API's routes (`/api/v1`). Each route parses its parameters, calls one query
 * function and returns plain JSON; errors become `{ error: { code, message } }` in error-reply.ts.
 */
import type { FastifyInstance } from 'fastify';
import { BoundaryError } from '../errors.js';
import { listLogs } from '../query/logs.js';
import {
  attributeFilters,
  limitOf,
  optionalBoolean,
  optionalEnum,
  optionalId,
  optionalText,
  optionalTraceId,
  type QueryString,
  requireId,
  requireTraceId,
  single,
  timeRangeOf,
} from '../query/parameters.js';
import { getRumEvent, listRumEvents } from '../query/rum-events.js';
import { getSession, listSessions } from '../query/sessions.js';
import { listSpans } from '../query/spans.js';
import { getTimeline } from '../query/timeline.js';
import { getTrace } from '../query/traces.js';
import type { SqlExecutor } from '../store/executor.js';
import { RUM_EVENT_TYPES } from '../store/rows.js';

const DEFAULT_DAYS = 7;

export function registerQueryRoutes(app: FastifyInstance, store: SqlExecutor): void {
  const notFound = (what: string) => new BoundaryError('not_found', `${what} not found (or no longer retained)`);

  app.get('/api/v1/sessions', async (request) => {
    const query = request.query as QueryString;
    return listSessions(store, {
      ...timeRangeOf(query, DEFAULT_DAYS),
      applicationId: optionalId(query, 'applicationId'),
      limit: limitOf(query, 50, 500),
      cursor: single(query, 'cursor'),
    });
  });

  app.get<{ Params: { sessionId: string } }>('/api/v1/sessions/:sessionId', async (request) => {
    const session = await getSession(store, requireId(request.params.sessionId, 'session id'));
    if (!session) throw notFound(`session ${request.params.sessionId}`);
    return session;
  });

  app.get<{ Params: { sessionId: string } }>('/api/v1/sessions/:sessionId/timeline', async (request) => {
    const sessionId = requireId(request.params.sessionId, 'session id');
    const limit = limitOf(request.query as QueryString, 5000, 20_000);
    const timeline = await getTimeline(store, sessionId, { maxItemsPerSource: limit });
    if (!timeline) throw notFound(`session ${sessionId}`);
    return timeline;
  });

  app.get('/api/v1/rum/events', async (request) => {
    const query = request.query as QueryString;
    return listRumEvents(store, {
      ...timeRangeOf(query, DEFAULT_DAYS),
      type: optionalEnum(query, 'type', RUM_EVENT_TYPES),
      sessionId: optionalId(query, 'sessionId'),
      viewId: optionalId(query, 'viewId'),
      traceId: optionalTraceId(query, 'traceId'),
      hasTrace: optionalBoolean(query, 'hasTrace'),
      limit: limitOf(query, 100, 1000),
      cursor: single(query, 'cursor'),
    });
  });

  app.get<{ Params: { eventId: string } }>('/api/v1/rum/events/:eventId', async (request) => {
    const event = await getRumEvent(store, requireId(request.params.eventId, 'event id'));
    if (!event) throw notFound(`RUM event ${request.params.eventId}`);
    return event;
  });

  app.get<{ Params: { traceId: string } }>('/api/v1/traces/:traceId', async (request) => {
    const trace = await getTrace(store, requireTraceId(request.params.traceId));
    if (!trace) throw notFound(`trace ${request.params.traceId}`);
    return trace;
  });

  app.get('/api/v1/spans', async (request) => {
    const query = request.query as QueryString;
    return listSpans(store, {
      ...timeRangeOf(query, DEFAULT_DAYS),
      sessionId: optionalId(query, 'sessionId'),
      service: optionalText(query, 'service', 256),
      traceId: optionalTraceId(query, 'traceId'),
      attributes: attributeFilters(query),
      limit: limitOf(query, 100, 5000),
      cursor: single(query, 'cursor'),
    });
  });

  app.get('/api/v1/logs', async (request) => {
    const query = request.query as QueryString;
    return listLogs(store, {
      ...timeRangeOf(query, DEFAULT_DAYS),
      sessionId: optionalId(query, 'sessionId'),
      traceId: optionalTraceId(query, 'traceId'),
      service: optionalText(query, 'service', 256),
      severity: optionalText(query, 'severity', 32),
      text: optionalText(query, 'q', 1024),
      limit: limitOf(query, 100, 5000),
      cursor: single(query, 'cursor'),
    });
  });
}
