import {
  type Context,
  type DiagLogger,
  DiagLogLevel,
  defaultTextMapGetter,
  defaultTextMapSetter,
  diag,
  propagation,
  ROOT_CONTEXT,
  type TextMapPropagator,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RumlinkConfigError } from '../config/config-error.js';
import { composePropagators, defaultPropagators } from './propagators.js';

const W3C = {
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  baggage: 'session.id=3f1c8c8e-4b8a-4f3e-9d3a-0f6b1e2d4c5a',
};
const DATADOG = { 'x-datadog-trace-id': '123', 'x-datadog-parent-id': '456', 'x-datadog-sampling-priority': '1' };
const extract = (headers: Record<string, string>, propagator = defaultPropagators()) =>
  propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
const traceIdOf = (context: Context) => trace.getSpanContext(context)?.traceId;
const sessionOf = (context: Context) => propagation.getBaggage(context)?.getEntry('session.id')?.value;

let messages: { level: string; message: string }[];
beforeEach(() => {
  messages = [];
  const record =
    (level: string) =>
    (message: string): void => {
      messages.push({ level, message });
    };
  const logger: DiagLogger = {
    error: record('error'),
    warn: record('warn'),
    info: record('info'),
    debug: record('debug'),
    verbose: record('verbose'),
  };
  diag.setLogger(logger, DiagLogLevel.ALL);
});
afterEach(() => diag.disable());

describe('defaultPropagators', () => {
  it('reads W3C trace context and baggage', () => {
    const context = extract(W3C);
    expect(traceIdOf(context)).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(sessionOf(context)).toBe('3f1c8c8e-4b8a-4f3e-9d3a-0f6b1e2d4c5a');
  });

  it('prefers the first valid trace context in the list: traceparent over Datadog and B3', () => {
    const headers = { ...DATADOG, b3: '80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1', ...W3C };
    expect(traceIdOf(extract(headers))).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    const { traceparent: _, ...withoutW3C } = headers;
    expect(traceIdOf(extract(withoutW3C))).toBe('80f198ee56343ba864fe8b2a57d3eff7');
    expect(traceIdOf(extract({ ...withoutW3C, traceparent: 'garbage' }))).toBe('80f198ee56343ba864fe8b2a57d3eff7');
    expect(traceIdOf(extract(DATADOG))).toBe('0000000000000000000000000000007b');
  });

  it('reads B3 multi headers and writes the single header', () => {
    const context = extract({
      'x-b3-traceid': '463ac35c9f6413ad48485a3953bb6124',
      'x-b3-spanid': 'a2fb4a1d1a96d312',
      'x-b3-sampled': '1',
    });
    expect(traceIdOf(context)).toBe('463ac35c9f6413ad48485a3953bb6124');
    const carrier: Record<string, string> = {};
    defaultPropagators().inject(context, carrier, defaultTextMapSetter);
    expect(carrier).toEqual({
      traceparent: '00-463ac35c9f6413ad48485a3953bb6124-a2fb4a1d1a96d312-01',
      b3: '463ac35c9f6413ad48485a3953bb6124-a2fb4a1d1a96d312-1',
      'x-datadog-trace-id': '5208512171318403364',
      'x-datadog-parent-id': '11744061942159299346',
      'x-datadog-sampling-priority': '1',
      'x-datadog-tags': '_dd.p.tid=463ac35c9f6413ad',
    });
  });

  it('leaves a diag.debug line for a header it could not read', () => {
    expect(traceIdOf(extract({ traceparent: '00-xyz-00f067aa0ba902b7-01' }))).toBeUndefined();
    expect(messages).toContainEqual({
      level: 'debug',
      message: 'rumlink: ignored traceparent: not valid W3C trace context',
    });
  });
});

describe('composePropagators', () => {
  it('keeps the request going when a propagator throws, reporting it once', () => {
    const broken: TextMapPropagator = {
      inject: () => {
        throw new Error('inject bug');
      },
      extract: () => {
        throw new Error('extract bug');
      },
      fields: () => ['x-broken'],
    };
    const propagator = composePropagators(['tracecontext', broken, 'baggage']);
    for (let i = 0; i < 3; i++) expect(traceIdOf(extract(W3C, propagator))).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    const carrier: Record<string, string> = {};
    const sampled = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: TraceFlags.SAMPLED,
    });
    propagator.inject(sampled, carrier, defaultTextMapSetter);
    expect(carrier.traceparent).toBe(W3C.traceparent);
    expect(messages.filter((m) => m.level === 'error').map((m) => m.message)).toEqual([
      'rumlink: the propagators[1] propagator (extract) failed and was skipped; the app continues (reported once): extract bug',
      'rumlink: the propagators[1] propagator (inject) failed and was skipped; the app continues (reported once): inject bug',
    ]);
  });

  it.each([
    [['jaeger'], 'propagators[0]: "jaeger" is not a propagator'],
    [[{ inject() {} }], 'propagators[0]: {} is not a propagator'],
    ['tracecontext', 'propagators: expected a list, got string'],
  ])('refuses %j with a RumlinkConfigError', (setting, message) => {
    expect(() => composePropagators(setting as never)).toThrow(RumlinkConfigError);
    expect(() => composePropagators(setting as never)).toThrow(message);
  });
});
