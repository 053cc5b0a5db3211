/**
 * The baggage processors on the real OpenTelemetry SDK with in-memory exporters.
 */

import { type Context, context, diag, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { BaggageSpanProcessor as ContribBaggageSpanProcessor } from '@opentelemetry/baggage-span-processor';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { InMemorySpanExporter, SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { RumlinkConfigError } from '../config/config-error.js';
import { BaggageLogRecordProcessor } from './baggage-log-record-processor.js';
import { BaggageSpanProcessor } from './baggage-span-processor.js';

const SESSION = '3f1c8c8e-4b8a-4f3e-9d3a-0f6b1e2d4c5a';
const inBaggage = (entries: Record<string, string>, parent: Context = ROOT_CONTEXT) =>
  propagation.setBaggage(
    parent,
    propagation.createBaggage(Object.fromEntries(Object.entries(entries).map(([k, value]) => [k, { value }]))),
  );
const browserBaggage = inBaggage({ 'session.id': SESSION, 'user.tier': 'gold', other: 'x' });

beforeAll(() => {
  // The global context manager, as NodeSDK installs it, so context.with() propagates through async code.
  new NodeTracerProvider().register();
});
afterAll(() => {
  trace.disable();
  context.disable();
  propagation.disable();
});

function tracerWith(first: SpanProcessor) {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [first, new SimpleSpanProcessor(exporter)] });
  return { tracer: provider.getTracer('test'), spans: () => exporter.getFinishedSpans() };
}

describe('BaggageSpanProcessor', () => {
  it('copies session.id (only) from the parent context onto every span of the request', async () => {
    const { tracer, spans } = tracerWith(new BaggageSpanProcessor());
    await context.with(browserBaggage, () =>
      tracer.startActiveSpan('GET /checkout', async (root) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        tracer.startSpan('SELECT orders').end();
        root.end();
      }),
    );
    tracer.startSpan('outside the request').end();
    expect(spans().map((span) => [span.name, span.attributes])).toEqual([
      ['SELECT orders', { 'session.id': SESSION }],
      ['GET /checkout', { 'session.id': SESSION }],
      ['outside the request', {}],
    ]);
  });

  it('takes an allow-list or a predicate, and lets attributes the span was started with win', () => {
    const { tracer, spans } = tracerWith(
      new BaggageSpanProcessor((key) => key.startsWith('user.') || key === 'session.id'),
    );
    tracer.startSpan('a', {}, browserBaggage).end();
    tracer.startSpan('b', { attributes: { 'session.id': 'explicit' } }, browserBaggage).end();
    expect(spans().map((span) => span.attributes)).toEqual([
      { 'session.id': SESSION, 'user.tier': 'gold' },
      { 'session.id': 'explicit', 'user.tier': 'gold' },
    ]);
  });

  it('sets the same attributes as @opentelemetry/baggage-span-processor for the same selection', () => {
    const ours = tracerWith(new BaggageSpanProcessor(['session.id', 'user.tier']));
    const contrib = tracerWith(new ContribBaggageSpanProcessor((key) => ['session.id', 'user.tier'].includes(key)));
    for (const { tracer } of [ours, contrib]) tracer.startSpan('x', {}, browserBaggage).end();
    expect(ours.spans()[0]!.attributes).toEqual(contrib.spans()[0]!.attributes);
  });

  it('survives a throwing predicate: the span is recorded, the failure reported once', () => {
    const error = vi.spyOn(diag, 'error');
    const { tracer, spans } = tracerWith(
      new BaggageSpanProcessor(() => {
        throw new Error('predicate bug');
      }),
    );
    tracer.startSpan('a', {}, browserBaggage).end();
    tracer.startSpan('b', {}, browserBaggage).end();
    expect(spans().map((span) => span.name)).toEqual(['a', 'b']);
    expect(error).toHaveBeenCalledTimes(1);
    expect(error.mock.calls[0]![0]).toContain('BaggageSpanProcessor.onStart failed');
    error.mockRestore();
  });

  it.each([[['session id']], [['']], [[42]], ['session.id']])('refuses baggageKeys %j', (keys) => {
    expect(() => new BaggageSpanProcessor(keys as never)).toThrow(RumlinkConfigError);
  });
});

describe('BaggageLogRecordProcessor', () => {
  let exporter: InMemoryLogRecordExporter;
  let provider: LoggerProvider;
  beforeEach(() => {
    exporter = new InMemoryLogRecordExporter();
    provider = new LoggerProvider({
      processors: [new BaggageLogRecordProcessor(), new SimpleLogRecordProcessor({ exporter })],
    });
  });
  const logger = () => provider.getLogger('test');
  const records = async () => {
    await provider.forceFlush();
    return exporter.getFinishedLogRecords();
  };

  it('adds session.id to a record emitted in a baggage context outside any span', async () => {
    context.with(browserBaggage, () => logger().emit({ body: 'cart loaded' }));
    const [record] = await records();
    expect(record!.attributes).toEqual({ 'session.id': SESSION });
    expect(record!.spanContext).toBeUndefined();
  });

  it('adds session.id next to the span context inside a span, and keeps an explicit attribute', async () => {
    const { tracer } = tracerWith(new BaggageSpanProcessor());
    tracer.startActiveSpan('GET /checkout', {}, browserBaggage, (span) => {
      logger().emit({ body: 'in span' });
      logger().emit({ body: 'explicit', attributes: { 'session.id': 'explicit' } });
      span.end();
    });
    expect((await records()).map((r) => [r.body, r.attributes['session.id'], r.spanContext?.traceId.length])).toEqual([
      ['in span', SESSION, 32],
      ['explicit', 'explicit', 32],
    ]);
  });

  it('uses the context the record was emitted with, and adds nothing without baggage', async () => {
    logger().emit({ body: 'given context', context: browserBaggage });
    logger().emit({ body: 'no baggage' });
    expect((await records()).map((r) => r.attributes)).toEqual([{ 'session.id': SESSION }, {}]);
  });

  it('feeds the global logs API as NodeSDK wires it', async () => {
    logs.setGlobalLoggerProvider(provider);
    context.with(browserBaggage, () => logs.getLogger('app').emit({ body: 'via the API' }));
    logs.disable();
    expect((await records())[0]!.attributes).toEqual({ 'session.id': SESSION });
  });
});
