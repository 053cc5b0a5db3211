/**
 * `node --import @rumlink/node/register app.js`: rumlink from the environment (config/environment.ts), before the
 * app loads. Invalid configuration prints one line to stderr and the app runs without telemetry: a typo in an
 * environment variable must never keep a service from starting.
 */
import { register } from 'node:module';
import { optionsFromEnvironment } from './config/environment.js';
import { shutdownOnExit } from './process-exit.js';
import { startRumlink } from './start-rumlink.js';

function start(): void {
  if (process.env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return;
  try {
    const options = optionsFromEnvironment(process.env);
    // Instrumentations see modules the app loads with `import` only through this loader hook.
    register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
    shutdownOnExit(startRumlink(options));
  } catch (error) {
    process.stderr.write(`rumlink: telemetry is off: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}

start();
