/**
 * RUM collection in real Chromium against the real rumlink server: what a page visit produces, and that the query
 * API returns it linked to the backend (resources → traces, the document load through Server-Timing, actions and
 * errors through their own trace ids).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../../test-support/eventually.mjs';
import { DOCUMENT_TRACE, type RumScenario, startRumScenario, THIRD_PARTY_TRACE } from './rum-scenario.js';

let scenario: RumScenario;
beforeAll(async () => {
  scenario = await startRumScenario();
});
afterAll(() => scenario?.stop());

const byType = (events: any[], type: string) => events.filter((event) => event.type === type);
/** The browser's own favicon request shows when it happens to be made; it is not the page's. */
const pageEvents = (events: any[]) => events.filter((event) => !event.url.endsWith('/favicon.ico'));

describe('a page visit', () => {
  let sessionId: string;
  let events: any[];
  let ordersTrace: string;

  beforeAll(async () => {
    const page = await scenario.openApp(scenario.baseConfig());
    sessionId = await page.evaluate(() => (window as any).rumlink.getSessionId());
    await page.evaluate((api) => {
      document.querySelector('#buy')!.addEventListener('click', () => {
        fetch(`${api}/orders`, { method: 'POST', body: '{}' });
        const xhr = new XMLHttpRequest();
        xhr.open('GET', `${api}/cart`);
        xhr.send();
      });
    }, scenario.api.url);
    await page.click('#buy');
    await page.evaluate((thirdParty) => fetch(`${thirdParty}/pixel`).then((r) => r.text()), scenario.thirdParty.url);
    await page.evaluate(() => history.pushState({}, '', '/app/checkout'));
    await page.evaluate(() => {
      setTimeout(() => {
        throw new Error('payment widget crashed');
      });
      // A task of the page's own (code run by the test driver is not a task the browser measures).
      setTimeout(() => {
        const end = performance.now() + 150;
        while (performance.now() < end) {
          // a long task the user would feel
        }
      });
    });
    await scenario.storeBackendSpans();
    ordersTrace = /^00-([\da-f]{32})/.exec(
      scenario.api.requests().find((r) => r.path === '/orders')!.headers.traceparent![0]!,
    )![1]!;
    const counts = { view: 2, resource: 5, action: 1, error: 1, long_task: 1 };
    events = await scenario.events(sessionId, (all) =>
      Object.entries(counts).every(([type, count]) => byType(pageEvents(all), type).length >= count),
    );
    // Leaving the page sends the views' final versions.
    await page.goto(`${scenario.page.url}/elsewhere`);
  });

  it('has two views: the page load and the route change, each with its counts', async () => {
    const views = byType(events, 'view').sort((a, b) => a.time - b.time);
    expect(views.map((view) => new URL(view.url).pathname)).toEqual(['/app', '/app/checkout']);
    for (const view of views) {
      expect(view).toMatchObject({ service: 'shop-web', env: 'test', version: '1.2.3', sessionId });
    }
    // The latest version the SDK sent of each view (the intake keeps the highest).
    const latest = (id: string) =>
      scenario.collector
        .accepted()
        .filter((event) => event.type === 'view' && event.view.id === id)
        .sort((a, b) => b.view.version - a.view.version)[0].view;
    const [load, checkout] = await eventually(async () => {
      const [load, checkout] = views.map((view) => latest(view.viewId));
      return load.counts.actions && checkout.counts.errors ? [load, checkout] : undefined;
    }, "the views' latest updates, counting the action and the error");
    expect(load.counts).toMatchObject({ actions: 1, errors: 0 });
    // sdk.js, the document, /orders, /cart, /pixel (and the favicon, when the browser asked for it)
    expect(load.counts.resources).toBeGreaterThanOrEqual(5);
    expect(load.loadingTimeMs).toBeGreaterThan(0);
    expect(load.timeSpentMs).toBeGreaterThan(0);
    expect(load.vitals.ttfb).toBeGreaterThan(0);
    expect(checkout.referrer).toBe(`${scenario.page.url}/app`);
    expect(checkout.counts).toMatchObject({ errors: 1 });
    expect(checkout.counts.longTasks).toBeGreaterThanOrEqual(1);
  });

  it('has exactly the resources the page loaded and requested, each linked as it should be', async () => {
    const resources = byType(pageEvents(events), 'resource');
    const summary = resources
      .map((r) => `${r.kind} ${r.method} ${new URL(r.url).host.split('.')[0]}${new URL(r.url).pathname}`)
      .sort();
    expect(summary).toEqual([
      'document GET page/app',
      'fetch GET third-party/pixel',
      'fetch POST api/orders',
      'script GET page/sdk.js',
      'xhr GET api/cart',
    ]);
    const find = (path: string) => resources.find((r) => new URL(r.url).pathname === path);
    expect(find('/app')).toMatchObject({ traceId: DOCUMENT_TRACE.traceId, linkSource: 'server-timing' });
    expect(find('/orders')).toMatchObject({ traceId: ordersTrace, linkSource: 'header', statusCode: 201 });
    expect(find('/cart')).toMatchObject({ linkSource: 'header', statusCode: 200 });
    expect(find('/pixel')).toMatchObject({ traceId: THIRD_PARTY_TRACE.traceId, linkSource: 'server-timing' });
    expect(find('/sdk.js')).toMatchObject({ traceId: null });
    // Linked once the backend's spans are stored.
    const linked = await scenario.events(sessionId, 3, '&type=resource&hasTrace=true');
    expect(linked.map((r) => new URL(r.url).pathname).sort()).toEqual(['/app', '/cart', '/orders']);
  });

  it('names the click, gives its requests its id and records their trace ids', async () => {
    const [action] = byType(events, 'action');
    expect(action).toMatchObject({ kind: 'click', name: 'Buy now' });
    const resources = byType(events, 'resource').filter((r) => ['/orders', '/cart'].includes(new URL(r.url).pathname));
    for (const resource of resources) expect(resource.actionId).toBe(action.eventId);
    expect(action.attributes['action.trace_ids'].split(',').sort()).toEqual(resources.map((r) => r.traceId).sort());
  });

  it('reports the uncaught error and the long task in the view where they happened', () => {
    const [error] = byType(events, 'error');
    const checkout = byType(events, 'view').find((view) => view.url.endsWith('/app/checkout'));
    expect(error).toMatchObject({ name: 'payment widget crashed', kind: 'Error', viewId: checkout.viewId });
    expect(error.attributes['error.source']).toBe('source');
    expect(error.attributes['error.stack']).toContain('payment widget crashed');
    const longTasks = byType(events, 'long_task');
    expect(longTasks.some((task) => task.durationMs >= 150 && task.viewId === checkout.viewId)).toBe(true);
  });

  it('answers /traces/:id with the session, view, resource and action of the request', async () => {
    const { body } = await scenario.rumlink.api(`/traces/${ordersTrace}`);
    const action = byType(events, 'action')[0];
    expect(body.rum.session.sessionId).toBe(sessionId);
    expect(body.rum.resource).toMatchObject({ url: `${scenario.api.url}/orders`, method: 'POST' });
    expect(body.rum.view.url).toBe(`${scenario.page.url}/app`);
    expect(body.rum.action.eventId).toBe(action.eventId);
  });

  it('never traced, nor recorded, its own requests to the intake', () => {
    expect(events.filter((event) => event.url.startsWith(scenario.collector.url))).toEqual([]);
    for (const batch of scenario.collector.delivered) expect(batch.status).toBe(202);
    expect(scenario.collector.delivered.length).toBeGreaterThan(0);
  });
});

