import { bytesToHex, normalizeSpanId, normalizeTraceId } from '../../ids.js';
import type { OtlpId } from './messages.js';

const ALL_ZERO_HEX = /^0+$/;

/**
 * An OTLP trace id (16 bytes) or span id (8 bytes) as lowercase hex. '' means absent: empty, or all zeros (which
 * W3C Trace Context defines as "no id"); null means malformed (wrong length, or not hex in OTLP/JSON).
 */
export function otlpIdToHex(id: OtlpId, byteLength: 8 | 16): string | null {
  if (id.length === 0) return '';
  if (typeof id === 'string') return hexIdFromJson(id, byteLength);
  if (id.length !== byteLength || !(id instanceof Uint8Array)) return null;
  const hex = bytesToHex(id);
  return ALL_ZERO_HEX.test(hex) ? '' : hex;
}

function hexIdFromJson(id: string, byteLength: 8 | 16): string | null {
  // Exact length first: normalizeTraceId also accepts 64-bit (16 hex) trace ids, which OTLP does not allow.
  if (id.length !== byteLength * 2) return null;
  const normalized = byteLength === 16 ? normalizeTraceId(id) : normalizeSpanId(id);
  if (normalized !== undefined) return normalized;
  return ALL_ZERO_HEX.test(id) ? '' : null;
}
