/** In real Chromium: the instrumented fetch keeps every semantic of the original while adding headers. */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type BrowserScenario, startBrowserScenario } from './browser-harness.js';

let scenario: BrowserScenario;
let page: Page;
let beforeInitHeaders: string[];
beforeAll(async () => {
  scenario = await startBrowserScenario();
  page = await scenario.open();
  await page.evaluate((url) => fetch(`${url}/before-init`), scenario.api.url);
  beforeInitHeaders = Object.keys(scenario.api.requests().find((request) => request.path === '/before-init')!.headers);
  await page.evaluate((url) => (window as any).rumlink.init({ allowedTracingUrls: [url] }), scenario.api.url);
});
afterAll(() => scenario?.stop());
beforeEach(() => scenario.reset());

const received = (path: string) => scenario.api.requests().find((request) => request.path === path)!;
const traced = () => page.evaluate(() => (window as any).__traced as any[]);

describe('fetch semantics under instrumentation', () => {
  it('leaves requests made before init untouched', () => {
    expect(beforeInitHeaders.length).toBeGreaterThan(0);
    expect(beforeInitHeaders.filter((name) => name === 'traceparent' || name === 'baggage')).toEqual([]);
  });

  it('sends a Request object’s method, body and headers, plus trace headers', async () => {
    const echoed = await page.evaluate(async (url) => {
      const response = await fetch(
        new Request(`${url}/request-object`, { method: 'POST', body: 'hello', headers: { 'x-app': '1' } }),
      );
      return response.json();
    }, scenario.api.url);
    expect(echoed.body).toBe('hello');
    const request = received('/request-object');
    expect(request).toMatchObject({ method: 'POST', body: 'hello' });
    expect(request.headers['x-app']).toEqual(['1']);
    expect(request.headers.traceparent).toHaveLength(1);
  });

  it('follows the spec when init.headers replaces a Request’s headers', async () => {
    await page.evaluate(
      (url) =>
        fetch(new Request(`${url}/replace`, { headers: { 'x-from-request': '1' } }), {
          headers: { 'x-from-init': '2' },
        }),
      scenario.api.url,
    );
    const request = received('/replace');
    expect(request.headers['x-from-request']).toBeUndefined();
    expect(request.headers['x-from-init']).toEqual(['2']);
    expect(request.headers.traceparent).toHaveLength(1);
  });

  it.each([
    ['a Headers object', 'new Headers({ "x-form": "headers" })'],
    ['an array of pairs', '[["x-form", "array"]]'],
    ['a record', '({ "x-form": "record" })'],
  ])('keeps headers given as %s', async (_name, headersSource) => {
    const path = `/form-${_name.split(' ').pop()}`;
    await page.evaluate(`fetch('${scenario.api.url}${path}', { headers: ${headersSource} })`);
    expect(received(path).headers['x-form']).toEqual([headersSource.match(/"x-form",? ?:? ?"(\w+)"/)?.[1] ?? '']);
    expect(received(path).headers.traceparent).toHaveLength(1);
  });

  it('does not mutate the caller’s init or headers objects', async () => {
    const result = await page.evaluate(async (url) => {
      const headers = { 'x-app': '1' };
      const init = { headers };
      await fetch(`${url}/no-mutation`, init);
      return { keys: Object.keys(headers), sameHeaders: init.headers === headers };
    }, scenario.api.url);
    expect(result).toEqual({ keys: ['x-app'], sameHeaders: true });
  });

  it('aborts with the page’s AbortSignal, rejects with AbortError, and records status 0 with the trace id', async () => {
    const name = await page.evaluate(async (url) => {
      const controller = new AbortController();
      const pending = fetch(`${url}/slow-abort`, { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      return pending.then(
        () => 'resolved',
        (error: Error) => error.name,
      );
    }, scenario.api.url);
    expect(name).toBe('AbortError');
    const record = (await traced()).find((r) => r.url.endsWith('/slow-abort'));
    expect(record).toMatchObject({ status: 0, sampled: true });
    expect(record.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('rejects a network failure as the original does and keeps the trace id', async () => {
    const closedPort = `http://api.localhost:9/unreachable`;
    const result = await page.evaluate(async (url) => {
      (window as any).rumlink.stop();
      (window as any).rumlink.init({ allowedTracingUrls: [url, 'http://api.localhost:9'] });
      return fetch('http://api.localhost:9/unreachable').then(
        () => 'resolved',
        (error: Error) => error.constructor.name,
      );
    }, scenario.api.url);
    expect(result).toBe('TypeError');
    const record = (await traced()).find((r) => r.url === closedPort);
    expect(record).toMatchObject({ status: 0 });
    expect(record.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('streams the response body untouched', async () => {
    const text = await page.evaluate(async (url) => {
      const response = await fetch(`${url}/stream`);
      const reader = response.body!.getReader();
      let result = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return result;
        result += new TextDecoder().decode(value);
      }
    }, scenario.api.url);
    expect(text).toBe('chunk-1;chunk-2');
  });

  it('keeps keepalive and credentials', async () => {
    const statuses = await page.evaluate(
      (url) =>
        Promise.all([
          fetch(`${url}/keepalive`, { method: 'POST', body: 'k', keepalive: true }).then((r) => r.status),
          fetch(`${url}/credentials`, { credentials: 'include' }).then((r) => r.status),
        ]),
      scenario.api.url,
    );
    expect(statuses).toEqual([200, 200]);
    expect(received('/keepalive')).toMatchObject({ method: 'POST', body: 'k' });
    expect(received('/credentials').headers.traceparent).toHaveLength(1);
  });

  it('returns a promise that behaves as the original: unqualified calls work, illegal receivers still throw', async () => {
    const result = await page.evaluate(async (url) => {
      const detached = window.fetch;
      const ok = await detached(`${url}/detached`).then((r) => r.status);
      const illegal = await Promise.resolve()
        .then(() => window.fetch.call({} as Window, `${url}/illegal`))
        .then(
          () => 'no error',
          (error: Error) => error.constructor.name,
        );
      return { ok, illegal };
    }, scenario.api.url);
    expect(result).toEqual({ ok: 200, illegal: 'TypeError' });
  });

  it('records the HTTP status of error responses', async () => {
    await page.evaluate((url) => fetch(`${url}/failing?status=503`), scenario.api.url);
    expect((await traced()).find((r) => r.url.includes('status=503'))).toMatchObject({ status: 503 });
  });

  it('restores the original fetch on stop()', async () => {
    const restored = await page.evaluate(async (url) => {
      (window as any).rumlink.stop();
      await fetch(`${url}/after-stop`);
      return window.fetch.toString().includes('[native code]');
    }, scenario.api.url);
    expect(restored).toBe(true);
    expect(received('/after-stop').headers.traceparent).toBeUndefined();
  });
});
