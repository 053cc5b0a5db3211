import { describe, expect, it } from 'vitest';
import { validate } from './schema.js';
import { tracingConfigShape } from './tracing-config.js';

describe('tracing configuration', () => {
  it('fills the documented defaults', () => {
    expect(validate(tracingConfigShape, {})).toEqual(
      expect.objectContaining({
        sessionSampleRate: 100,
        traceSampleRate: 100,
        allowedTracingUrls: [],
        propagatorTypes: ['tracecontext'],
        traceContextInjection: 'sampled',
        traceSameOrigin: true,
        baggage: { allowedKeys: ['session.id'] },
      }),
    );
  });

  it('accepts every form of allowedTracingUrls', () => {
    const rules = [
      'https://api.example.com',
      /example\.com/,
      (url: string) => url.includes('x'),
      { match: 'https://b.example.com', propagatorTypes: ['datadog', 'b3multi'] },
    ];
    expect(validate(tracingConfigShape, { allowedTracingUrls: rules })).toEqual(
      expect.objectContaining({ allowedTracingUrls: rules }),
    );
  });

  it.each([
    [null, 'init() needs a configuration object'],
    [{ sessionSampleRate: 101 }, 'the "sessionSampleRate" option must be a number from 0 to 100'],
    [{ traceSampleRate: '50' }, 'the "traceSampleRate" option must be a number from 0 to 100'],
    [
      { propagatorTypes: ['w3c'] },
      `the "propagatorTypes" option must be an array of 'tracecontext', 'datadog', 'b3' or 'b3multi'`,
    ],
    [
      { allowedTracingUrls: 'https://api.example.com' },
      'the "allowedTracingUrls" option must be an array of strings, RegExps, functions or { match, propagatorTypes }',
    ],
    [
      { allowedTracingUrls: [{ match: 'x', propagatorTypes: ['zipkin'] }] },
      'the "allowedTracingUrls" option must be an array of',
    ],
    [{ allowedTracingUrls: [42] }, 'the "allowedTracingUrls" option must be an array of'],
    [{ traceContextInjection: 'some' }, `the "traceContextInjection" option must be 'sampled' or 'all'`],
    [{ baggage: { allowedKeys: 'session.id' } }, 'the "baggage" option must be { allowedKeys: string[] }'],
  ])('%j → %s', (input, message) => {
    const result = validate(tracingConfigShape, input);
    expect(result).toContain(message);
  });
});
