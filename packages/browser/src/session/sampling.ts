/**
 * Sampling decisions are deterministic functions of the session id, so every tab and every page of a session
 * decides the same, and a traced session is always a tracked one: traced ⇔ score < session% × trace% / 100,
 * tracked ⇔ score < session%.
 */

/** A stable score in [0, 100) from the session id (FNV-1a, 32 bits). */
export function sessionScore(sessionId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < sessionId.length; i++) {
    hash ^= sessionId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return ((hash >>> 0) / 0x100000000) * 100;
}

export interface SampleRates {
  sessionSampleRate: number;
  traceSampleRate: number;
}

export function samplingOf(sessionId: string, rates: SampleRates): { tracked: boolean; traced: boolean } {
  const score = sessionScore(sessionId);
  const tracked = score < rates.sessionSampleRate;
  return { tracked, traced: tracked && score < (rates.sessionSampleRate * rates.traceSampleRate) / 100 };
}
