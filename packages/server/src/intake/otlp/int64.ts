import type { Int64 } from './messages.js';

/**
 * Exact decimal text of 64-bit integers held as two 32-bit halves (protobufjs Longs). Nanosecond timestamps are
 * around 2^61, beyond what a double holds exactly; this avoids both precision loss and a BigInt per value.
 */

const TWO_POW_32 = 4294967296;
const MAX_HIGH_FOR_EXACT_DOUBLE = 0x1fffff;
const BASE = 10_000_000;

/** The unsigned value of `high * 2^32 + low` (each half read as unsigned 32 bits) in decimal. */
export function uint64ToDecimal(low: number, high: number): string {
  const lo = low >>> 0;
  const hi = high >>> 0;
  if (hi <= MAX_HIGH_FOR_EXACT_DOUBLE) return String(hi * TWO_POW_32 + lo);
  // value = l0 + l1 * 2^24 + l2 * 2^48 with 24-bit limbs; rewrite in base 10^7 using
  // 2^24 = 1·10^7 + 6777216 and 2^48 = 2·10^14 + 8147497·10^7 + 6710656. Every partial sum stays below 2^53.
  const l0 = lo & 0xffffff;
  const l1 = ((lo >>> 24) | (hi << 8)) & 0xffffff;
  const l2 = hi >>> 16;
  let units = l0 + l1 * 6777216 + l2 * 6710656;
  let tenMillions = l1 + l2 * 8147497;
  let hundredTrillions = l2 * 2;
  tenMillions += Math.floor(units / BASE);
  units %= BASE;
  hundredTrillions += Math.floor(tenMillions / BASE);
  tenMillions %= BASE;
  // hi > 0x1fffff means value >= 2^53 > 10^14, so the leading group is never zero.
  return `${hundredTrillions}${String(tenMillions).padStart(7, '0')}${String(units).padStart(7, '0')}`;
}

/** The two's-complement signed value of the 64 bits, in decimal. */
export function int64ToDecimal(low: number, high: number): string {
  if ((high | 0) >= 0) return uint64ToDecimal(low, high);
  const negatedLow = (~low + 1) >>> 0;
  const negatedHigh = (~high + (negatedLow === 0 ? 1 : 0)) >>> 0;
  return `-${uint64ToDecimal(negatedLow, negatedHigh)}`;
}

/** `end - start` for unsigned values, or '0' when end is before start (a clock skew the exporter also clamps). */
export function uint64Difference(end: Int64, start: Int64): string {
  let low = (end.low >>> 0) - (start.low >>> 0);
  let high = (end.high >>> 0) - (start.high >>> 0);
  if (low < 0) {
    low += TWO_POW_32;
    high -= 1;
  }
  return high < 0 ? '0' : uint64ToDecimal(low, high);
}

export function isZero(value: Int64): boolean {
  return value.low === 0 && value.high === 0;
}
