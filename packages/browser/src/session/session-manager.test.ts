import { describe, expect, it } from 'vitest';
import { SESSION_INACTIVITY_MS, SESSION_MAX_DURATION_MS, startSessionManager } from './session-manager.js';
import { memorySessionStorage } from './session-storage.js';

function setup(sampleRates = { sessionSampleRate: 100, traceSampleRate: 100 }) {
  let now = 1_700_000_000_000;
  let counter = 0;
  const storage = memorySessionStorage();
  const renewed: string[] = [];
  const manager = startSessionManager({
    storage_: storage,
    clock_: () => now,
    randomUUID_: () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`,
    sampleRates_: sampleRates,
    onRenew_: (session) => renewed.push(session.id),
  });
  return { manager, storage, renewed, advance: (ms: number) => (now += ms) };
}

describe('session manager', () => {
  it('keeps one session while the user is active', () => {
    const { manager, advance } = setup();
    const first = manager();
    advance(SESSION_INACTIVITY_MS - 1000);
    expect(manager().id).toBe(first.id);
    advance(SESSION_INACTIVITY_MS - 1000);
    expect(manager().id).toBe(first.id);
  });

  it('ends a session after 15 minutes of inactivity, and the next one remembers it', () => {
    const { manager, advance, renewed } = setup();
    const first = manager();
    advance(SESSION_INACTIVITY_MS);
    const second = manager();
    expect(second.id).not.toBe(first.id);
    expect(second.previousId_).toBe(first.id);
    expect(renewed).toEqual([second.id]);
  });

  it('ends a session after 4 hours even when active', () => {
    const { manager, advance } = setup();
    const first = manager();
    for (let elapsed = 0; elapsed < SESSION_MAX_DURATION_MS - 60_000; elapsed += 60_000) {
      advance(60_000);
      expect(manager().id).toBe(first.id);
    }
    advance(60_000);
    expect(manager().id).not.toBe(first.id);
  });

  it('adopts the session another tab wrote to the shared storage', () => {
    const { manager, storage, renewed, advance } = setup();
    const mine = manager();
    const other = {
      id: '11111111-1111-4111-8111-111111111111',
      created_: mine.created_,
      expires_: mine.created_ + SESSION_INACTIVITY_MS,
    };
    storage.write_(other);
    // Storage is re-read at most once a second (reading document.cookie is expensive).
    expect(manager().id).toBe(mine.id);
    advance(1000);
    expect(manager().id).toBe(other.id);
    expect(renewed).toEqual([other.id]);
  });

  it('decides sampling from the session id: untracked sessions are never traced', () => {
    const { manager } = setup({ sessionSampleRate: 0, traceSampleRate: 100 });
    expect(manager()).toMatchObject({ tracked_: false, traced_: false });
  });
});
