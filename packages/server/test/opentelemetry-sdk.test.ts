/**
 * The real OpenTelemetry JS SDK (NodeSDK + the OTLP/HTTP exporters, gzip on) sends spans and logs carrying
 * `session.id`; the query API returns them by session, by trace and by attribute.
 */
import { context, propagation, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.js';

type Encoding = 'protobuf' | 'json';

/** Runs a two-span request and a log line inside it through a NodeSDK exporting with the given encoding. */
async function emitWithSdk(intakeUrl: string, encoding: Encoding, sessionId: string) {
  const exporterOptions = (signal: string) => ({ url: `${intakeUrl}/v1/${signal}`, compression: 'gzip' as never });
  const spanProcessor = new SimpleSpanProcessor(
    encoding === 'protobuf'
      ? new ProtoTraceExporter(exporterOptions('traces'))
      : new JsonTraceExporter(exporterOptions('traces')),
  );
  const logProcessor = new SimpleLogRecordProcessor({
    exporter:
      encoding === 'protobuf'
        ? new ProtoLogExporter(exporterOptions('logs'))
        : new JsonLogExporter(exporterOptions('logs')),
  });
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ 'service.name': `checkout-${encoding}`, 'deployment.environment': 'test' }),
    spanProcessors: [spanProcessor],
    logRecordProcessors: [logProcessor],
    instrumentations: [],
  });
  sdk.start();
  const tracer = trace.getTracer('rumlink-test');
  const logger = logs.getLogger('rumlink-test');
  let traceId = '';
  await tracer.startActiveSpan(
    'POST /checkout',
    { attributes: { 'session.id': sessionId, 'http.request.method': 'POST', 'cart.items': 3 } },
    async (root) => {
      traceId = root.spanContext().traceId;
      tracer.startActiveSpan('charge card', { attributes: { 'session.id': sessionId } }, (child) => {
        logger.emit({
          severityText: 'INFO',
          severityNumber: 9,
          body: `charged card for ${encoding}`,
          attributes: { 'session.id': sessionId },
        });
        child.end();
      });
      root.end();
    },
  );
  // shutdown() alone can resolve before an export in flight is answered: flush (which awaits them) first.
  await Promise.all([spanProcessor.forceFlush(), logProcessor.forceFlush()]);
  await sdk.shutdown();
  // Two SDKs run in this process one after the other: release the globals the first one registered.
  trace.disable();
  context.disable();
  propagation.disable();
  logs.disable();
  return traceId;
}

describe.each<Encoding>(['protobuf', 'json'])('OpenTelemetry NodeSDK over OTLP/HTTP %s with gzip', (encoding) => {
  let t: TestServer;
  let traceId: string;
  const sessionId = crypto.randomUUID();

  beforeAll(async () => {
    t = await startTestServer();
    traceId = await emitWithSdk(t.server.intakeUrl, encoding, sessionId);
  });
  afterAll(() => t?.stop());

  it('returns the spans by session with their attributes and resource', async () => {
    const { body } = await t.api(`/spans?sessionId=${sessionId}`);
    expect(body.spans.map((span: any) => span.name).sort()).toEqual(['POST /checkout', 'charge card']);
    const root = body.spans.find((span: any) => span.name === 'POST /checkout');
    expect(root).toMatchObject({
      traceId,
      parentSpanId: null,
      service: `checkout-${encoding}`,
      kind: 'Internal',
      status: 'Unset',
      sessionId,
      attributes: { 'session.id': sessionId, 'http.request.method': 'POST', 'cart.items': '3' },
    });
    expect(root.resourceAttributes['deployment.environment']).toBe('test');
    expect(root.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('returns the whole trace by id', async () => {
    const { body } = await t.api(`/traces/${traceId}`);
    expect(body.spans).toHaveLength(2);
    const [root, child] = [body.spans.find((s: any) => !s.parentSpanId), body.spans.find((s: any) => s.parentSpanId)];
    expect(child.parentSpanId).toBe(root.spanId);
    expect(body.rum).toBeNull();
  });

  it('returns spans by attribute', async () => {
    const { body } = await t.api('/spans?attr.http.request.method=POST');
    expect(body.spans.map((span: any) => span.traceId)).toEqual([traceId]);
  });

  it('returns the log line by session and by trace, with the span it was logged in', async () => {
    const bySession = await t.api(`/logs?sessionId=${sessionId}`);
    expect(bySession.body.logs).toHaveLength(1);
    expect(bySession.body.logs[0]).toMatchObject({
      body: `charged card for ${encoding}`,
      severity: 'INFO',
      severityNumber: 9,
      service: `checkout-${encoding}`,
      traceId,
      sessionId,
    });
    const byTrace = await t.api(`/logs?traceId=${traceId}&severity=info&q=CHARGED`);
    expect(byTrace.body.logs).toHaveLength(1);
    expect((await t.api(`/logs?traceId=${traceId}&severity=error`)).body.logs).toHaveLength(0);
  });

  it('counts what it accepted in /metrics', async () => {
    const { body } = await t.api('/metrics');
    expect(body).toContain('rumlink_intake_accepted_total{kind="span"} 2');
    expect(body).toContain('rumlink_intake_accepted_total{kind="log"} 1');
    expect(body).toMatch(/rumlink_store_insert_duration_ms_count\{table="otel_traces"\} \d+/);
  });
});
