/** @rumlink/node public API. */

export type { BaggageKeySelection } from './baggage/baggage-keys.js';
export { RumlinkConfigError, type RumlinkConfigErrorCode } from './config/config-error.js';
export type { RumlinkOptions } from './config/rumlink-options.js';
export { corsAllowedHeaders, type RumlinkHttpOptions } from './http/cors-policy.js';
export { type ExpressMiddleware, rumlinkExpress } from './http/express.js';
export { rumlinkFastify } from './http/fastify.js';
export { handleRumlinkHttp } from './http/node-http.js';
export type { LogCorrelationOptions } from './logging/log-correlation.js';
export { type PinoDestination, type PinoStreamOptions, rumlinkPinoMixin, rumlinkPinoStream } from './logging/pino.js';
export { rumlinkWinstonFormat, type WinstonFormat, type WinstonInfo } from './logging/winston-format.js';
export { BaggageLogRecordProcessor } from './processors/baggage-log-record-processor.js';
export { BaggageSpanProcessor } from './processors/baggage-span-processor.js';
export { DatadogPropagator } from './propagation/datadog-propagator.js';
export {
  composePropagators,
  DEFAULT_PROPAGATORS,
  defaultPropagators,
  type PropagatorName,
  type PropagatorSetting,
} from './propagation/propagators.js';
export * from './queues/index.js';
export { type RumlinkHandle, startRumlink } from './start-rumlink.js';
