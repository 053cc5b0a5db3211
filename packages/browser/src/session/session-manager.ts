/**
 * The browser session: a random UUID v4 that lasts while the user is active (15 minutes of inactivity end it) and
 * at most 4 hours. Every tab reads the same storage, so tabs share a session; a renewed session remembers the one
 * it replaced (`session.previous_id`).
 */
import { createUuid } from '../tracing/ids.js';
import { type SampleRates, samplingOf } from './sampling.js';
import type { SessionState, SessionStorage } from './session-storage.js';

export const SESSION_INACTIVITY_MS = 15 * 60 * 1000;
export const SESSION_MAX_DURATION_MS = 4 * 60 * 60 * 1000;
/** Activity extends the session at most this often, to keep storage writes rare. */
const EXTEND_THROTTLE_MS = 1000;

/** The stored session and its sampling decision. */
export interface Session extends SessionState {
  /** Events of this session are collected and sent. */
  tracked: boolean;
  /** Requests of this session carry a sampled trace context. */
  traced: boolean;
}

export interface SessionManager {
  /** The current session, renewed first if it has ended. Also counts as activity. */
  current(): Session;
  /** Ends the current session and starts a new one now. */
  renew(): Session;
  stop(): void;
}

export interface SessionManagerOptions {
  storage: SessionStorage;
  clock?: () => number;
  randomUUID?: () => string;
  sampleRates: SampleRates;
  onRenew?: (session: Session) => void;
}

export function startSessionManager({
  storage,
  clock = Date.now,
  randomUUID = createUuid,
  sampleRates,
  onRenew,
}: SessionManagerOptions): SessionManager {
  let lastExtended = 0;
  /** When storage was last read; only meaningful while `current` is set. */
  let lastChecked = 0;
  let current: Session | undefined;

  function resolve(renew?: boolean): Session {
    const now = clock();
    // Storage is the truth (another tab may have renewed or extended the session), but reading it costs: in
    // Chromium `document.cookie` is a synchronous, expensive call (bench/RESULTS.md). It is read again at most once
    // per EXTEND_THROTTLE_MS, which is also how often activity extends the session.
    if (!renew && current && now - lastChecked < EXTEND_THROTTLE_MS && now < current.expires) return current;
    lastChecked = now;
    const stored = storage.read();
    let state = stored;
    if (renew || !state || now >= state.expires || now >= state.created + SESSION_MAX_DURATION_MS) {
      state = { id: randomUUID(), created: now, expires: now + SESSION_INACTIVITY_MS };
      const previousId = stored?.id ?? current?.id;
      if (previousId) state.previousId = previousId;
    } else if (now - lastExtended >= EXTEND_THROTTLE_MS) {
      state = { ...state, expires: now + SESSION_INACTIVITY_MS };
    }
    if (state !== stored) {
      storage.write(state);
      lastExtended = now;
    }
    const renewed = renew || (current && current.id !== state.id);
    current = { ...state, ...samplingOf(state.id, sampleRates) };
    if (renewed) onRenew?.(current);
    return current;
  }

  return {
    current: () => resolve(),
    renew: () => resolve(true),
    stop() {
      current = undefined;
    },
  };
}
