/** The time window to ask for a session's data in: the API's lists default to the last 7 days, a session may be older. */
import type { SessionSummary } from '../api/types';

/** Backend work may start before the browser's clock says (skew) and end long after (queues), as the timeline allows. */
export function sessionWindow(session: SessionSummary): { from: number; to: number } {
  return { from: Math.floor(session.start - 3_600_000), to: Math.ceil(session.end + 24 * 3_600_000) };
}
