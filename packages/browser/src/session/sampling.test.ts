import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { samplingOf, sessionScore } from './sampling.js';

describe('deterministic sampling', () => {
  it('traced ⊂ tracked for any rates and session', () => {
    fc.assert(
      fc.property(
        fc.uuid(),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (id, sessionSampleRate, traceSampleRate) => {
          const decision = samplingOf(id, { sessionSampleRate, traceSampleRate });
          expect(!decision.traced_ || decision.tracked_).toBe(true);
          expect(samplingOf(id, { sessionSampleRate, traceSampleRate })).toEqual(decision);
        },
      ),
    );
  });

  it('keeps about the configured share of sessions', () => {
    const ids = Array.from({ length: 20_000 }, () => crypto.randomUUID());
    const rates = { sessionSampleRate: 40, traceSampleRate: 50 };
    const tracked = ids.filter((id) => samplingOf(id, rates).tracked_).length / ids.length;
    const traced = ids.filter((id) => samplingOf(id, rates).traced_).length / ids.length;
    expect(tracked).toBeGreaterThan(0.37);
    expect(tracked).toBeLessThan(0.43);
    expect(traced).toBeGreaterThan(0.18);
    expect(traced).toBeLessThan(0.22);
  });

  it('scores are in [0, 100)', () => {
    fc.assert(fc.property(fc.string(), (id) => sessionScore(id) >= 0 && sessionScore(id) < 100));
  });
});
