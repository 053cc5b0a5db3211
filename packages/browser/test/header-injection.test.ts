/**
 * In real Chromium: trace headers and baggage reach exactly the allowed URLs, in the exact formats, readable by the
 * real OpenTelemetry propagators, never duplicated, and never sent to look-alike hosts, other ports or third parties.
 */
import { propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { B3Propagator } from '@opentelemetry/propagator-b3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type BrowserScenario, type ReceivedRequest, startBrowserScenario } from './browser-harness.js';

const TRACE_HEADERS = [
  'traceparent',
  'tracestate',
  'baggage',
  'x-datadog-trace-id',
  'x-datadog-parent-id',
  'x-datadog-origin',
  'x-datadog-sampling-priority',
  'x-datadog-tags',
  'b3',
  'x-b3-traceid',
  'x-b3-spanid',
  'x-b3-sampled',
];
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let scenario: BrowserScenario;
beforeAll(async () => {
  scenario = await startBrowserScenario();
});
afterAll(() => scenario?.stop());
beforeEach(() => scenario.reset());

const init = (config: string) => `rumlink.init(${config})`;
const fetchAll = (page: Page, urls: string[]) =>
  page.evaluate(
    (list) =>
      Promise.all(
        list.map((url) =>
          fetch(url).then(
            (r) => r.status,
            () => 0,
          ),
        ),
      ),
    urls,
  );
const traced = (page: Page) => page.evaluate(() => (window as any).__traced as any[]);
const tracingHeadersOf = (request: ReceivedRequest | undefined) =>
  TRACE_HEADERS.filter((name) => request?.headers[name]);
const received = (origin: { requests(): ReceivedRequest[] }, path: string) =>
  origin.requests().find((request) => request.path === path);
const getter = {
  get: (carrier: Record<string, string>, key: string) => carrier[key],
  keys: (carrier: Record<string, string>) => Object.keys(carrier),
};
const flat = (request: ReceivedRequest) =>
  Object.fromEntries(Object.entries(request.headers).map(([name, values]) => [name, values.join(',')]));

describe('which requests get headers', () => {
  it('sends traceparent and baggage to the allowed API and the page origin, and nothing to anything else', async () => {
    const page = await scenario.open({ initScript: init(`{ allowedTracingUrls: ['${scenario.api.url}'] }`) });
    const sessionId = await page.evaluate(() => (window as any).rumlink.getSessionId());
    expect(sessionId).toMatch(UUID_V4);
    const lookAlike = `http://api.localhost.evil.localhost:${scenario.api.port}/look-alike`;
    const otherPort = `http://api.localhost:${scenario.thirdParty.port}/other-port`;
    const statuses = await fetchAll(page, [
      `${scenario.api.url}/allowed`,
      '/same-origin',
      `${scenario.thirdParty.url}/third-party`,
      lookAlike,
      otherPort,
      `${scenario.thirdParty.url}/${scenario.api.url}/in-path`,
    ]);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);

    const allowed = received(scenario.api, '/allowed')!;
    expect(allowed.headers.traceparent).toHaveLength(1);
    expect(allowed.headers.traceparent![0]).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(allowed.headers.baggage).toEqual([`session.id=${sessionId}`]);
    expect(tracingHeadersOf(allowed)).toEqual(['traceparent', 'baggage']);
    expect(tracingHeadersOf(received(scenario.page, '/same-origin'))).toEqual(['traceparent', 'baggage']);

    expect(tracingHeadersOf(received(scenario.api, '/look-alike'))).toEqual([]);
    expect(tracingHeadersOf(received(scenario.thirdParty, `/${scenario.api.url}/in-path`))).toEqual([]);
    expect(tracingHeadersOf(received(scenario.thirdParty, '/third-party'))).toEqual([]);
    expect(tracingHeadersOf(received(scenario.thirdParty, '/other-port'))).toEqual([]);

    const records = await traced(page);
    expect(records.map((record) => new URL(record.url).pathname).sort()).toEqual(['/allowed', '/same-origin']);
    const record = records.find((r) => r.url.endsWith('/allowed'));
    expect(allowed.headers.traceparent![0]).toBe(`00-${record.traceId}-${record.spanId}-01`);
    expect(record).toMatchObject({
      sessionId,
      sampled: true,
      status: 200,
      method: 'GET',
      propagators: ['tracecontext'],
      reusedTraceHeader: false,
    });
  });

  it('counts only the page’s own origin as same-origin, even when a <base href> points at another one', async () => {
    const page = await scenario.open({ initScript: init('{}') });
    await page.evaluate((href) => {
      const base = document.createElement('base');
      base.href = href;
      document.head.prepend(base);
    }, `${scenario.thirdParty.url}/`);
    expect(await page.evaluate(() => document.baseURI)).toBe(`${scenario.thirdParty.url}/`);
    await fetchAll(page, ['via-base', `${new URL(page.url()).origin}/own-origin`]);
    expect(tracingHeadersOf(received(scenario.thirdParty, '/via-base'))).toEqual([]);
    expect(tracingHeadersOf(received(scenario.page, '/own-origin'))).toEqual(['traceparent', 'baggage']);
  });

  it('asks the CORS preflight for exactly the headers it adds', async () => {
    const page = await scenario.open({ initScript: init(`{ allowedTracingUrls: ['${scenario.api.url}'] }`) });
    await fetchAll(page, [`${scenario.api.url}/preflighted`]);
    const preflight = scenario.api.preflights().find((request) => request.path === '/preflighted')!;
    expect(preflight.headers['access-control-request-headers']).toEqual(['baggage,traceparent']);
  });

  it('traces nothing on the page origin when traceSameOrigin is false', async () => {
    const page = await scenario.open({ initScript: init('{ traceSameOrigin: false }') });
    await fetchAll(page, ['/same-origin']);
    expect(tracingHeadersOf(received(scenario.page, '/same-origin'))).toEqual([]);
  });

  it('never instruments the SDK’s own endpoint', async () => {
    const page = await scenario.open({
      initScript: init(`{ allowedTracingUrls: ['${scenario.api.url}'], endpoint: '${scenario.api.url}/intake' }`),
    });
    await fetchAll(page, [`${scenario.api.url}/intake/rum`, `${scenario.api.url}/intakes`]);
    expect(tracingHeadersOf(received(scenario.api, '/intake/rum'))).toEqual([]);
    expect(tracingHeadersOf(received(scenario.api, '/intakes'))).toEqual(['traceparent', 'baggage']);
  });
});

