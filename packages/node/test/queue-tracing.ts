/**
 * The tracing setup every queue test runs under: a real SDK tracer provider with an in-memory exporter, W3C trace
 * context + W3C baggage as the global propagator, AsyncLocalStorage as the context manager, and a diag logger that
 * keeps what it was told. Each Vitest file runs in its own process, so registering globals per file is safe.
 */

import {
  type Context,
  context,
  DiagLogLevel,
  diag,
  propagation,
  type Span,
  type SpanContext,
  SpanKind,
  trace,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeEach } from 'vitest';

export interface DiagMessage {
  level: 'error' | 'warn' | 'info' | 'debug' | 'verbose';
  message: string;
}

export interface QueueTracing {
  finishedSpans(): ReadableSpan[];
  /** The one finished span called `name`; fails the test when there is not exactly one. */
  span(name: string): ReadableSpan;
  diagMessages: DiagMessage[];
  reset(): void;
  stop(): Promise<void>;
}

/** Tracing for a whole test file: started now, reset before each test, stopped after the file. */
export function useQueueTracing(): QueueTracing {
  const tracing = startQueueTracing();
  beforeEach(() => tracing.reset());
  afterAll(() => tracing.stop());
  return tracing;
}

export function startQueueTracing(): QueueTracing {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  trace.setGlobalTracerProvider(provider);
  propagation.setGlobalPropagator(
    new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  );
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const diagMessages: DiagMessage[] = [];
  const keep =
    (level: DiagMessage['level']) =>
    (message: string, ...args: unknown[]) => {
      diagMessages.push({ level, message: [message, ...args.map(String)].join(' ') });
    };
  diag.setLogger(
    { error: keep('error'), warn: keep('warn'), info: keep('info'), debug: keep('debug'), verbose: keep('verbose') },
    DiagLogLevel.ALL,
  );
  return {
    finishedSpans: () => exporter.getFinishedSpans(),
    span(name) {
      const matching = exporter.getFinishedSpans().filter((span) => span.name === name);
      if (matching.length !== 1) {
        throw new Error(
          `expected one finished span "${name}", got ${matching.length}: ${this.finishedSpans().map((s) => s.name)}`,
        );
      }
      return matching[0]!;
    },
    diagMessages,
    reset() {
      exporter.reset();
      diagMessages.length = 0;
    },
    async stop() {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
      diag.disable();
    },
  };
}

export interface Produced<T> {
  result: T;
  producer: SpanContext;
}

/**
 * Runs `send` the way a web backend sends a message while handling a browser request: inside a PRODUCER span, with
 * the browser's `session.id` in the active baggage.
 */
export function produceInSession<T>(
  sessionId: string,
  send: (span: Span, active: Context) => T,
  extraBaggage: Record<string, string> = {},
): Produced<T> {
  const tracer = trace.getTracer('queue-test-producer');
  const baggage = propagation.createBaggage(
    Object.fromEntries(
      Object.entries({ 'session.id': sessionId, ...extraBaggage }).map(([key, value]) => [key, { value }]),
    ),
  );
  return context.with(propagation.setBaggage(context.active(), baggage), () =>
    tracer.startActiveSpan('orders send', { kind: SpanKind.PRODUCER }, (span) => {
      try {
        return { result: send(span, context.active()), producer: span.spanContext() };
      } finally {
        span.end();
      }
    }),
  );
}

/** The baggage entry `key` active right now (what a log processor would copy onto a log record). */
export function activeBaggageValue(key: string): string | undefined {
  return propagation.getBaggage(context.active())?.getEntry(key)?.value;
}

export const SESSION_ID = '8f14e45f-ceea-4e7a-9a3b-2c4d5e6f7a8b';
