/**
 * The life of one shop process: start OpenTelemetry through @rumlink/node first (so its instrumentations see
 * `http` and the frameworks when the service module loads them), start the service, announce `{"ready": <port>}` on
 * stdout for the supervisor, and on SIGTERM / SIGINT stop the service, flush telemetry and exit 0.
 *
 * Under the supervisor (`SHOP_SUPERVISED=1`) stdin is a pipe from it: when the supervisor dies without stopping us
 * (SIGKILL, crash), the pipe closes and the process stops too, so no orphan keeps a port.
 */

import type { Server } from 'node:http';
import { register } from 'node:module';
import type { AddressInfo } from 'node:net';
import { type RumlinkOptions, startRumlink } from '@rumlink/node';
import { type Environment, ShopConfigError, urlFrom } from './environment.js';

export interface RunningService {
  port: number;
  stop(): Promise<void>;
}

/** Starts `server` listening on `host:port` (0: any free port) and returns it as a service whose stop also closes
 *  kept-alive connections, so a stop never waits for idle browsers. */
export async function listenAsService(server: Server, host: string, port: number): Promise<RunningService> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export async function runService(
  serviceName: string,
  start: (env: Environment) => Promise<RunningService>,
  /** `telemetry: false` for the stand-ins of other people's systems (the queue, the third party);
   *  `instrumentations` replace @rumlink/node's defaults (http, undici). */
  {
    telemetry: instrumented = true,
    env = process.env,
    instrumentations,
  }: { telemetry?: boolean; env?: Environment; instrumentations?: RumlinkOptions['instrumentations'] } = {},
): Promise<void> {
  let telemetry: ReturnType<typeof startRumlink> | undefined;
  let service: RunningService;
  try {
    if (instrumented) {
      // The shop is written as ES modules: OpenTelemetry's loader hook lets the instrumentations see what the
      // services `import` (Express, for instance), as the @rumlink/node README says.
      register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
      telemetry = startRumlink({
        serviceName,
        endpoint: urlFrom(env, 'OTEL_EXPORTER_OTLP_ENDPOINT', 'http://127.0.0.1:4318'),
        resourceAttributes: { 'service.namespace': 'shop', 'deployment.environment.name': 'demo' },
        instrumentations,
      });
    }
    service = await start(env);
  } catch (error) {
    const known = error instanceof ShopConfigError || (error as { code?: string }).code === 'invalid_option';
    const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
    const message = inUse
      ? `port ${(error as { port?: number }).port} is already in use; stop the other process or choose another port`
      : (error as Error).message;
    console.error(`${serviceName}: ${message}`);
    if (!known && !inUse) console.error((error as Error).stack);
    process.exit(known ? 2 : 1);
  }

  let stopping = false;
  const stop = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`${serviceName}: ${reason}, stopping`);
    await service.stop().catch((error) => console.error(`${serviceName}: stop failed: ${error}`));
    await telemetry?.shutdown(); // flushes spans and log records to the intake
    process.exit(0);
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  if (env.SHOP_SUPERVISED === '1') {
    process.stdin.once('close', () => stop('supervisor gone'));
    process.stdin.resume();
  }
  console.log(JSON.stringify({ ready: service.port }));
}
