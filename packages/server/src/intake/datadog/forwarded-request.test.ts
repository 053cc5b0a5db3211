import { createEndpointBuilder } from '@datadog/js-core/transport';
import { describe, expect, it } from 'vitest';
import { BoundaryError } from '../../errors.js';
import { parseDatadogRequest } from './forwarded-request.js';

const CLIENT_TOKEN = 'pub0123456789abcdef0123456789abcd';
/** The SDK's `proxy` option (an absolute URL: js-core resolves relative ones against `location`). */
const PROXY = 'https://shop.example.com/rumlink/dd';
type Track = 'rum' | 'logs' | 'replay' | 'profile';

/** The URL the real SDK posts to (js-core endpointBuilder), split the way the HTTP layer hands it over. */
function sdkRequest(track: Track, options: { proxy?: string; encoding?: 'deflate' } = {}) {
  const configuration = { clientToken: CLIENT_TOKEN, site: 'datadoghq.com', proxy: options.proxy };
  const url = new URL(createEndpointBuilder(configuration, track).build('fetch', { encoding: options.encoding }));
  return { url, path: url.pathname, query: Object.fromEntries(url.searchParams) };
}

function parseError(run: () => unknown): BoundaryError {
  try {
    run();
  } catch (error) {
    if (error instanceof BoundaryError) return error;
    throw error;
  }
  throw new Error('expected a BoundaryError');
}

describe('parseDatadogRequest', () => {
  it.each([
    ['rum', 'deflate'],
    ['rum', undefined],
    ['logs', undefined],
    ['replay', undefined],
  ] as const)('reads the %s track from the proxied URL the SDK builds (encoding %s)', (track, encoding) => {
    const { url, path, query } = sdkRequest(track, { proxy: PROXY, encoding });
    expect(url.search.startsWith('?ddforward=%2Fapi%2Fv2%2F')).toBe(true);
    const forwarded = new URLSearchParams(query.ddforward!.split('?')[1]);

    // The rum track carries the page's clock when it sent the batch (clock-correction.ts).
    if (track === 'rum') expect(forwarded.get('batch_time')).toMatch(/^\d{13}$/);
    expect(parseDatadogRequest(path, query, {})).toEqual({
      track,
      clientToken: CLIENT_TOKEN,
      encoding: encoding ?? 'identity',
      requestId: forwarded.get('dd-request-id'),
      ...(track === 'rum' ? { batchTime: forwarded.get('batch_time') } : {}),
    });
  });

  it('reads a direct intake URL (no proxy)', () => {
    const { url, path, query } = sdkRequest('logs');
    expect(url.host).toBe('browser-intake-datadoghq.com');
    expect(parseDatadogRequest(path, query, {})).toMatchObject({ track: 'logs', clientToken: CLIENT_TOKEN });
  });

  it('reads the query from the path when the route passes the raw URL', () => {
    const { url } = sdkRequest('rum', { proxy: PROXY, encoding: 'deflate' });
    expect(parseDatadogRequest(`${url.pathname}${url.search}`, {}, {})).toMatchObject({
      track: 'rum',
      encoding: 'deflate',
    });
  });

  it('accepts Content-Encoding: deflate and a dd-api-key header from non-SDK senders', () => {
    const request = parseDatadogRequest(
      '/api/v2/rum',
      {},
      { 'Content-Encoding': 'deflate', 'DD-API-KEY': CLIENT_TOKEN },
    );
    expect(request).toEqual({ track: 'rum', clientToken: CLIENT_TOKEN, encoding: 'deflate' });
  });

  const withoutToken = (track: string) => ({ ddforward: `/api/v2/${track}?ddsource=browser&dd-request-id=r1` });
  it.each([
    ['no client token', '/dd', withoutToken('rum'), {}, 'unauthorized', /missing client token/],
    ['empty client token', '/dd', { ddforward: '/api/v2/rum?dd-api-key=' }, {}, 'unauthorized', /missing client token/],
    ['token with spaces', '/dd', { ddforward: '/api/v2/rum?dd-api-key=a%20b' }, {}, 'unauthorized', /malformed/],
    ['the profiling track', '/dd', sdkRequest('profile', { proxy: PROXY }).query, {}, 'bad_request', /"profile"/],
    ['not a Datadog request', '/v1/rum', {}, {}, 'bad_request', /ddforward/],
    ['ddforward to another host', '/dd', { ddforward: 'https://evil.example/api/v2/rum' }, {}, 'bad_request', /path/],
    ['ddforward given twice', '/dd', { ddforward: ['/api/v2/rum', '/api/v2/logs'] }, {}, 'bad_request', /2 times/],
    [
      'gzip dd-evp-encoding',
      '/dd',
      { ddforward: `/api/v2/rum?dd-api-key=${CLIENT_TOKEN}&dd-evp-encoding=gzip` },
      {},
      'unsupported_encoding',
      /gzip/,
    ],
    [
      'br Content-Encoding',
      '/dd',
      sdkRequest('rum', { proxy: PROXY }).query,
      { 'content-encoding': 'br' },
      'unsupported_encoding',
      /br/,
    ],
  ])('rejects %s', (_name, path, query, headers, code, message) => {
    const error = parseError(() => parseDatadogRequest(path, query, headers));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });
});
