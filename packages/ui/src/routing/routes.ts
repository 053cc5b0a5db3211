/** The UI's routes: parsing a path into a page, and building the paths that link to pages. */

export type Route =
  | { page: 'sessions' }
  | { page: 'session'; sessionId: string }
  | { page: 'trace'; traceId: string }
  | { page: 'rum-event'; eventId: string }
  | { page: 'not-found' };

function segment(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

export function matchRoute(path: string): Route {
  const parts = path.split('/').filter(Boolean);
  if (parts.length === 0 || (parts.length === 1 && parts[0] === 'sessions')) return { page: 'sessions' };
  const id = segment(parts[parts.length - 1]);
  if (id && parts.length === 2 && parts[0] === 'sessions') return { page: 'session', sessionId: id };
  if (id && parts.length === 2 && parts[0] === 'traces') return { page: 'trace', traceId: id };
  if (id && parts.length === 3 && parts[0] === 'rum' && parts[1] === 'events')
    return { page: 'rum-event', eventId: id };
  return { page: 'not-found' };
}

export type SessionTab = 'timeline' | 'resources' | 'logs' | 'spans';

export function sessionHref(sessionId: string, options: { tab?: SessionTab; trace?: string } = {}): string {
  const query = new URLSearchParams();
  if (options.tab && options.tab !== 'timeline') query.set('tab', options.tab);
  if (options.trace) query.set('trace', options.trace);
  const search = query.toString();
  return `/sessions/${encodeURIComponent(sessionId)}${search ? `?${search}` : ''}`;
}

export const traceHref = (traceId: string, tab?: 'rum') =>
  `/traces/${encodeURIComponent(traceId)}${tab ? `?tab=${tab}` : ''}`;
export const rumEventHref = (eventId: string) => `/rum/events/${encodeURIComponent(eventId)}`;