describe('propagators', () => {
  it('sends every propagator’s headers in the exact format, and the real OpenTelemetry propagators read the same ids and baggage', async () => {
    const page = await scenario.open({
      initScript: init(
        `{ allowedTracingUrls: [{ match: '${scenario.api.url}', propagatorTypes: ['tracecontext', 'datadog', 'b3', 'b3multi'] }] }`,
      ),
    });
    await page.evaluate(() => (window as any).rumlink.setBaggageItem('cart.note', 'two items, 10% off; é ✓'));
    await fetchAll(page, [`${scenario.api.url}/all-propagators`]);
    const [record] = await traced(page);
    const request = received(scenario.api, '/all-propagators')!;
    const headers = flat(request);
    const lowHex = record.traceId.slice(16);
    expect(headers).toMatchObject({
      traceparent: `00-${record.traceId}-${record.spanId}-01`,
      'x-datadog-trace-id': BigInt(`0x${lowHex}`).toString(),
      'x-datadog-parent-id': BigInt(`0x${record.spanId}`).toString(),
      'x-datadog-sampling-priority': '1',
      'x-datadog-origin': 'rum',
      'x-datadog-tags': `_dd.p.tid=${record.traceId.slice(0, 16)}`,
      b3: `${record.traceId}-${record.spanId}-1`,
      'x-b3-traceid': record.traceId,
      'x-b3-spanid': record.spanId,
      'x-b3-sampled': '1',
    });
    for (const propagator of [new W3CTraceContextPropagator(), new B3Propagator()]) {
      const context = trace.getSpanContext(propagator.extract(ROOT_CONTEXT, headers, getter))!;
      expect(context).toMatchObject({ traceId: record.traceId, spanId: record.spanId, traceFlags: 1, isRemote: true });
    }
    const multi = {
      'x-b3-traceid': headers['x-b3-traceid']!,
      'x-b3-spanid': headers['x-b3-spanid']!,
      'x-b3-sampled': headers['x-b3-sampled']!,
    };
    expect(trace.getSpanContext(new B3Propagator().extract(ROOT_CONTEXT, multi, getter))).toMatchObject({
      traceId: record.traceId,
      spanId: record.spanId,
    });
    const baggage = propagation.getBaggage(new W3CBaggagePropagator().extract(ROOT_CONTEXT, headers, getter))!;
    expect(Object.fromEntries(baggage.getAllEntries().map(([key, entry]) => [key, entry.value]))).toEqual({
      'session.id': record.sessionId,
      'cart.note': 'two items, 10% off; é ✓',
    });
  });

  it('sends attributes listed in baggage.allowedKeys, and only those', async () => {
    const page = await scenario.open({
      initScript: init(
        `{ allowedTracingUrls: ['${scenario.api.url}'], baggage: { allowedKeys: ['session.id', 'user.tier'] } }`,
      ),
    });
    await page.evaluate(() => (window as any).rumlink.setAttributes({ 'user.tier': 'gold', 'user.email': 'a@b.c' }));
    await fetchAll(page, [`${scenario.api.url}/attributes`]);
    const baggage = flat(received(scenario.api, '/attributes')!).baggage!;
    expect(baggage).toContain('user.tier=gold');
    expect(baggage).not.toContain('email');
  });
});

