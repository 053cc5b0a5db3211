/**
 * Starts rumlink: the store, the group-commit writer, and the two listeners — intake (faces browsers and services)
 * and query + UI (faces people). Returns what it offers plus `stop()`, which flushes every accepted row first.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { RumlinkConfig } from './config/config-schema.js';
import { ConfigError } from './config/load-config.js';
import { installIntakeCors } from './http/cors.js';
import { installErrorReplies } from './http/error-reply.js';
import { type IntakeLimits, registerIntakeRoutes } from './http/intake-routes.js';
import { installApiKeyCheck, registerOperationalRoutes } from './http/operational-routes.js';
import { registerQueryRoutes } from './http/query-routes.js';
import { registerUiRoutes } from './http/ui-routes.js';
import { createIntakeCredentials } from './intake/authorize.js';
import { startOtlpDecodePool } from './intake/otlp/decode-pool.js';
import { createServerMetrics } from './metrics.js';
import { openChdbExecutor } from './store/chdb.js';
import type { SqlExecutor } from './store/executor.js';
import { type GroupCommitOptions, startGroupCommitWriter } from './store/group-commit-writer.js';
import { applySchema } from './store/schema.js';
import { defaultUiDir } from './ui/ui-build.js';

export interface ServerOptions {
  dataDir: string;
  host?: string;
  port?: number;
  intakeHost?: string;
  intakePort?: number;
  config: RumlinkConfig;
  /** The web UI's build directory (default: `@rumlink/ui`'s `dist/`); without a build, `/` says how to make one. */
  uiDir?: string;
  limits?: Partial<IntakeLimits>;
  writer?: Omit<GroupCommitOptions, 'executor'>;
  /** Worker threads decoding OTLP bodies (default: one per core but one, 1–4). */
  decodeThreads?: number;
  /** Where unexpected errors are reported (default: stderr). */
  onUnexpectedError?: (error: unknown) => void;
}

export interface RunningServer {
  intakeUrl: string;
  queryUrl: string;
  store: string;
  /** The store executor, for tools that run next to the server (benchmarks, admin commands). */
  executor: SqlExecutor;
  /** What an operator should know about existing tables (applySchema): printed at startup. */
  notices: string[];
  stop(): Promise<void>;
}

export const DEFAULT_LIMITS: IntakeLimits = {
  maxBodyBytes: 10 * 1024 * 1024,
  maxDecompressedBytes: 64 * 1024 * 1024,
  maxEvents: 10_000,
  maxAttributeLength: 8192,
};

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.test(host) && !options.config.apiKey) {
    throw new ConfigError(
      `refusing to serve the query API on non-loopback host ${host} without an apiKey; set "apiKey" in the config file`,
    );
  }
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const reportUnexpected =
    options.onUnexpectedError ?? ((error: unknown) => console.error('rumlink: unexpected error', error));
  const metrics = createServerMetrics();

  const executor = await openChdbExecutor(options.dataDir);
  const otlpDecoder = startOtlpDecodePool({
    threads: options.decodeThreads,
    limits,
    onWorkerFailure: reportUnexpected,
  });
  const started: FastifyInstance[] = [];
  try {
    const notices = await applySchema(executor, options.config.retentionDays);
    const writer = startGroupCommitWriter({
      ...options.writer,
      executor,
      onBatchInserted: (table, rows, _bytes, elapsedMs) => {
        metrics.batchRows.observe({ table }, rows);
        metrics.insertLatency.observe({ table }, elapsedMs);
      },
      onBatchFailed: (table, rows, error) => {
        metrics.rejected.add({ kind: table, code: 'store_failed' }, rows);
        reportUnexpected(error);
      },
    });

    const intake = Fastify({ bodyLimit: limits.maxBodyBytes });
    intake.removeAllContentTypeParsers();
    intake.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    installIntakeCors(intake);
    installErrorReplies(intake, reportUnexpected);
    intake.addHook('onResponse', async (request, reply) => {
      if (reply.statusCode >= 400) {
        metrics.rejected.add({ kind: request.routeOptions.url ?? 'unknown', code: String(reply.statusCode) });
      }
    });
    registerIntakeRoutes(intake, {
      credentials: createIntakeCredentials(options.config.applications, options.config.ingestKey),
      writer,
      otlpDecoder,
      metrics,
      limits,
    });

    const query = Fastify();
    installErrorReplies(query, reportUnexpected);
    installApiKeyCheck(query, options.config.apiKey);
    registerOperationalRoutes(query, { executor, metrics, writer });
    registerQueryRoutes(query, executor);
    registerUiRoutes(query, { uiDir: options.uiDir ?? defaultUiDir() });

    const intakeAddress = await intake.listen({
      host: options.intakeHost ?? '127.0.0.1',
      port: options.intakePort ?? 4318,
    });
    started.push(intake);
    const queryAddress = await query.listen({ host, port: options.port ?? 4320 });
    started.push(query);

    let stopping: Promise<void> | undefined;
    return {
      intakeUrl: intakeAddress,
      queryUrl: queryAddress,
      store: executor.description,
      executor,
      notices,
      stop() {
        stopping ??= (async () => {
          // Stop taking requests, finish the ones in flight (they await their batch), then flush and close.
          await intake.close();
          await otlpDecoder.stop();
          await writer.stop();
          await query.close();
          await executor.close();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await Promise.allSettled(started.map((app) => app.close()));
    await otlpDecoder.stop();
    await executor.close();
    throw error;
  }
}
