/**
 * `@rumlink/browser`: the complete SDK. Today it is the tracing core (sessions, trace headers and baggage on
 * allow-listed requests); RUM collection (views, resources, errors, actions, vitals) builds on it.
 */

export type {
  AllowedTracingUrl,
  PropagatorType,
  TracingInitConfiguration as RumlinkInitConfiguration,
  TracingRule,
} from './tracing-entry.js';
export { rumlink } from './tracing-entry.js';
