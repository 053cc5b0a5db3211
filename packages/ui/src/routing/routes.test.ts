import { describe, expect, it } from 'vitest';
import { matchRoute, rumEventHref, sessionHref, traceHref } from './routes';

describe('routes', () => {
  it.each([
    ['/', { page: 'sessions' }],
    ['/sessions', { page: 'sessions' }],
    ['/sessions/3f2c-1', { page: 'session', sessionId: '3f2c-1' }],
    ['/traces/0af7651916cd43dd8448eb211c80319c', { page: 'trace', traceId: '0af7651916cd43dd8448eb211c80319c' }],
    ['/rum/events/e.1:x', { page: 'rum-event', eventId: 'e.1:x' }],
    ['/sessions/a/b', { page: 'not-found' }],
    ['/sessions/%E0%A4%A', { page: 'not-found' }],
    ['/elsewhere', { page: 'not-found' }],
  ])('reads %s', (path, route) => {
    expect(matchRoute(path)).toEqual(route);
  });

  it('builds paths that read back as the same page, with ids encoded', () => {
    expect(matchRoute(sessionHref('a/b?c'))).toEqual({ page: 'session', sessionId: 'a/b?c' });
    expect(sessionHref('s1', { tab: 'resources', trace: 'abc' })).toBe('/sessions/s1?tab=resources&trace=abc');
    expect(sessionHref('s1', { tab: 'timeline' })).toBe('/sessions/s1');
    expect(traceHref('abc', 'rum')).toBe('/traces/abc?tab=rum');
    expect(rumEventHref('e 1')).toBe('/rum/events/e%201');
  });
});
