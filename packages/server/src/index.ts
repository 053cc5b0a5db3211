/** Public API of @rumlink/server: start the server programmatically (tests, embedding, the demo). */

export type { ApplicationConfig, RumlinkConfig } from './config/config-schema.js';
export { ConfigError, parseConfig, resolveConfig } from './config/load-config.js';
export { DEFAULT_LIMITS, type RunningServer, type ServerOptions, startServer } from './server.js';
