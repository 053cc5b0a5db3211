/**
 * Sampling decisions are deterministic functions of the session id, so every tab and every page of a session
 * decides the same, and a traced session is always a tracked one: traced ⇔ score < session% × trace% / 100,
 * tracked ⇔ score < session%.
 */

/** A stable score in [0, 100) from the session id: its first 32 bits, which are random in a UUID v4 (any other
 *  text still scores in range). */
export const sessionScore = (sessionId: string): number =>
  ((parseInt(sessionId.slice(0, 8), 16) >>> 0) / 2 ** 32) * 100;

export interface SampleRates {
  sessionSampleRate: number;
  traceSampleRate: number;
}

export function samplingOf(sessionId: string, rates: SampleRates): { tracked_: boolean; traced_: boolean } {
  const score = sessionScore(sessionId);
  const tracked = score < rates.sessionSampleRate;
  return { tracked_: tracked, traced_: tracked && score < (rates.sessionSampleRate * rates.traceSampleRate) / 100 };
}
