import { describe, expect, it } from 'vitest';
import { BoundaryError } from '../../errors.js';
import { CLOCK_TOLERANCE_MS, clockCorrection } from './clock-correction.js';

const receivedAt = 1_790_000_000_000;

describe('clockCorrection', () => {
  it('moves events by how far the sender’s clock is off, behind or ahead', () => {
    expect(clockCorrection(String(receivedAt - 3_600_000), receivedAt)).toBe(3_600_000);
    expect(clockCorrection(String(receivedAt + 90_000), receivedAt)).toBe(-90_000);
  });

  it('leaves differences within the tolerance to transit time, and batches without sentAt alone', () => {
    expect(clockCorrection(String(receivedAt - 250), receivedAt)).toBe(0);
    expect(clockCorrection(String(receivedAt - CLOCK_TOLERANCE_MS), receivedAt)).toBe(0);
    expect(clockCorrection(String(receivedAt + CLOCK_TOLERANCE_MS), receivedAt)).toBe(0);
    expect(clockCorrection(undefined, receivedAt)).toBe(0);
  });

  it.each(['', 'now', '-5', '1.5e12', '1790000000000.5', '9'.repeat(16)])(
    'refuses sentAt=%j with a message saying what it must be',
    (sentAt) => {
      expect(() => clockCorrection(sentAt, receivedAt)).toThrow(BoundaryError);
      expect(() => clockCorrection(sentAt, receivedAt)).toThrow(
        /sentAt must be the sender's clock in epoch milliseconds/,
      );
    },
  );

  it('names the parameter it was given in its refusal (batch_time for the Datadog SDK)', () => {
    expect(() => clockCorrection('soon', receivedAt, 'batch_time')).toThrow(/^batch_time must be .*, got "soon"$/);
  });
});