describe('requests to one URL at the same time', () => {
  // POSTs: Chromium's HTTP cache would make GETs of one URL wait for each other.
  it('gets each its own timing entry: the durations follow the answers, not the order', async () => {
    const page = await scenario.openApp(scenario.baseConfig());
    const sessionId = await page.evaluate(() => (window as any).rumlink.getSessionId());
    const delays = [600, 100, 350];
    await page.evaluate(
      ({ api, delays }) =>
        Promise.all(
          delays.map((delay, i) =>
            i === 1
              ? new Promise((resolve) => {
                  const xhr = new XMLHttpRequest();
                  xhr.open('POST', `${api}/same`);
                  xhr.setRequestHeader('x-delay', String(delay));
                  xhr.onloadend = resolve;
                  xhr.send();
                })
              : fetch(`${api}/same`, { method: 'POST', headers: { 'x-delay': String(delay) } }).then((r) => r.text()),
          ),
        ),
      { api: scenario.api.url, delays },
    );
    const events = await scenario.events(
      sessionId,
      (all) => all.filter((event) => event.url.endsWith('/same')).length === 3,
    );
    const matched = scenario.api
      .requests()
      .filter((r) => r.path === '/same')
      .map((request) => {
        const traceId = request.headers.traceparent![0]!.split('-')[1];
        const resource = events.find((event) => event.traceId === traceId);
        return { delay: Number(request.headers['x-delay']![0]), durationMs: resource.durationMs as number };
      });
    expect(matched).toHaveLength(3);
    // Each request lasted at least its own delay, and the longer a request was held, the longer its resource: any
    // other pairing of requests and timing entries breaks one of the two, however slow the machine is.
    for (const { delay, durationMs } of matched) expect(durationMs).toBeGreaterThanOrEqual(delay);
    const byDuration = [...matched].sort((a, b) => a.durationMs - b.durationMs).map((m) => m.delay);
    expect(byDuration).toEqual([...delays].sort((a, b) => a - b));
    await page.close();
  });
});

