/**
 * The query API's response bodies as types, for its clients (the web UI): derived from the query functions, so a
 * change to what a route returns is a type error in the UI. Type-only: importing it pulls in no server code.
 */
import type { listLogs } from './query/logs.js';
import type { getRumEvent, listRumEvents } from './query/rum-events.js';
import type { getSession, listSessions } from './query/sessions.js';
import type { listSpans } from './query/spans.js';
import type { getTimeline } from './query/timeline.js';
import type { getTrace } from './query/traces.js';

export type { LogRecord } from './query/logs.js';
export type { RumEvent } from './query/rum-events.js';
export type { SessionSummary } from './query/sessions.js';
export type { TimelineItem, TimelineKind } from './query/timeline.js';
export type { Span } from './query/trace-spans.js';
export type { TraceSummary } from './query/trace-summary.js';
export type { RumOrigin } from './query/traces.js';

type Found<F extends (...args: never[]) => Promise<unknown>> = NonNullable<Awaited<ReturnType<F>>>;

/** `GET /api/v1/sessions` */
export type SessionsResponse = Found<typeof listSessions>;
/** `GET /api/v1/sessions/:sessionId` */
export type SessionResponse = Found<typeof getSession>;
/** `GET /api/v1/sessions/:sessionId/timeline` */
export type TimelineResponse = Found<typeof getTimeline>;
/** `GET /api/v1/rum/events` */
export type RumEventsResponse = Found<typeof listRumEvents>;
/** `GET /api/v1/rum/events/:eventId` */
export type RumEventResponse = Found<typeof getRumEvent>;
/** `GET /api/v1/traces/:traceId` */
export type TraceResponse = Found<typeof getTrace>;
/** `GET /api/v1/spans` */
export type SpansResponse = Found<typeof listSpans>;
/** `GET /api/v1/logs` */
export type LogsResponse = Found<typeof listLogs>;
/** Every error answer: `{ error: { code, message } }`. */
export interface ErrorResponse {
  error: { code: string; message: string };
}
