import { describe, expect, it } from 'vitest';
import { RumlinkConfigError } from '../config/config-error.js';
import { compileHttpPolicy, corsAllowedHeaders, planResponse, type RumlinkHttpOptions } from './cors-policy.js';

const SHOP = 'https://shop.example';
const TIMING = 'traceparent;desc="00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"';
const plan = (options: RumlinkHttpOptions, request: { method?: string; origin?: string; requestMethod?: string }) =>
  planResponse(
    compileHttpPolicy(options),
    { method: 'GET', origin: undefined, requestMethod: undefined, ...request },
    TIMING,
  );

describe('corsAllowedHeaders', () => {
  it('lists every header the default propagators read', () => {
    expect(corsAllowedHeaders()).toEqual([
      'b3',
      'baggage',
      'traceparent',
      'tracestate',
      'x-b3-flags',
      'x-b3-parentspanid',
      'x-b3-sampled',
      'x-b3-spanid',
      'x-b3-traceid',
      'x-datadog-origin',
      'x-datadog-parent-id',
      'x-datadog-sampling-priority',
      'x-datadog-tags',
      'x-datadog-trace-id',
    ]);
  });

  it('follows the configured propagators', () => {
    expect(corsAllowedHeaders(['tracecontext', 'baggage'])).toEqual(['baggage', 'traceparent', 'tracestate']);
  });
});

describe('planResponse', () => {
  const options: RumlinkHttpOptions = { allowedOrigins: [SHOP], allowedHeaders: ['Content-Type'] };

  it('answers a preflight from an allowed origin with the app’s and the trace headers', () => {
    expect(plan(options, { method: 'OPTIONS', origin: SHOP, requestMethod: 'POST' })).toEqual({
      preflight: true,
      headers: {
        'access-control-allow-origin': SHOP,
        vary: 'Origin',
        'access-control-allow-methods': 'GET, HEAD, POST, PUT, PATCH, DELETE',
        'access-control-allow-headers': ['content-type', ...corsAllowedHeaders()].join(', '),
        'access-control-max-age': '600',
      },
    });
  });

  it('leaves a preflight from another origin, or a plain OPTIONS request, to the app', () => {
    expect(plan(options, { method: 'OPTIONS', origin: 'https://evil.example', requestMethod: 'POST' })).toEqual({
      preflight: false,
      headers: { 'server-timing': TIMING },
    });
    expect(plan(options, { method: 'OPTIONS', origin: SHOP }).preflight).toBe(false);
  });

  it('lets an allowed origin read the response and its Server-Timing', () => {
    expect(plan({ ...options, credentials: true }, { origin: SHOP })).toEqual({
      preflight: false,
      headers: {
        'access-control-allow-origin': SHOP,
        'access-control-allow-credentials': 'true',
        vary: 'Origin',
        'access-control-expose-headers': 'Server-Timing',
        'timing-allow-origin': SHOP,
        'server-timing': TIMING,
      },
    });
  });

  it('lists the allowed origins in Timing-Allow-Origin for requests without Origin (documents, no-cors resources)', () => {
    expect(plan({ allowedOrigins: [SHOP, 'http://localhost:3000'] }, {}).headers).toEqual({
      'timing-allow-origin': `${SHOP}, http://localhost:3000`,
      'server-timing': TIMING,
    });
    expect(plan({ allowedOrigins: '*' }, {}).headers['timing-allow-origin']).toBe('*');
    expect(plan({}, {}).headers).toEqual({ 'server-timing': TIMING });
    expect(plan({ serverTiming: false }, {}).headers).toEqual({});
  });

  it('takes a predicate for origins', () => {
    const allowedOrigins = (origin: string) => origin.endsWith('.shop.example');
    expect(plan({ allowedOrigins }, { origin: 'https://eu.shop.example' }).headers['access-control-allow-origin']).toBe(
      'https://eu.shop.example',
    );
    expect(plan({ allowedOrigins }, { origin: SHOP }).headers['access-control-allow-origin']).toBeUndefined();
  });

  it.each<[RumlinkHttpOptions, string]>([
    [
      { allowedOrigins: ['https://shop.example/app'] },
      'allowedOrigins[0]: "https://shop.example/app" is not an origin',
    ],
    [{ allowedOrigins: ['shop.example'] }, 'allowedOrigins[0]: "shop.example" is not an origin'],
    [{ allowedOrigins: '*', credentials: true }, "allowedOrigins: '*' with credentials: true"],
    [{ allowedHeaders: ['content type'] }, 'allowedHeaders[0]: "content type" is not a header or method name'],
    [{ maxAgeSeconds: -1 }, 'maxAgeSeconds: -1 is not a whole number of seconds'],
    [{ propagators: ['w3c' as never] }, 'propagators[0]: "w3c" is not a propagator'],
  ])('refuses %j', (options, message) => {
    expect(() => compileHttpPolicy(options)).toThrow(RumlinkConfigError);
    expect(() => compileHttpPolicy(options)).toThrow(message);
  });

  it('accepts an origin written with a trailing slash', () => {
    expect(plan({ allowedOrigins: [`${SHOP}/`] }, { origin: SHOP }).headers['access-control-allow-origin']).toBe(SHOP);
  });
});
