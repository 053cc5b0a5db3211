/**
 * rumlinkExpress, rumlinkFastify and handleRumlinkHttp on real servers instrumented by the real http instrumentation:
 * preflights list exactly the trace headers, and Server-Timing names the request's server span.
 */
import { createServer, type Server } from 'node:http';
import express from 'express';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../../test-support/eventually.mjs';
import {
  corsAllowedHeaders,
  handleRumlinkHttp,
  type RumlinkHttpOptions,
  rumlinkExpress,
  rumlinkFastify,
} from '../src/index.js';
import {
  BROWSER,
  BROWSER_HEADERS,
  type InProcessRumlink,
  listen,
  startInProcessRumlink,
} from './in-process-rumlink.js';

const SHOP = 'https://shop.example';
const options: RumlinkHttpOptions = { allowedOrigins: [SHOP], allowedHeaders: ['content-type', 'authorization'] };
const EXPECTED_ALLOW_HEADERS = ['content-type', 'authorization', ...corsAllowedHeaders()].join(', ');

let rumlink: InProcessRumlink;
const urls: Record<string, string> = {};
const closers: (() => Promise<unknown>)[] = [];

async function serve(name: string, server: Server) {
  urls[name] = await listen(server);
  closers.push(() => new Promise((resolve) => server.close(resolve)));
}

beforeAll(async () => {
  rumlink = startInProcessRumlink();

  const app = express();
  app.use(rumlinkExpress(options));
  app.get('/page', (_req, res) => {
    // The app's own Server-Timing, set after the middleware ran: both entries must reach the browser.
    res.setHeader('server-timing', 'db;dur=12');
    res.type('html').send('<h1>express</h1>');
  });
  await serve('express', createServer(app));

  const fastify: FastifyInstance = Fastify();
  await fastify.register(rumlinkFastify, options);
  fastify.get('/page', (_request, reply) =>
    reply.header('server-timing', 'db;dur=12').type('text/html').send('<h1>fastify</h1>'),
  );
  await fastify.ready();
  await serve('fastify', fastify.server);

  await serve(
    'node:http',
    createServer((req, res) => {
      if (handleRumlinkHttp(req, res, options)) return;
      res.writeHead(200, { 'server-timing': 'db;dur=12', 'content-type': 'text/html' });
      res.end('<h1>node:http</h1>');
    }),
  );
});
afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  await rumlink.handle.shutdown();
});

const serverSpan = (query: string) =>
  eventually(
    () => rumlink.serverSpans().find((span) => span.attributes['url.query'] === query),
    `the server span of ?${query}`,
  );

describe.each(['express', 'fastify', 'node:http'])('%s', (name) => {
  const url = () => urls[name];
  const slug = name.replace(':', '-');

  it('answers a preflight from an allowed origin with exactly the app’s and the trace headers', async () => {
    const response = await fetch(`${url()}/page`, {
      method: 'OPTIONS',
      headers: {
        origin: SHOP,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'traceparent,baggage,x-datadog-trace-id',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(response.headers.get('access-control-allow-headers')).toBe(EXPECTED_ALLOW_HEADERS);
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, HEAD, POST, PUT, PATCH, DELETE');
    expect(response.headers.get('vary')).toContain('Origin');
    expect(await response.text()).toBe('');
  });

  it('leaves a preflight from another origin to the app', async () => {
    const response = await fetch(`${url()}/page`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(response.headers.get('access-control-allow-headers')).toBeNull();
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('names the request’s server span in Server-Timing on a document load, beside the app’s own entries', async () => {
    const response = await fetch(`${url()}/page?${slug}=document`);
    expect(await response.text()).toContain(name);
    const span = await serverSpan(`${slug}=document`);
    const { traceId, spanId } = span.spanContext();
    const timing = response.headers.get('server-timing')!;
    expect(timing.split(', ').sort()).toEqual(['db;dur=12', `traceparent;desc="00-${traceId}-${spanId}-01"`]);
    expect(response.headers.get('timing-allow-origin')).toBe(SHOP);
  });

  it('continues the browser’s trace, exposes Server-Timing to the allowed origin, and tags the span with session.id', async () => {
    const response = await fetch(`${url()}/page?${slug}=fetch`, { headers: { ...BROWSER_HEADERS, origin: SHOP } });
    await response.text();
    const span = await serverSpan(`${slug}=fetch`);
    expect(span.spanContext().traceId).toBe(BROWSER.traceId);
    expect(span.parentSpanContext?.spanId).toBe(BROWSER.spanId);
    expect(span.attributes['session.id']).toBe(BROWSER.sessionId);
    expect(response.headers.get('server-timing')).toContain(
      `traceparent;desc="00-${BROWSER.traceId}-${span.spanContext().spanId}-01"`,
    );
    expect(response.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(response.headers.get('access-control-expose-headers')).toBe('Server-Timing');
    expect(response.headers.get('timing-allow-origin')).toBe(SHOP);
  });
});

describe('configuration mistakes surface at setup', () => {
  it('rumlinkExpress throws a RumlinkConfigError when the middleware is created', () => {
    expect(() => rumlinkExpress({ allowedOrigins: ['shop.example'] })).toThrow('allowedOrigins[0]');
  });

  it('rumlinkFastify fails app.ready()', async () => {
    const app = Fastify();
    await expect(app.register(rumlinkFastify, { maxAgeSeconds: 1.5 }).ready()).rejects.toThrow('maxAgeSeconds');
  });
});
