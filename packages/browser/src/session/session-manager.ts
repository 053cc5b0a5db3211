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
  tracked_: boolean;
  /** Requests of this session carry a sampled trace context. */
  traced_: boolean;
}

/** The current session, renewed first if it has ended. Also counts as activity. */
export type SessionManager = () => Session;

export interface SessionManagerOptions {
  storage_: SessionStorage;
  clock_?: () => number;
  randomUUID_?: () => string;
  sampleRates_: SampleRates;
  onRenew_?: (session: Session) => void;
}

export function startSessionManager({
  storage_: storage,
  clock_: clock = Date.now,
  randomUUID_: randomUUID = createUuid,
  sampleRates_: sampleRates,
  onRenew_: onRenew,
}: SessionManagerOptions): SessionManager {
  /** When storage was last read; only meaningful while `current` is set. */
  let lastChecked = 0;
  let current: Session | undefined;

  return () => {
    const now = clock();
    // Storage is the truth (another tab may have renewed or extended the session), but reading it costs: in
    // Chromium `document.cookie` is a synchronous, expensive call (bench/RESULTS.md). It is read again at most once
    // per EXTEND_THROTTLE_MS, and each read is activity: it extends the session (one write).
    if (current && now - lastChecked < EXTEND_THROTTLE_MS && now < current.expires_) return current;
    lastChecked = now;
    const stored = storage.read_();
    const state: SessionState =
      stored && now < stored.expires_ && now < stored.created_ + SESSION_MAX_DURATION_MS
        ? { ...stored, expires_: now + SESSION_INACTIVITY_MS }
        : {
            id: randomUUID(),
            created_: now,
            expires_: now + SESSION_INACTIVITY_MS,
            previousId_: stored?.id ?? current?.id,
          };
    storage.write_(state);
    const renewed = current && current.id !== state.id;
    current = { ...state, ...samplingOf(state.id, sampleRates) };
    if (renewed) onRenew?.(current);
    return current;
  };
}
