/**
 * rumlink started in the test process with in-memory exporters: the real NodeSDK and http instrumentation, with
 * what was recorded readable directly. For what reaches a real rumlink server, see two-services.e2e.test.ts.
 */

import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { SpanKind } from '@opentelemetry/api';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { InMemoryLogRecordExporter, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { type RumlinkHandle, type RumlinkOptions, startRumlink } from '../src/index.js';

export interface InProcessRumlink {
  handle: RumlinkHandle;
  spans(): ReadableSpan[];
  serverSpans(): ReadableSpan[];
  logs: InMemoryLogRecordExporter;
}

export function startInProcessRumlink(options: Partial<RumlinkOptions> = {}): InProcessRumlink {
  const spanExporter = new InMemorySpanExporter();
  const logs = new InMemoryLogRecordExporter();
  const handle = startRumlink({
    serviceName: 'in-process',
    // http only: the test's own fetch() calls must not start client spans that would inject trace headers.
    instrumentations: [new HttpInstrumentation()],
    spanProcessors: [new SimpleSpanProcessor(spanExporter)],
    logRecordProcessors: [new SimpleLogRecordProcessor({ exporter: logs })],
    ...options,
  });
  // Vitest loads node:http as an ES module, which require-in-the-middle never sees. One CommonJS require after the
  // SDK started lets instrumentation-http patch http.Server.prototype.emit, which every server in the process shares.
  createRequire(import.meta.url)('node:http');
  return {
    handle,
    spans: () => spanExporter.getFinishedSpans(),
    serverSpans: () => spanExporter.getFinishedSpans().filter((span) => span.kind === SpanKind.SERVER),
    logs,
  };
}

export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export const BROWSER = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  sessionId: '3f1c8c8e-4b8a-4f3e-9d3a-0f6b1e2d4c5a',
};
/** What the rumlink browser SDK sends to an allow-listed backend. */
export const BROWSER_HEADERS = {
  traceparent: `00-${BROWSER.traceId}-${BROWSER.spanId}-01`,
  baggage: `session.id=${BROWSER.sessionId}`,
};
