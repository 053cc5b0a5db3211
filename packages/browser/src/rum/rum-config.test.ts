import { describe, expect, it } from 'vitest';
import { validate } from '../config/schema.js';
import { stripQuery } from './assembly.js';
import { rumConfigShape } from './rum-config.js';

const required = { applicationId: 'shop', clientToken: 'pub_x', endpoint: 'https://rum.example.com' };

describe('RUM configuration', () => {
  it('fills the documented defaults', () => {
    expect(validate(rumConfigShape, required)).toEqual(
      expect.objectContaining({
        ...required,
        trackViewsManually: false,
        trackUserInteractions: true,
        trackLongTasks: true,
        trackConsoleErrors: true,
        forwardConsoleLogs: [],
        defaultPrivacyLevel: 'mask-user-input',
        stripQueryStrings: false,
        flushIntervalMs: 5000,
        propagatorTypes: ['tracecontext'],
      }),
    );
  });

  it.each([
    [{}, 'the "endpoint" option is required: pass the rumlink intake URL'],
    [{ endpoint: 'http://127.0.0.1:4318' }, 'the "applicationId" option is required: pass the id of a rumlink'],
    [{ ...required, clientToken: '' }, 'the "clientToken" option must be the application’s client token'],
    [{ ...required, endpoint: '/rum' }, 'the "endpoint" option must be the rumlink intake URL'],
    [{ ...required, applicationId: 'has space' }, 'the "applicationId" option must be the id of a rumlink application'],
    [{ ...required, defaultPrivacyLevel: 'hidden' }, `the "defaultPrivacyLevel" option must be 'mask-user-input'`],
    [{ ...required, forwardConsoleLogs: ['trace'] }, `the "forwardConsoleLogs" option must be 'all' or an array of`],
    [{ ...required, beforeSend: 'drop' }, 'the "beforeSend" option must be a function'],
    [{ ...required, flushIntervalMs: 10 }, 'the "flushIntervalMs" option must be a number of milliseconds'],
  ])('explains %j', (input, message) => {
    const result = validate(rumConfigShape, input);
    expect(result).toContain(message);
  });
});

describe('stripQuery', () => {
  it.each([
    ['https://shop.example/a?token=1', 'https://shop.example/a'],
    ['https://shop.example/a?token=1#frag', 'https://shop.example/a#frag'],
    ['Fetch error GET https://api.example/x?q=secret (503)', 'Fetch error GET https://api.example/x (503)'],
    ['{"url":"https://a.example/p?x=1","m":"GET"}', '{"url":"https://a.example/p","m":"GET"}'],
    ['no url here? no', 'no url here? no'],
  ])('%s', (input, output) => {
    expect(stripQuery(input)).toBe(output);
  });
});
