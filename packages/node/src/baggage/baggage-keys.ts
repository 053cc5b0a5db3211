/**
 * Which baggage entries become span attributes and log fields: an allow-list of keys (default `session.id`) or a
 * predicate. Shared by the span processor, the log processor and the logging integrations so they always agree.
 */
import type { Baggage } from '@opentelemetry/api';
import { invalidOption } from '../config/config-error.js';
import { isBaggageKey } from './baggage-header.js';

export type BaggageKeySelection = readonly string[] | ((key: string) => boolean);

export const DEFAULT_BAGGAGE_KEYS: readonly string[] = ['session.id'];

export class BaggageKeyFilter {
  private readonly keys: readonly string[] | undefined;
  private readonly predicate: ((key: string) => boolean) | undefined;

  /** @throws RumlinkConfigError when `selection` is neither a list of baggage keys nor a function. */
  constructor(selection: BaggageKeySelection = DEFAULT_BAGGAGE_KEYS, option = 'baggageKeys') {
    if (typeof selection === 'function') {
      this.predicate = selection;
      return;
    }
    if (!Array.isArray(selection)) {
      throw invalidOption(option, `expected a list of baggage keys or a function, got ${typeof selection}`, fix);
    }
    selection.forEach((key: unknown, index) => {
      if (typeof key !== 'string' || !isBaggageKey(key)) {
        throw invalidOption(`${option}[${index}]`, `${JSON.stringify(key)} is not a W3C baggage key`, fix);
      }
    });
    this.keys = [...selection];
  }

  /**
   * Calls `copy(target, key, value)` for each selected entry. An allow-list looks its keys up directly, so nothing is
   * allocated per call (hot path: every span start and log line); `copy` is a module-level function for the same
   * reason.
   */
  forEachSelected<T>(baggage: Baggage, target: T, copy: (target: T, key: string, value: string) => void): void {
    const keys = this.keys;
    if (keys !== undefined) {
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        const entry = baggage.getEntry(key);
        if (entry !== undefined) copy(target, key, entry.value);
      }
      return;
    }
    for (const [key, entry] of baggage.getAllEntries()) {
      if (this.predicate!(key)) copy(target, key, entry.value);
    }
  }
}

const fix = "Pass baggage keys such as ['session.id'] (RFC 7230 tokens) or a function (key) => boolean";
