/**
 * W3C Baggage with the spec's limits enforced on both sides (see baggage/baggage-header.ts for why a header over a
 * limit is dropped whole). `@opentelemetry/core`'s W3CBaggagePropagator allows 180 members and keeps a silent prefix
 * of an oversize header, which is what this replaces.
 */
import {
  type BaggageEntry,
  baggageEntryMetadataFromString,
  type Context,
  diag,
  propagation,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
} from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { formatBaggageHeader, parseBaggageHeader } from '../baggage/baggage-header.js';

const BAGGAGE = 'baggage';

export class BaggagePropagator implements TextMapPropagator {
  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    const baggage = propagation.getBaggage(context);
    if (baggage === undefined || isTracingSuppressed(context)) return;
    const header = formatBaggageHeader(
      baggage
        .getAllEntries()
        .map(([key, entry]) => [key, { value: entry.value, properties: entry.metadata?.toString() }]),
    );
    if (header !== '') setter.set(carrier, BAGGAGE, header);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    const raw = getter.get(carrier, BAGGAGE);
    // Repeated headers are one list (RFC 9110 § 5.3).
    const header = Array.isArray(raw) ? raw.join(',') : raw;
    if (!header) return context;
    const parsed = parseBaggageHeader(header);
    if ('rejected' in parsed) {
      diag.debug(`rumlink: ignored the baggage header: ${parsed.rejected} (W3C Baggage § 3.3.1)`);
      return context;
    }
    if (parsed.skipped.length > 0) diag.debug(`rumlink: skipped baggage members: ${parsed.skipped.join('; ')}`);
    if (parsed.members.length === 0) return context;
    // No prototype: a member named `__proto__` is just a key.
    const entries: Record<string, BaggageEntry> = Object.create(null);
    for (const { key, value, properties } of parsed.members) {
      entries[key] =
        properties === undefined ? { value } : { value, metadata: baggageEntryMetadataFromString(properties) };
    }
    return propagation.setBaggage(context, propagation.createBaggage(entries));
  }

  fields(): string[] {
    return [BAGGAGE];
  }
}
