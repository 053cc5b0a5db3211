/**
 * The one place the server normalises identifiers (design brief, "Identity and linking"):
 * trace ids are 32 lowercase hex, span ids 16 lowercase hex. 64-bit trace ids (Datadog decimal, B3 16-hex)
 * are left-padded with zeros; Datadog's `_dd.p.tid` tag carries the upper 64 bits.
 */

const HEX_32 = /^[0-9a-f]{32}$/;
const HEX_16 = /^[0-9a-f]{16}$/;
const DECIMAL = /^[0-9]{1,20}$/;
const ALL_ZERO = /^0+$/;
const MAX_UINT64 = (1n << 64n) - 1n;

/** A trace id from 32 or 16 hex digits (any case); undefined when invalid or all zeros. */
export function normalizeTraceId(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const lower = value.toLowerCase();
  const padded = HEX_16.test(lower) ? lower.padStart(32, '0') : lower;
  return HEX_32.test(padded) && !ALL_ZERO.test(padded) ? padded : undefined;
}

/** A span id from 16 hex digits (any case); undefined when invalid or all zeros. */
export function normalizeSpanId(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const lower = value.toLowerCase();
  return HEX_16.test(lower) && !ALL_ZERO.test(lower) ? lower : undefined;
}

/** An unsigned 64-bit decimal (Datadog's wire form) as 16 hex digits; undefined when invalid or zero. */
export function decimalToHex16(value: unknown): string | undefined {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !DECIMAL.test(text)) return undefined;
  const id = BigInt(text);
  if (id === 0n || id > MAX_UINT64) return undefined;
  return id.toString(16).padStart(16, '0');
}

/** A Datadog trace id: decimal low 64 bits, optional `_dd.p.tid` (16 hex) for the high 64 bits. */
export function traceIdFromDatadog(decimalLow: unknown, highHex?: unknown): string | undefined {
  const low = decimalToHex16(decimalLow);
  if (!low) return undefined;
  const high = typeof highHex === 'string' && HEX_16.test(highHex.toLowerCase()) ? highHex.toLowerCase() : '';
  return normalizeTraceId(high ? high + low : low);
}

/** Raw id bytes (OTLP protobuf) as lowercase hex; the empty string for an absent id. */
export function bytesToHex(bytes: Uint8Array | undefined): string {
  if (!bytes || bytes.length === 0) return '';
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