describe('requests that already carry trace context', () => {
  it('keeps the page’s traceparent, adds no duplicate, records its trace id, and merges baggage into one header', async () => {
    const page = await scenario.open({
      initScript: init(`{ allowedTracingUrls: ['${scenario.api.url}'], propagatorTypes: ['tracecontext', 'datadog'] }`),
    });
    const own = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await page.evaluate(
      ([url, traceparent]) =>
        Promise.all([
          fetch(`${url}/own-fetch`, { headers: { traceparent: traceparent!, baggage: 'app.flag=on' } }),
          new Promise((resolve) => {
            const xhr = new XMLHttpRequest();
            xhr.open('GET', `${url}/own-xhr`);
            xhr.setRequestHeader('traceparent', traceparent!);
            xhr.setRequestHeader('baggage', 'app.flag=on');
            xhr.onloadend = resolve;
            xhr.send();
          }),
        ]),
      [scenario.api.url, own],
    );
    for (const path of ['/own-fetch', '/own-xhr']) {
      const request = received(scenario.api, path)!;
      expect(request.headers.traceparent).toEqual([own]);
      expect(request.headers['x-datadog-trace-id']).toBeUndefined();
      expect(request.headers.baggage).toHaveLength(1);
      expect(request.headers.baggage![0]).toMatch(/^app\.flag=on,session\.id=[0-9a-f-]{36}$/);
    }
    const records = await traced(page);
    expect(records).toHaveLength(2);
    for (const record of records)
      expect(record).toMatchObject({
        traceId: '0af7651916cd43dd8448eb211c80319c',
        spanId: 'b7ad6b7169203331',
        reusedTraceHeader: true,
        propagators: [],
      });
  });
});

describe('sampling and injection modes', () => {
  it('an untracked session sends no header at all', async () => {
    const page = await scenario.open({
      initScript: init(`{ allowedTracingUrls: ['${scenario.api.url}'], sessionSampleRate: 0 }`),
    });
    await fetchAll(page, [`${scenario.api.url}/untracked`]);
    expect(tracingHeadersOf(received(scenario.api, '/untracked'))).toEqual([]);
    expect(await page.evaluate(() => (window as any).rumlink.getSessionId())).toBeUndefined();
    expect(await traced(page)).toEqual([]);
  });

  it("a session that is tracked but not traced sends baggage only ('sampled'), or an unsampled traceparent ('all')", async () => {
    const sampled = await scenario.open({
      initScript: init(`{ allowedTracingUrls: ['${scenario.api.url}'], traceSampleRate: 0 }`),
    });
    await fetchAll(sampled, [`${scenario.api.url}/not-traced`]);
    expect(tracingHeadersOf(received(scenario.api, '/not-traced'))).toEqual(['baggage']);
    expect(await traced(sampled)).toEqual([]);

    const all = await scenario.open({
      initScript: init(
        `{ allowedTracingUrls: ['${scenario.api.url}'], traceSampleRate: 0, traceContextInjection: 'all' }`,
      ),
    });
    await fetchAll(all, [`${scenario.api.url}/all-mode`]);
    expect(received(scenario.api, '/all-mode')!.headers.traceparent![0]).toMatch(/-00$/);
    expect((await traced(all))[0]).toMatchObject({ sampled: false });
  });
});

describe('misconfiguration never breaks the page', () => {
  it('an invalid option: one console error naming it, no instrumentation, no exception', async () => {
    const page = await scenario.open();
    const errors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await page.evaluate(init(`{ allowedTracingUrls: ['${scenario.api.url}'], sessionSampleRate: 500 }`));
    await fetchAll(page, [`${scenario.api.url}/invalid-config`]);
    expect(errors).toEqual([
      'rumlink: the "sessionSampleRate" option must be a number from 0 to 100; rumlink is not started',
    ]);
    expect(tracingHeadersOf(received(scenario.api, '/invalid-config'))).toEqual([]);
  });

  it('a throwing rule counts as no match and is reported once; the next rule still applies', async () => {
    const page = await scenario.open({
      initScript: init(`{ allowedTracingUrls: [() => { throw new Error('rule bug'); }, '${scenario.api.url}'] }`),
    });
    await fetchAll(page, [`${scenario.api.url}/after-throwing-rule`, `${scenario.api.url}/again`]);
    expect(tracingHeadersOf(received(scenario.api, '/after-throwing-rule'))).toEqual(['traceparent', 'baggage']);
    const reports = await page.evaluate(() => (window as any).__reports as string[]);
    expect(reports.filter((report) => report.includes('rule bug'))).toHaveLength(1);
  });
});
