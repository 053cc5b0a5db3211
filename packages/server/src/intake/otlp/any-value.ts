import { BoundaryError } from '../../errors.js';
import type { AttributeMap } from '../../store/rows.js';
import { int64ToDecimal } from './int64.js';
import type { AnyValueMessage, KeyValueMessage } from './messages.js';

/**
 * AnyValue → string, following the Collector's `pcommon.Value.AsString()` that the ClickHouse exporter writes:
 * strings as-is, booleans `true`/`false`, integers in exact decimal, doubles as JS number text, bytes as base64,
 * arrays and key-value lists as JSON text (insertion order kept). The empty value is ''.
 */

/** Real telemetry nests a few levels; anything deeper is rejected before it can exhaust the stack. */
const MAX_NESTING = 64;

export function anyValueToString(value: AnyValueMessage | null | undefined, maxLength: number): string {
  return truncate(scalarOrJson(value), maxLength);
}

/** Flattens `repeated KeyValue` into a map; a repeated key keeps its last value. */
export function attributesToMap(attributes: readonly KeyValueMessage[], maxLength: number): AttributeMap {
  const map: AttributeMap = {};
  for (const attribute of attributes) {
    const text = anyValueToString(attribute.value, maxLength);
    // Plain assignment to `__proto__` would change the prototype (or be ignored) instead of storing the attribute.
    if (attribute.key === '__proto__') {
      Object.defineProperty(map, '__proto__', { value: text, enumerable: true, writable: true, configurable: true });
    } else {
      map[attribute.key] = text;
    }
  }
  return map;
}

/** Cuts `text` to at most `maxLength` UTF-16 units without leaving half a surrogate pair at the end. */
export function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const last = text.charCodeAt(maxLength - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? maxLength - 1 : maxLength;
  return text.slice(0, Math.max(end, 0));
}

function scalarOrJson(value: AnyValueMessage | null | undefined): string {
  if (value == null) return '';
  // protobufjs puts oneof defaults on the prototype, so only own properties say which member is set.
  if (Object.hasOwn(value, 'stringValue')) return value.stringValue as string;
  if (Object.hasOwn(value, 'intValue')) return int64Text(value);
  if (Object.hasOwn(value, 'boolValue')) return value.boolValue ? 'true' : 'false';
  if (Object.hasOwn(value, 'doubleValue')) return String(value.doubleValue);
  if (Object.hasOwn(value, 'bytesValue')) return base64(value.bytesValue as Uint8Array);
  if (Object.hasOwn(value, 'arrayValue') || Object.hasOwn(value, 'kvlistValue')) return toJson(value, 0);
  return '';
}

function toJson(value: AnyValueMessage | null | undefined, depth: number): string {
  if (value == null) return 'null';
  if (Object.hasOwn(value, 'stringValue')) return JSON.stringify(value.stringValue);
  if (Object.hasOwn(value, 'intValue')) return int64Text(value);
  if (Object.hasOwn(value, 'boolValue')) return value.boolValue ? 'true' : 'false';
  if (Object.hasOwn(value, 'doubleValue')) {
    const double = value.doubleValue as number;
    // JSON has no NaN/Infinity literals; keep them readable as strings rather than turning them into null.
    return Number.isFinite(double) ? String(double) : `"${double}"`;
  }
  if (Object.hasOwn(value, 'bytesValue')) return `"${base64(value.bytesValue as Uint8Array)}"`;
  if (depth >= MAX_NESTING) {
    throw new BoundaryError(
      'invalid_body',
      `An attribute value or log body nests arrays/key-value lists more than ${MAX_NESTING} levels deep; send flatter values.`,
    );
  }
  if (Object.hasOwn(value, 'arrayValue')) {
    const items = value.arrayValue?.values ?? [];
    let json = '[';
    for (let i = 0; i < items.length; i++) json += (i === 0 ? '' : ',') + toJson(items[i], depth + 1);
    return `${json}]`;
  }
  if (Object.hasOwn(value, 'kvlistValue')) {
    const entries = value.kvlistValue?.values ?? [];
    let json = '{';
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i] as KeyValueMessage;
      json += `${i === 0 ? '' : ','}${JSON.stringify(entry.key)}:${toJson(entry.value, depth + 1)}`;
    }
    return `${json}}`;
  }
  return 'null';
}

function int64Text(value: AnyValueMessage): string {
  const int = value.intValue as { low: number; high: number };
  return int64ToDecimal(int.low, int.high);
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
