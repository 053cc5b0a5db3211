import { describe, expect, it } from 'vitest';
import { SESSION_INACTIVITY_MS, SESSION_MAX_DURATION_MS, startSessionManager } from './session-manager.js';
import { memorySessionStorage } from './session-storage.js';

function setup(sampleRates = { sessionSampleRate: 100, traceSampleRate: 100 }) {
  let now = 1_700_000_000_000;
  let counter = 0;
  const storage = memorySessionStorage();
  const renewed: string[] = [];
  const manager = startSessionManager({
    storage,
    clock: () => now,
    randomUUID: () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`,
    sampleRates,
    onRenew: (session) => renewed.push(session.id),
  });
  return { manager, storage, renewed, advance: (ms: number) => (now += ms) };
}

describe('session manager', () => {
  it('keeps one session while the user is active', () => {
    const { manager, advance } = setup();
    const first = manager.current();
    advance(SESSION_INACTIVITY_MS - 1000);
    expect(manager.current().id).toBe(first.id);
    advance(SESSION_INACTIVITY_MS - 1000);
    expect(manager.current().id).toBe(first.id);
  });

  it('ends a session after 15 minutes of inactivity, and the next one remembers it', () => {
    const { manager, advance, renewed } = setup();
    const first = manager.current();
    advance(SESSION_INACTIVITY_MS);
    const second = manager.current();
    expect(second.id).not.toBe(first.id);
    expect(second.previousId).toBe(first.id);
    expect(renewed).toEqual([second.id]);
  });

  it('ends a session after 4 hours even when active', () => {
    const { manager, advance } = setup();
    const first = manager.current();
    for (let elapsed = 0; elapsed < SESSION_MAX_DURATION_MS - 60_000; elapsed += 60_000) {
      advance(60_000);
      expect(manager.current().id).toBe(first.id);
    }
    advance(60_000);
    expect(manager.current().id).not.toBe(first.id);
  });

  it('adopts the session another tab wrote to the shared storage', () => {
    const { manager, storage, renewed, advance } = setup();
    const mine = manager.current();
    const other = {
      id: '11111111-1111-4111-8111-111111111111',
      created: mine.created,
      expires: mine.created + SESSION_INACTIVITY_MS,
    };
    storage.write(other);
    // Storage is re-read at most once a second (reading document.cookie is expensive).
    expect(manager.current().id).toBe(mine.id);
    advance(1000);
    expect(manager.current().id).toBe(other.id);
    expect(renewed).toEqual([other.id]);
  });

  it('renew() starts a new session at once', () => {
    const { manager } = setup();
    const first = manager.current();
    const second = manager.renew();
    expect(second.previousId).toBe(first.id);
    expect(manager.current().id).toBe(second.id);
  });

  it('decides sampling from the session id: untracked sessions are never traced', () => {
    const { manager } = setup({ sessionSampleRate: 0, traceSampleRate: 100 });
    expect(manager.current()).toMatchObject({ tracked: false, traced: false });
  });
});
