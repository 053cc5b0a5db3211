/**
 * The query API's response shapes, from the server's own types (`@rumlink/server/query-api`, type-only: nothing of
 * the server is bundled), so the UI and the API cannot drift apart unnoticed.
 */
import type { TimelineKind } from '@rumlink/server/query-api';

export type {
  LogRecord,
  LogsResponse,
  RumEvent,
  RumEventResponse,
  RumEventsResponse,
  RumOrigin,
  SessionResponse,
  SessionSummary,
  SessionsResponse,
  Span,
  SpansResponse,
  TimelineItem,
  TimelineKind,
  TimelineResponse,
  TraceResponse,
  TraceSummary,
} from '@rumlink/server/query-api';

export type Attributes = Record<string, string>;

/** In the order the timeline's filter lists them. */
export const TIMELINE_KINDS: readonly TimelineKind[] = [
  'view',
  'resource',
  'action',
  'error',
  'long_task',
  'vital',
  'log',
  'span',
];
