/**
 * Every intake boundary answers bad input with the right 4xx and a JSON error, writes nothing of a refused request,
 * and stays healthy.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP, RUM_PATH, startTestServer, type TestServer } from './harness.js';

const validEvent = (sessionId: string) => ({
  type: 'view',
  id: 'view-1',
  time: Date.now(),
  session: { id: sessionId },
  view: { id: 'view-1', url: 'https://shop.example/', version: 1 },
});

interface Case {
  name: string;
  path: string;
  init: RequestInit;
  status: number;
  code: string;
  message?: RegExp;
}

describe('bad input at the intake', () => {
  let t: TestServer;
  const sessionId = crypto.randomUUID();

  beforeAll(async () => {
    t = await startTestServer({ limits: { maxBodyBytes: 64 * 1024, maxDecompressedBytes: 256 * 1024, maxEvents: 5 } });
  });
  afterAll(() => t?.stop());

  const json = { 'content-type': 'application/json' };
  const protobuf = { 'content-type': 'application/x-protobuf' };
  const cases = (): Case[] => [
    {
      name: 'OTLP with a text content type',
      path: '/v1/traces',
      init: { headers: { 'content-type': 'text/plain' }, body: '{}' },
      status: 415,
      code: 'unsupported_media_type',
      message: /application\/x-protobuf or application\/json/,
    },
    {
      name: 'OTLP with no content type',
      path: '/v1/logs',
      init: { body: new Uint8Array([1, 2, 3]) },
      status: 415,
      code: 'unsupported_media_type',
    },
    {
      name: 'malformed OTLP protobuf',
      path: '/v1/traces',
      init: { headers: protobuf, body: new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]) },
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'malformed OTLP JSON',
      path: '/v1/traces',
      init: { headers: json, body: '{"resourceSpans": [' },
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'OTLP JSON of the wrong shape',
      path: '/v1/logs',
      init: { headers: json, body: '{"resourceLogs": 5}' },
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'gzip header on a plain body',
      path: '/v1/traces',
      init: { headers: { ...json, 'content-encoding': 'gzip' }, body: '{}' },
      status: 400,
      code: 'invalid_body',
      message: /gzip/,
    },
    {
      name: 'an unknown content encoding',
      path: '/v1/traces',
      init: { headers: { ...json, 'content-encoding': 'br' }, body: '{}' },
      status: 415,
      code: 'unsupported_encoding',
    },
    {
      name: 'a body over the limit',
      path: '/v1/traces',
      init: { headers: json, body: 'x'.repeat(70 * 1024) },
      status: 413,
      code: 'body_too_large',
      message: /65536 bytes/,
    },
    {
      name: 'a gzip bomb',
      path: '/v1/traces',
      init: { headers: { ...json, 'content-encoding': 'gzip' }, body: gzipSync(Buffer.alloc(1024 * 1024, 32)) },
      status: 413,
      code: 'body_too_large',
      message: /262144 bytes/,
    },
    {
      name: 'RUM for an unknown application',
      path: `/rum/v1/events?app=nope&token=${APP.clientToken}`,
      init: { body: JSON.stringify(validEvent(sessionId)) },
      status: 403,
      code: 'unknown_application',
    },
    {
      name: 'RUM with a wrong token',
      path: `/rum/v1/events?app=${APP.id}&token=wrong`,
      init: { body: JSON.stringify(validEvent(sessionId)) },
      status: 401,
      code: 'unauthorized',
    },
    {
      name: 'RUM without a token',
      path: `/rum/v1/events?app=${APP.id}`,
      init: { body: JSON.stringify(validEvent(sessionId)) },
      status: 401,
      code: 'unauthorized',
    },
    {
      name: 'RUM line that is not JSON',
      path: RUM_PATH,
      init: { body: `${JSON.stringify(validEvent(sessionId))}\n{oops` },
      status: 400,
      code: 'invalid_event',
      message: /line 2: not valid JSON/,
    },
    {
      name: 'RUM event with an invalid trace id',
      path: RUM_PATH,
      init: {
        body: JSON.stringify({
          ...validEvent(sessionId),
          type: 'resource',
          resource: { url: '/x', durationMs: 1, traceId: 'abc' },
        }),
      },
      status: 400,
      code: 'invalid_event',
      message: /line 1: resource\.traceId: must be a W3C trace id/,
    },
    {
      name: 'RUM event of an unknown type',
      path: RUM_PATH,
      init: { body: JSON.stringify({ ...validEvent(sessionId), type: 'telemetry' }) },
      status: 400,
      code: 'invalid_event',
      message: /line 1: type/,
    },
    {
      name: 'RUM batch over the event limit',
      path: RUM_PATH,
      init: { body: Array.from({ length: 6 }, () => JSON.stringify(validEvent(sessionId))).join('\n') },
      status: 413,
      code: 'too_many_events',
    },
    { name: 'an empty RUM body', path: RUM_PATH, init: { body: '' }, status: 400, code: 'invalid_body' },
    {
      name: 'RUM with an unknown encoding parameter',
      path: `${RUM_PATH}&encoding=br`,
      init: { body: JSON.stringify(validEvent(sessionId)) },
      status: 415,
      code: 'unsupported_encoding',
      message: /encoding "br" is not supported/,
    },
    {
      name: 'RUM whose encoding parameter does not match the body',
      path: `${RUM_PATH}&encoding=gzip`,
      init: { body: JSON.stringify(validEvent(sessionId)) },
      status: 400,
      code: 'invalid_body',
      message: /check that encoding matches the body/,
    },
    {
      name: 'RUM with a dropped count that is not a number',
      path: `${RUM_PATH}&dropped=-3`,
      init: { body: JSON.stringify(validEvent(sessionId)) },
      status: 400,
      code: 'invalid_parameter',
      message: /dropped must be a non-negative integer/,
    },
    {
      name: 'a path that is not an intake route',
      path: '/v2/whatever',
      init: { body: '{}' },
      status: 404,
      code: 'not_found',
    },
  ];

  it.each(cases().map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const response = await t.intake(c.path, c.init);
    expect(response.status).toBe(c.status);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await response.json()) as any;
    expect(body.error.code).toBe(c.code);
    if (c.message) expect(body.error.message).toMatch(c.message);
  });

  it('answers random bytes on every route with a 4xx and stays healthy', async () => {
    const routes = [
      '/v1/traces',
      '/v1/logs',
      RUM_PATH,
      '/api/v2/rum?dd-api-key=x',
      '/api/v2/replay?dd-api-key=x',
      '/?ddforward=%2Fapi%2Fv2%2Frum',
    ];
    const contentTypes = [
      'application/x-protobuf',
      'application/json',
      'text/plain',
      'multipart/form-data; boundary=x',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 2048 }),
        fc.constantFrom(...routes),
        fc.constantFrom(...contentTypes),
        async (bytes, route, contentType) => {
          const response = await t.intake(route, { headers: { 'content-type': contentType }, body: bytes });
          // Random bytes can be a valid empty OTLP message: 200 with nothing stored is the right answer then.
          expect([200, 400, 401, 403, 404, 413, 415]).toContain(response.status);
          await response.arrayBuffer();
        },
      ),
      { numRuns: 150 },
    );
    expect((await t.api('/healthz')).body.status).toBe('ok');
  });

  it('wrote nothing of the refused requests', async () => {
    expect((await t.api(`/rum/events?sessionId=${sessionId}`)).body.events).toEqual([]);
    expect((await t.api('/spans')).body.spans).toEqual([]);
    expect((await t.api('/logs')).body.logs).toEqual([]);
    expect((await t.api('/sessions')).body.sessions).toEqual([]);
  });

  it('answers CORS preflight for the SDK headers', async () => {
    const response = await fetch(`${t.server.intakeUrl}/rum/v1/events`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, content-encoding',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(response.headers.get('access-control-allow-headers')).toBe('content-type, content-encoding');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
  });
});

describe('credentials', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ config: { ingestKey: 'ingest_key_0123456789', apiKey: 'api_key_0123456789abcdef' } });
  });
  afterAll(() => t?.stop());

  it('requires the ingest key on OTLP when configured', async () => {
    const body = JSON.stringify({ resourceSpans: [] });
    const headers = { 'content-type': 'application/json' };
    expect((await t.intake('/v1/traces', { headers, body })).status).toBe(401);
    expect(
      (await t.intake('/v1/traces', { headers: { ...headers, authorization: 'Bearer ingest_key_0123456789' }, body }))
        .status,
    ).toBe(200);
  });

  it('requires the API key on the query API but not on /healthz', async () => {
    expect((await t.api('/sessions')).status).toBe(401);
    expect((await t.api('/sessions', { headers: { authorization: 'Bearer api_key_0123456789abcdef' } })).status).toBe(
      200,
    );
    expect((await t.api('/healthz')).status).toBe(200);
  });
});
