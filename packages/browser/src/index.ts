/**
 * `@rumlink/browser`: the complete SDK. Sessions and trace headers + baggage on allow-listed requests (the tracing
 * core), and RUM collection: views, resources linked to backend traces, actions, errors, long tasks, web vitals and
 * logs, sent to the rumlink intake.
 */
import { makeRumApi } from './rum-api.js';

export type { ConsoleLevel, PrivacyLevel, RumInitConfiguration } from './rum/rum-config.js';
export type { Context, RumEvent } from './rum/rum-event.js';
export type { LogLevel } from './rum/start-rum.js';
export type { RumlinkApi } from './rum-api.js';
export type { PropagatorType } from './tracing/propagators.js';
export type { AllowedTracingUrl, TracingRule } from './tracing/url-matching.js';

export const rumlink = makeRumApi();
