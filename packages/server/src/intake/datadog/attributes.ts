/**
 * The `Attributes` map of a Datadog-sourced row: string values only, keys dotted like Datadog's own facets
 * (`context.tenant.id`, `usr.email`), values truncated. The full event stays in `Payload`, so the map keeps what is
 * worth filtering on, bounded in count and depth because events are untrusted.
 */
import type { AttributeMap } from '../../store/rows.js';
import { isJsonObject } from './event-fields.js';

/** More keys than this per event are dropped (a global context can be arbitrarily large; Payload keeps it all). */
const MAX_ATTRIBUTES = 128;
/** Objects nested deeper than this are not flattened further. */
const MAX_DEPTH = 8;

export class AttributeBuilder {
  private readonly entries = new Map<string, string>();

  constructor(private readonly maxLength: number) {}

  /** One attribute; scalars as text, arrays of scalars comma-joined, anything else as JSON. Empty values are skipped. */
  set(key: string, value: unknown): void {
    const text = toText(value);
    if (text === undefined || text === '' || this.entries.size >= MAX_ATTRIBUTES) return;
    this.entries.set(key, truncate(text, this.maxLength));
  }

  /** Every leaf of `value` under `prefix` (`usr` + `{ id: 'u1' }` → `usr.id`). */
  flatten(prefix: string, value: unknown, depth = 0): void {
    if (!isJsonObject(value) || depth >= MAX_DEPTH) {
      this.set(prefix, value);
      return;
    }
    for (const [key, child] of Object.entries(value)) {
      if (this.entries.size >= MAX_ATTRIBUTES) return;
      this.flatten(prefix ? `${prefix}.${key}` : key, child, depth + 1);
    }
  }

  build(): AttributeMap {
    // fromEntries defines own properties, so a `__proto__` key from an event stays a plain key.
    return Object.fromEntries(this.entries);
  }
}

/** At most `maxLength` UTF-16 units, never ending on half a surrogate pair. */
export function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const end = /[\uD800-\uDBFF]/.test(text.charAt(maxLength - 1)) ? maxLength - 1 : maxLength;
  return text.slice(0, Math.max(0, end));
}

function toText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item !== 'object' || item === null)) {
    return value.filter((item) => item !== null).join(',');
  }
  if (typeof value !== 'object' || value === null) return undefined;
  try {
    return JSON.stringify(value);
  } catch {
    // Deeply nested JSON parses fine but overflows the stack when serialised again; such a value is not kept.
    return undefined;
  }
}