describe('a failed traced request', () => {
  it('gives its error event the trace id of the request, as its resource has', async () => {
    const page = await scenario.openApp(scenario.baseConfig());
    const sessionId = await page.evaluate(() => (window as any).rumlink.getSessionId());
    await page.evaluate((api) => fetch(`${api}/failing?status=503`), scenario.api.url);
    // Aborted once the api has it (it answers /slow after 2 s), so its trace header is on record however slow the
    // machine: a fixed abort timeout could fire before the request left the browser.
    await page.evaluate((api) => {
      const controller = new AbortController();
      (window as any).abortSlow = () => controller.abort();
      (window as any).slow = fetch(`${api}/slow`, { signal: controller.signal }).catch(() => 'aborted');
    }, scenario.api.url);
    const received = (path: string) => scenario.api.requests().find((r) => r.path.startsWith(path));
    await eventually(() => received('/slow'), 'the api to receive /slow');
    await page.evaluate(() => {
      (window as any).abortSlow();
      return (window as any).slow;
    });
    const traceIdOf = (path: string) => received(path)!.headers.traceparent![0]!.split('-')[1];
    const traceIds = [traceIdOf('/failing'), traceIdOf('/slow')];
    // The error goes out when the request ends; its resource may wait for a timing entry that an aborted request
    // never gets, and so travel in a later batch.
    const events = await scenario.events(sessionId, (all) =>
      traceIds.every((traceId) =>
        ['resource', 'error'].every((type) => all.some((e) => e.type === type && e.traceId === traceId)),
      ),
    );
    for (const [path, statusCode, message] of [
      ['/failing', 503, /^Fetch error GET .*\/failing\?status=503 \(503\)$/],
      ['/slow', 0, /^Fetch error GET .*\/slow$/],
    ] as const) {
      const traceId = traceIdOf(path);
      const resource = events.find((e) => e.type === 'resource' && e.traceId === traceId);
      const error = events.find((e) => e.type === 'error' && e.traceId === traceId);
      expect(resource).toMatchObject({ statusCode, linkSource: 'header' });
      expect(error).toMatchObject({ kind: statusCode ? 'HttpError' : 'NetworkError', linkSource: 'header' });
      expect(error.name).toMatch(message);
      expect(error.attributes['error.source']).toBe('network');
    }
    await page.close();
  });
});
