/**
 * Integration harness: the real server on port 0 with a temporary data directory, spoken to over HTTP.
 * One server per test file (chDB binds one data directory per process; vitest runs each file in its own process).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RumlinkConfig } from '../src/config/config-schema.js';
import { type RunningServer, type ServerOptions, startServer } from '../src/server.js';

export const APP = { id: 'shop', name: 'Shop', clientToken: 'pub_test_token_0123456789' };
/** The RUM intake path of the test application; append `&…` for more parameters. */
export const RUM_PATH = `/rum/v1/events?app=${APP.id}&token=${APP.clientToken}`;

export interface TestServer {
  server: RunningServer;
  dataDir: string;
  /** POST to the intake listener. */
  intake(path: string, init?: RequestInit): Promise<Response>;
  /** GET JSON from the query listener (`/api/v1` prefix added when missing). */
  api<T = any>(path: string, init?: RequestInit): Promise<{ status: number; body: T }>;
  /** Posts rumlink RUM events as NDJSON for the test application; `parameters` are appended to RUM_PATH. */
  postRum(events: object[], parameters?: string): Promise<Response>;
  /** Stops and starts the server on the same data directory, optionally with changed config. */
  restart(changes?: { config?: Partial<RumlinkConfig> }): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestServer(
  overrides: Partial<Omit<ServerOptions, 'config'>> & { config?: Partial<RumlinkConfig> } = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rumlink-test-'));
  const { config: configOverrides, ...rest } = overrides;
  const config: RumlinkConfig = { applications: [APP], retentionDays: 7, ...configOverrides };
  const options: ServerOptions = { dataDir, port: 0, intakePort: 0, config, ...rest };
  let server = await startServer(options);
  const harness: TestServer = {
    get server() {
      return server;
    },
    dataDir,
    intake: (path, init) => fetch(`${server.intakeUrl}${path}`, { method: 'POST', ...init }),
    async api(path, init) {
      const url = `${server.queryUrl}${path.startsWith('/api/') || path.startsWith('/healthz') || path.startsWith('/metrics') ? '' : '/api/v1'}${path}`;
      const response = await fetch(url, init);
      const text = await response.text();
      let body: any = text;
      try {
        body = JSON.parse(text);
      } catch {}
      return { status: response.status, body };
    },
    postRum(events, parameters = '') {
      return harness.intake(`${RUM_PATH}${parameters}`, {
        headers: { 'content-type': 'text/plain' },
        body: events.map((event) => JSON.stringify(event)).join('\n'),
      });
    },
    async restart(changes) {
      await server.stop();
      Object.assign(options.config, changes?.config);
      server = await startServer(options);
    },
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

export const randomHex = (bytes: number) =>
  Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');

/** An OTLP/JSON span, as the OTLP JSON encoding spells it (hex ids, string int64, enum ints). */
export function otlpSpan(options: {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startMs: number;
  durationMs: number;
  attributes?: Record<string, string>;
}) {
  const startNs = BigInt(Math.round(options.startMs * 1e6));
  return {
    traceId: options.traceId,
    spanId: options.spanId,
    parentSpanId: options.parentSpanId ?? '',
    name: options.name,
    kind: 2,
    startTimeUnixNano: startNs.toString(),
    endTimeUnixNano: (startNs + BigInt(Math.round(options.durationMs * 1e6))).toString(),
    attributes: Object.entries(options.attributes ?? {}).map(([key, value]) => ({
      key,
      value: { stringValue: value },
    })),
    status: {},
  };
}

export function otlpTraces(service: string, spans: object[]) {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [{ scope: { name: 'test' }, spans }],
      },
    ],
  });
}

/** OTLP/JSON log records of one service (`attributes` become log attributes, e.g. `session.id`). */
export function otlpLogs(
  service: string,
  records: Array<{
    timeMs: number;
    body: string;
    severityText?: string;
    severityNumber?: number;
    traceId?: string;
    spanId?: string;
    attributes?: Record<string, string>;
  }>,
) {
  return JSON.stringify({
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeLogs: [
          {
            scope: { name: 'test' },
            logRecords: records.map((record) => ({
              timeUnixNano: BigInt(Math.round(record.timeMs * 1e6)).toString(),
              severityText: record.severityText ?? 'INFO',
              severityNumber: record.severityNumber ?? 9,
              body: { stringValue: record.body },
              traceId: record.traceId ?? '',
              spanId: record.spanId ?? '',
              attributes: Object.entries(record.attributes ?? {}).map(([key, value]) => ({
                key,
                value: { stringValue: value },
              })),
            })),
          },
        ],
      },
    ],
  });
}
