/** In real Chromium: the instrumented XMLHttpRequest keeps the original's semantics while adding headers. */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type BrowserScenario, startBrowserScenario } from './browser-harness.js';

let scenario: BrowserScenario;
let page: Page;
beforeAll(async () => {
  scenario = await startBrowserScenario();
  page = await scenario.open();
  await page.evaluate((url) => (window as any).rumlink.init({ allowedTracingUrls: [url] }), scenario.api.url);
});
afterAll(() => scenario?.stop());
beforeEach(() => scenario.reset());

const received = (path: string) => scenario.api.requests().filter((request) => request.path === path);
const traced = () => page.evaluate(() => (window as any).__traced as any[]);

describe('XMLHttpRequest semantics under instrumentation', () => {
  it('adds headers to an asynchronous request and records its status', async () => {
    const status = await page.evaluate(
      (url) =>
        new Promise<number>((resolve) => {
          const xhr = new XMLHttpRequest();
          xhr.open('POST', `${url}/async`);
          xhr.setRequestHeader('content-type', 'text/plain');
          xhr.onload = () => resolve(xhr.status);
          xhr.send('payload');
        }),
      scenario.api.url,
    );
    expect(status).toBe(200);
    const [request] = received('/async');
    expect(request).toMatchObject({ method: 'POST', body: 'payload' });
    expect(request!.headers['content-type']).toEqual(['text/plain']);
    expect(request!.headers.traceparent).toHaveLength(1);
    expect((await traced()).find((r) => r.url.endsWith('/async'))).toMatchObject({ method: 'POST', status: 200 });
  });

  it('works for synchronous requests', async () => {
    const status = await page.evaluate((url) => {
      const xhr = new XMLHttpRequest();
      xhr.open('GET', `${url}/sync`, false);
      xhr.send();
      return xhr.status;
    }, scenario.api.url);
    expect(status).toBe(200);
    expect(received('/sync')[0]!.headers.traceparent).toHaveLength(1);
    expect((await traced()).find((r) => r.url.endsWith('/sync'))).toMatchObject({ status: 200 });
  });

  it('gives a reused XHR object a new trace for each request', async () => {
    await page.evaluate(
      (url) =>
        new Promise<void>((resolve) => {
          const xhr = new XMLHttpRequest();
          xhr.open('GET', `${url}/reused`);
          xhr.onload = () => {
            xhr.onload = () => resolve();
            xhr.open('GET', `${url}/reused`);
            xhr.send();
          };
          xhr.send();
        }),
      scenario.api.url,
    );
    const requests = received('/reused');
    expect(requests).toHaveLength(2);
    expect(requests[0]!.headers.traceparent![0]).not.toBe(requests[1]!.headers.traceparent![0]);
    expect((await traced()).filter((r) => r.url.endsWith('/reused'))).toHaveLength(2);
  });

  it('uses the second open() when open is called twice', async () => {
    await page.evaluate(
      (url) =>
        new Promise((resolve) => {
          const xhr = new XMLHttpRequest();
          xhr.open('GET', `${url}/first-open`);
          xhr.setRequestHeader('x-dropped', '1');
          xhr.open('PUT', `${url}/second-open`);
          xhr.onloadend = resolve;
          xhr.send('x');
        }),
      scenario.api.url,
    );
    expect(received('/first-open')).toHaveLength(0);
    const [request] = received('/second-open');
    expect(request).toMatchObject({ method: 'PUT' });
    expect(request!.headers['x-dropped']).toBeUndefined();
    expect((await traced()).filter((r) => r.url.includes('-open'))).toEqual([
      expect.objectContaining({ method: 'PUT' }),
    ]);
  });

  it('records an aborted request with status 0 and its trace id', async () => {
    await page.evaluate(
      (url) =>
        new Promise((resolve) => {
          const xhr = new XMLHttpRequest();
          xhr.open('GET', `${url}/slow-xhr`);
          xhr.onloadend = resolve;
          xhr.send();
          setTimeout(() => xhr.abort(), 50);
        }),
      scenario.api.url,
    );
    const record = (await traced()).find((r) => r.url.endsWith('/slow-xhr'));
    expect(record).toMatchObject({ status: 0 });
    expect(record.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keeps the page’s own baggage on requests it does not trace', async () => {
    await page.evaluate(
      (url) =>
        new Promise((resolve) => {
          const xhr = new XMLHttpRequest();
          xhr.open('GET', `${url}/not-allowed`);
          xhr.setRequestHeader('baggage', 'app=1');
          xhr.setRequestHeader('baggage', 'other=2');
          xhr.onloadend = resolve;
          xhr.send();
        }),
      scenario.thirdParty.url,
    );
    const [request] = scenario.thirdParty.requests().filter((r) => r.path === '/not-allowed');
    expect(request!.headers.baggage).toEqual(['app=1, other=2']);
    expect(request!.headers.traceparent).toBeUndefined();
  });

  it('lets setRequestHeader throw where the original throws', async () => {
    const error = await page.evaluate(() => {
      const xhr = new XMLHttpRequest();
      try {
        xhr.setRequestHeader('x-a', '1');
        return 'no error';
      } catch (caught) {
        return (caught as Error).name;
      }
    });
    expect(error).toBe('InvalidStateError');
  });
});
