/**
 * Trace/span id generation and the hex ⇄ decimal conversions Datadog's headers need.
 * Pure and dependency-free; decimalToHex reads untrusted header text and never throws on it.
 */

/** Random bytes are drawn a pool at a time (`crypto.getRandomValues` costs microseconds per call, and every traced
 *  request needs two ids; bench/RESULTS.md); each hex digit takes one byte's low four bits, a table lookup, where
 *  `toString(16)` of larger numbers is slow in V8. */
let pool = new Uint8Array(0);
let next = 0;

/** Empties the pool, so the next id draws fresh bytes (tests that script `crypto.getRandomValues`). */
export function drainRandomPool(): void {
  pool = new Uint8Array(0);
}

function randomHex(digits: number): string {
  if (next + digits > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(4096));
    next = 0;
  }
  let hex = '';
  for (const end = next + digits; next < end; ) hex += '0123456789abcdef'[pool[next++]! & 15];
  // The low 64 bits must not be zero: that is an invalid span id, and an invalid Datadog (64-bit) trace id.
  // (2^-64 odds: the retry never happens in practice.)
  return /[^0]/.test(hex.slice(-16)) ? hex : randomHex(digits);
}

/** 128-bit trace id as 32 lowercase hex from crypto.getRandomValues; never all zeros (nor zero in its low 64 bits). */
export const createTraceId = (): string => randomHex(32);

/** 64-bit span id as 16 lowercase hex; never all zeros. */
export const createSpanId = (): string => randomHex(16);

/** A random UUID v4 (session, view, action and event ids). Unlike `crypto.randomUUID`, it also works on pages that
 *  are not a secure context (plain http on a LAN host). */
export function createUuid(): string {
  const h = randomHex(32);
  const variant = '89ab'[parseInt(h[16]!, 16) & 3];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20)}`;
}

/** 16 lowercase hex (an id the SDK made) → unsigned decimal string (Datadog wire form). */
export const hexToDecimal = (hex: string): string => BigInt(`0x${hex}`).toString();

/** Unsigned decimal (≤ 2^64-1) → 16 lowercase hex; undefined if invalid/zero/too big. */
export function decimalToHex(decimal: string): string | undefined {
  if (!/^\d{1,20}$/.test(decimal)) return undefined;
  const n = BigInt(decimal);
  return n > 0n && n < 1n << 64n ? n.toString(16).padStart(16, '0') : undefined;
}
