/**
 * The propagators rumlink installs, by the names `OTEL_PROPAGATORS` uses, composed so that the FIRST valid trace
 * context in the list wins on extraction (as dd-trace and the rumlink browser SDK decide). OpenTelemetry's
 * CompositePropagator lets the last one win, so the list is handed to it reversed.
 */
import type { TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { B3InjectEncoding, B3Propagator } from '@opentelemetry/propagator-b3';
import { invalidOption } from '../config/config-error.js';
import { BaggagePropagator } from './baggage-propagator.js';
import { DatadogPropagator } from './datadog-propagator.js';
import { guardPropagator } from './guarded-propagator.js';

export type PropagatorName = 'tracecontext' | 'baggage' | 'b3' | 'b3multi' | 'datadog';
/** A propagator by name, or any TextMapPropagator (used as given, guarded like the others). */
export type PropagatorSetting = PropagatorName | TextMapPropagator;

export const PROPAGATOR_NAMES: readonly PropagatorName[] = ['tracecontext', 'baggage', 'b3', 'b3multi', 'datadog'];
/** W3C first: a valid `traceparent` is preferred over the other formats of the same request. */
export const DEFAULT_PROPAGATORS: readonly PropagatorName[] = ['tracecontext', 'baggage', 'b3', 'datadog'];

/** B3 is read in both encodings whichever one is written, so both are listed (CORS preflights need them all). */
const B3_HEADERS = ['b3', 'x-b3-traceid', 'x-b3-spanid', 'x-b3-sampled', 'x-b3-parentspanid', 'x-b3-flags'];

function namedPropagator(name: PropagatorName): TextMapPropagator {
  switch (name) {
    case 'tracecontext':
      return guardPropagator('W3C trace context', new W3CTraceContextPropagator(), { signals: ['traceparent'] });
    case 'baggage':
      return guardPropagator('W3C baggage', new BaggagePropagator(), { signals: [] });
    case 'b3':
    case 'b3multi': {
      const injectEncoding = name === 'b3' ? B3InjectEncoding.SINGLE_HEADER : B3InjectEncoding.MULTI_HEADER;
      return guardPropagator('B3', new B3Propagator({ injectEncoding }), {
        fields: B3_HEADERS,
        signals: ['b3', 'x-b3-traceid'],
      });
    }
    case 'datadog':
      return guardPropagator('Datadog', new DatadogPropagator(), { signals: [] });
  }
}

const isPropagator = (value: unknown): value is TextMapPropagator =>
  typeof value === 'object' &&
  value !== null &&
  ['inject', 'extract', 'fields'].every((method) => typeof (value as Record<string, unknown>)[method] === 'function');

/**
 * One propagator for a list of names and/or propagator objects.
 * @throws RumlinkConfigError for an unknown name or an object that is not a TextMapPropagator.
 */
export function composePropagators(
  settings: readonly PropagatorSetting[] = DEFAULT_PROPAGATORS,
  option = 'propagators',
): TextMapPropagator {
  if (!Array.isArray(settings)) {
    throw invalidOption(
      option,
      `expected a list, got ${typeof settings}`,
      `Pass e.g. ${JSON.stringify(DEFAULT_PROPAGATORS)}`,
    );
  }
  const propagators = settings.map((setting: unknown, index) => {
    if (typeof setting === 'string' && (PROPAGATOR_NAMES as readonly string[]).includes(setting)) {
      return namedPropagator(setting as PropagatorName);
    }
    if (isPropagator(setting)) return guardPropagator(`propagators[${index}]`, setting, { signals: [] });
    throw invalidOption(
      `${option}[${index}]`,
      `${JSON.stringify(setting)} is not a propagator`,
      `Use one of ${PROPAGATOR_NAMES.join(', ')}, or an object with inject, extract and fields`,
    );
  });
  return new CompositePropagator({ propagators: propagators.reverse() });
}

/** W3C trace context + W3C baggage + B3 (writes the single header, reads both) + Datadog. */
export const defaultPropagators = (): TextMapPropagator => composePropagators(DEFAULT_PROPAGATORS);
