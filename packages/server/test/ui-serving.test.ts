/**
 * The query listener serves the web UI's build: exact files with their content types and caching, `index.html` for
 * the UI's own routes, 404 for missing assets, nothing outside the build directory, and a how-to-build page when
 * there is no build. A fixture build stands in for the real one (the UI's own tests use the real build).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.js';

const API_KEY = 'api_key_0123456789abcdef';
const INDEX = '<!doctype html><title>rumlink</title><script type="module" src="/assets/index-abc123.js"></script>';

let t: TestServer;
let root: string;
let uiDir: string;

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${t.server.queryUrl}${path}`, { headers });

/** GET with the path exactly as written: fetch() would resolve `..` segments before sending. */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(t.server.queryUrl);
    request({ host: url.hostname, port: url.port, path, method: 'GET' }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'rumlink-ui-'));
  uiDir = join(root, 'dist');
  mkdirSync(join(uiDir, 'assets'), { recursive: true });
  writeFileSync(join(uiDir, 'index.html'), INDEX);
  writeFileSync(join(uiDir, 'assets', 'index-abc123.js'), 'console.log("ui")');
  writeFileSync(join(uiDir, 'assets', 'index-def456.css'), 'body{}');
  writeFileSync(join(uiDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(uiDir, '.env'), 'SECRET=1');
  writeFileSync(join(root, 'secret.txt'), 'outside the build');
  t = await startTestServer({ uiDir, config: { apiKey: API_KEY } });
});
afterAll(async () => {
  await t?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('the web UI on the query listener', () => {
  it('serves index.html at / with the security headers and no caching', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await response.text()).toBe(INDEX);
  });

  it.each([
    ['/assets/index-abc123.js', 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable'],
    ['/assets/index-def456.css', 'text/css; charset=utf-8', 'public, max-age=31536000, immutable'],
    ['/favicon.svg', 'image/svg+xml', 'no-cache'],
  ])('serves %s as %s', async (path, contentType, cacheControl) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(contentType);
    expect(response.headers.get('cache-control')).toBe(cacheControl);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it.each([
    '/sessions',
    '/sessions/3f2c9a1e-0000-4000-8000-000000000001',
    '/traces/0af7651916cd43dd8448eb211c80319c',
    '/rum/events/e.1?tab=x',
  ])('answers the client route %s with index.html (deep links survive a reload)', async (path) => {
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toBe(INDEX);
  });

  it('answers a missing asset with 404, not with the app page', async () => {
    const response = await get('/assets/missing.js');
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('<script');
  });

  it.each([
    '/assets/../../package.json',
    '/assets/..%2f..%2fpackage.json',
    '/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..%5csecret.txt',
    '/.env',
    '/%2eenv',
    '/index.html%00.js',
    '/../secret.txt',
    '/assets/../../secret.txt',
  ])('serves nothing outside the build for %s', async (path) => {
    const response = await rawGet(path);
    const body = response.body;
    expect(body).not.toContain('outside the build');
    expect(body).not.toContain('SECRET');
    expect(body).not.toContain('"workspaces"');
    if (response.status === 200) expect(body).toBe(INDEX);
  });

  it('keeps /api/* JSON: an unknown API route is a JSON 404 (with the key), never the app page', async () => {
    const unknown = await t.api('/api/v1/nothing-here', { headers: { authorization: `Bearer ${API_KEY}` } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    const sessions = await t.api('/sessions', { headers: { authorization: `Bearer ${API_KEY}` } });
    expect(sessions.status).toBe(200);
    expect(Array.isArray(sessions.body.sessions)).toBe(true);
  });

  it('needs the API key for /api and /metrics, but not for the UI files or /healthz', async () => {
    expect((await get('/api/v1/sessions')).status).toBe(401);
    expect((await get('/api/v1/nothing-here')).status).toBe(401);
    expect((await get('/metrics')).status).toBe(401);
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/')).status).toBe(200);
    expect((await get('/sessions/abc')).status).toBe(200);
    expect((await get('/assets/index-abc123.js')).status).toBe(200);
  });

  it('picks up a rebuild without a restart', async () => {
    writeFileSync(join(uiDir, 'assets', 'index-new789.js'), 'console.log("rebuilt")');
    writeFileSync(join(uiDir, 'index.html'), `${INDEX}<!-- rebuilt -->`);
    expect(await (await get('/')).text()).toContain('rebuilt');
    expect((await get('/assets/index-new789.js')).status).toBe(200);
  });

  // Last: it removes the build.
  it('says how to build the UI when there is no build', async () => {
    rmSync(uiDir, { recursive: true, force: true });
    for (const path of ['/', '/sessions/abc']) {
      const response = await get(path);
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      const text = await response.text();
      expect(text).toContain('the web UI is not built');
      expect(text).toContain('npm run build');
    }
    expect((await get('/healthz')).status).toBe(200);
  });
});
