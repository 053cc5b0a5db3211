/** `@rumlink/browser/tracing`: sessions and trace headers + baggage on allow-listed requests, without RUM collection. */
import { type TracingInitConfiguration, tracingConfigShape } from './config/tracing-config.js';
import { makePublicApi } from './public-api.js';

export type { TracingInitConfiguration } from './config/tracing-config.js';
export type { PropagatorType } from './tracing/propagators.js';
export type { AllowedTracingUrl, TracingRule } from './tracing/url-matching.js';

export const rumlink = makePublicApi<TracingInitConfiguration, typeof tracingConfigShape>({
  shape_: tracingConfigShape,
});
