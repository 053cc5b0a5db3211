import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { RumlinkConfigError } from './config-error.js';
import { optionsFromEnvironment } from './environment.js';
import { type RumlinkOptions, resolveRumlinkOptions } from './rumlink-options.js';

const valid: RumlinkOptions = { serviceName: 'checkout-api' };

describe('resolveRumlinkOptions', () => {
  it('defaults to rumlink’s intake, session.id and no extra headers', () => {
    const resolved = resolveRumlinkOptions(valid);
    expect(resolved).toMatchObject({
      serviceName: 'checkout-api',
      tracesUrl: 'http://127.0.0.1:4318/v1/traces',
      logsUrl: 'http://127.0.0.1:4318/v1/logs',
      headers: {},
      baggageKeys: ['session.id'],
      instrumentations: undefined,
      spanProcessors: undefined,
    });
    expect(resolved.propagator.fields()).toContain('x-datadog-trace-id');
  });

  it('appends the signal paths to a base URL with a path', () => {
    expect(resolveRumlinkOptions({ ...valid, endpoint: 'https://otel.example/ingest/' })).toMatchObject({
      tracesUrl: 'https://otel.example/ingest/v1/traces',
      logsUrl: 'https://otel.example/ingest/v1/logs',
    });
  });

  it('accepts processors it is given', () => {
    const processor = new SimpleSpanProcessor(new InMemorySpanExporter());
    expect(resolveRumlinkOptions({ ...valid, spanProcessors: [processor] }).spanProcessors).toEqual([processor]);
  });

  it.each<[string, unknown, string]>([
    ['no options', undefined, 'options: startRumlink needs an options object'],
    ['no serviceName', {}, 'serviceName: is required'],
    ['a blank serviceName', { serviceName: ' ' }, 'serviceName: is required'],
    ['a typo', { ...valid, baggagekeys: [] }, 'baggagekeys: is not a rumlink option. Known options: serviceName,'],
    [
      'an endpoint that is no URL',
      { ...valid, endpoint: 'localhost:4318' },
      'endpoint: "localhost:4318" is not an http(s) URL',
    ],
    [
      'a signal URL as endpoint',
      { ...valid, endpoint: 'http://127.0.0.1:4318/v1/traces' },
      'endpoint: http://127.0.0.1:4318/v1/traces is a signal URL. Pass the OTLP/HTTP base URL',
    ],
    [
      'a non-string header',
      { ...valid, headers: { authorization: 42 } },
      'headers.authorization: must be a header name',
    ],
    [
      'a bad baggage key',
      { ...valid, baggageKeys: ['session id'] },
      'baggageKeys[0]: "session id" is not a W3C baggage key',
    ],
    ['an unknown propagator', { ...valid, propagators: ['xray'] }, 'propagators[0]: "xray" is not a propagator'],
    ['a span processor that is not one', { ...valid, spanProcessors: [{}] }, 'spanProcessors[0]: is missing onStart'],
    ['instrumentations that are not a list', { ...valid, instrumentations: {} }, 'instrumentations: expected a list'],
    [
      'an object resource attribute',
      { ...valid, resourceAttributes: { team: { name: 'x' } } },
      'resourceAttributes.team: must be a string, number, boolean',
    ],
  ])('refuses %s with a RumlinkConfigError naming the option', (_, options, message) => {
    const error = captureError(() => resolveRumlinkOptions(options as RumlinkOptions));
    expect(error).toBeInstanceOf(RumlinkConfigError);
    expect(error).toMatchObject({ code: 'invalid_option', name: 'RumlinkConfigError' });
    expect((error as Error).message).toContain(message);
  });

  it('never echoes a header value in an error (they carry credentials)', () => {
    const error = captureError(() => resolveRumlinkOptions({ ...valid, headers: { 'bad name': 'Bearer s3cret' } }));
    expect((error as Error).message).not.toContain('s3cret');
  });
});

describe('optionsFromEnvironment', () => {
  it('reads the standard OpenTelemetry variables and RUMLINK_BAGGAGE_KEYS', () => {
    expect(
      optionsFromEnvironment({
        OTEL_SERVICE_NAME: 'payments',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://rumlink:4318',
        OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20k3y,x-team=pay',
        OTEL_PROPAGATORS: 'tracecontext, baggage,datadog',
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=prod,service.version=1.2.3',
        RUMLINK_BAGGAGE_KEYS: 'session.id,user.tier',
      }),
    ).toEqual({
      serviceName: 'payments',
      endpoint: 'http://rumlink:4318',
      headers: { authorization: 'Bearer k3y', 'x-team': 'pay' },
      propagators: ['tracecontext', 'baggage', 'datadog'],
      resourceAttributes: { 'deployment.environment.name': 'prod', 'service.version': '1.2.3' },
      baggageKeys: ['session.id', 'user.tier'],
    });
  });

  it('falls back like OpenTelemetry: service.name from the resource attributes, then unknown_service', () => {
    expect(optionsFromEnvironment({ OTEL_RESOURCE_ATTRIBUTES: 'service.name=cart' }).serviceName).toBe('cart');
    expect(optionsFromEnvironment({})).toEqual({
      serviceName: 'unknown_service:node',
      headers: {},
      resourceAttributes: {},
    });
    expect(optionsFromEnvironment({ OTEL_PROPAGATORS: 'none' }).propagators).toEqual([]);
  });

  it.each([
    [{ OTEL_PROPAGATORS: 'tracecontext,jaeger' }, 'OTEL_PROPAGATORS: "jaeger" is not supported'],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'rumlink:4318' },
      'OTEL_EXPORTER_OTLP_ENDPOINT: "rumlink:4318" is not an http(s) URL',
    ],
    [{ OTEL_EXPORTER_OTLP_HEADERS: 'Bearer s3cret' }, 'OTEL_EXPORTER_OTLP_HEADERS: item 1 is not key=value'],
    [{ OTEL_RESOURCE_ATTRIBUTES: 'a=1,b=%ZZ' }, 'OTEL_RESOURCE_ATTRIBUTES: item 2 is not key=value'],
    [{ RUMLINK_BAGGAGE_KEYS: 'session.id,user id' }, 'RUMLINK_BAGGAGE_KEYS[1]: "user id" is not a W3C baggage key'],
  ])('refuses %j naming the variable', (env, message) => {
    const error = captureError(() => optionsFromEnvironment(env));
    expect(error).toBeInstanceOf(RumlinkConfigError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain('s3cret');
  });
});

function captureError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
