/**
 * A browser's clock can be minutes, hours or years off. Its RUM events would then sit that far from the backend's
 * spans and logs in a session's timeline, and past the retention they would be dropped as they are stored. The SDK
 * stamps each batch with its clock when it sends it (`sentAt`); the difference to the intake's clock when the batch
 * arrives is how far the browser's clock is off, plus the batch's time in transit. The Datadog browser SDK stamps its
 * RUM batches the same way (`batch_time`).
 */
import { BoundaryError } from '../../errors.js';

/** The attribute a corrected event gets: milliseconds its time was moved (its payload keeps the time as sent). */
export const CLOCK_CORRECTION_ATTRIBUTE = 'rumlink.clock_correction_ms';

/** Differences this small are taken for time in transit, not a wrong clock, and left alone. */
export const CLOCK_TOLERANCE_MS = 10_000;

/**
 * Milliseconds to add to the batch's event times: `receivedAt - sentAt` when that is beyond the tolerance, else 0
 * (also when the sender gave no `sentAt`).
 */
export function clockCorrection(sentAt: string | undefined, receivedAt: number, parameter = 'sentAt'): number {
  if (sentAt === undefined) return 0;
  if (!/^\d{1,15}$/.test(sentAt)) {
    throw new BoundaryError(
      'invalid_parameter',
      `${parameter} must be the sender's clock in epoch milliseconds when it sent the batch, got "${sentAt.slice(0, 32)}"`,
    );
  }
  const offset = receivedAt - Number(sentAt);
  return Math.abs(offset) > CLOCK_TOLERANCE_MS ? offset : 0;
}
