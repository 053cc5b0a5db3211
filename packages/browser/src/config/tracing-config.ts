/** Configuration of the tracing core (sessions, trace headers, baggage). Names follow Datadog's, which users know. */
import type { PropagatorType } from '../tracing/propagators.js';
import type { AllowedTracingUrl } from '../tracing/url-matching.js';
import { type InitInput, isListOf, isOneOf, isPercentage, isString, option } from './schema.js';

const PROPAGATOR_TYPES: PropagatorType[] = ['tracecontext', 'datadog', 'b3', 'b3multi'];
const PROPAGATORS = "'tracecontext', 'datadog', 'b3' or 'b3multi'";
const isPropagatorList = isListOf(isOneOf(PROPAGATOR_TYPES));
const isMatcher = (value: unknown) => isString(value) || value instanceof RegExp || typeof value === 'function';
const isTracingUrl = (value: unknown) => {
  const rule = value as { match?: unknown; propagatorTypes?: unknown } | null;
  return (
    isMatcher(value) || (isMatcher(rule?.match) && (!rule?.propagatorTypes || isPropagatorList(rule.propagatorTypes)))
  );
};
const text = option('', 'a string', isString);
const percentage = option(100, 'a number from 0 to 100', isPercentage);

export const tracingConfigShape = {
  service: text,
  env: text,
  version: text,
  sessionSampleRate: percentage,
  traceSampleRate: percentage,
  allowedTracingUrls: option<AllowedTracingUrl[]>(
    [],
    `an array of strings, RegExps, functions or { match, propagatorTypes } (propagatorTypes: ${PROPAGATORS})`,
    isListOf(isTracingUrl),
  ),
  propagatorTypes: option<PropagatorType[]>(['tracecontext'], `an array of ${PROPAGATORS}`, isPropagatorList),
  traceContextInjection: option<'sampled' | 'all'>('sampled', "'sampled' or 'all'", isOneOf(['sampled', 'all'])),
  /** Requests to the page's own origin are traced unless this is false: they cannot leak to a third party. */
  traceSameOrigin: option(true, 'true or false', isOneOf([true, false])),
  /** Sent as `tracestate` with `traceparent`; empty: none. */
  tracestate: text,
  baggage: option({ allowedKeys: ['session.id'] }, '{ allowedKeys: string[] }', (value) =>
    isListOf(isString)((value as { allowedKeys?: unknown } | null)?.allowedKeys),
  ),
  /** Where the SDK sends its own data; never instrumented or traced. */
  endpoint: text,
};

export type TracingConfigShape = typeof tracingConfigShape;
export type TracingInitConfiguration = InitInput<TracingConfigShape>;
