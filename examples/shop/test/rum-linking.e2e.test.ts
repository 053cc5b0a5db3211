/**
 * RUM ↔ backend linking on the demo shop, in real Chromium against real processes: every fetch/XHR the page makes to
 * the api is a RUM resource linked to the api's trace (and back, from the trace to the session, view and resource),
 * the document load is linked through Server-Timing, sampling never leaves a RUM resource pointing at a dropped
 * trace, and the Datadog and B3 multi-header propagators link just as W3C trace context does.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplingOf } from '../../../packages/browser/src/session/sampling.js';
import { launchChromium } from '../../../test-support/chromium.mjs';
import { eventually } from '../../../test-support/eventually.mjs';
import { checkout, openShop } from '../src/traffic/shop-flows.js';
import { type RunningShop, shopDir, startShop } from './shop-harness.js';

let shop: RunningShop;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function newPage(): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  return context.newPage();
}

/** A shopper who checks out, then leaves (which sends the SDK's last batch); returns the session id. */
async function shopAndLeave(query?: string): Promise<string> {
  const page = await newPage();
  const sessionId = await openShop(page, shop.urls.shop, { query });
  await checkout(page);
  await page.goto('about:blank');
  return sessionId;
}

/** The session's RUM events once its checkout's requests and the document load have arrived. */
async function rumOf(sessionId: string): Promise<any[]> {
  return eventually(async () => {
    const { events } = await shop.api(`/rum/events?sessionId=${sessionId}&limit=500`);
    const api = events.filter((event: any) => event.type === 'resource' && event.url.startsWith(shop.urls.api));
    const ready =
      events.some((event: any) => event.kind === 'document') &&
      api.some((event: any) => event.url.endsWith('/orders')) &&
      api.filter((event: any) => event.kind === 'xhr').length >= 2;
    return ready && (events as any[]);
  }, `the RUM events of session ${sessionId}`);
}

const apiResources = (events: any[]) =>
  events.filter((event) => event.type === 'resource' && event.url.startsWith(shop.urls.api));

/** Every api resource has a stored trace whose root is the api's server span, and the trace leads back to it. */
async function expectLinked(sessionId: string, events: any[]) {
  const resources = apiResources(events);
  expect(new Set(resources.map((r) => r.kind))).toEqual(new Set(['fetch', 'xhr']));
  for (const resource of await eventually(async () => {
    const { events: linked } = await shop.api(`/rum/events?sessionId=${sessionId}&type=resource&limit=500`);
    const api = apiResources(linked);
    return api.length >= resources.length && api.every((r: any) => r.hasTrace) && api;
  }, `every api resource of ${sessionId} linked to a stored trace`)) {
    expect(resource).toMatchObject({ linkSource: 'header', traceSampled: true });
    // Each service exports on its own schedule: wait for the api's span, the child of the browser's.
    const trace = await eventually(async () => {
      const found = await shop.api(`/traces/${resource.traceId}`);
      return found.spans.some((span: any) => span.parentSpanId === resource.spanId) && found;
    }, `the api's span in trace ${resource.traceId}`);
    const detail = await shop.api(`/rum/events/${resource.eventId}`);
    expect(detail.trace).toMatchObject({ traceId: resource.traceId, rootService: 'shop-api' });
    const ids = new Set(trace.spans.map((span: any) => span.spanId));
    const root = trace.spans.find((span: any) => !ids.has(span.parentSpanId));
    expect(detail.trace.rootName).toBe(root.name);
    expect(trace.rum.session.sessionId).toBe(sessionId);
    expect(trace.rum.view.viewId).toBe(resource.viewId);
    expect(trace.rum.resource.eventId).toBe(resource.eventId);
    // The browser's span id is the parent of the api's root span.
    expect(trace.spans.some((span: any) => span.parentSpanId === resource.spanId && span.service === 'shop-api')).toBe(
      true,
    );
  }
}

beforeAll(async () => {
  shop = await startShop();
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await browser?.close();
  if (shop) expect(await shop.stop()).toEqual({ code: 0, signal: null });
});

describe('a session with W3C trace context', () => {
  let sessionId: string;
  let events: any[];
  beforeAll(async () => {
    sessionId = await shopAndLeave();
    events = await rumOf(sessionId);
  }, 60_000);

  it('links every fetch and XHR to the api to its backend trace, and the trace back to session, view and resource', async () => {
    await expectLinked(sessionId, events);
  });

  it('links the document load to the web server’s trace through Server-Timing', async () => {
    const document = await eventually(async () => {
      const { events: all } = await shop.api(`/rum/events?sessionId=${sessionId}&type=resource&limit=500`);
      return all.find((event: any) => event.kind === 'document' && event.hasTrace);
    }, 'the document resource linked to a stored trace');
    expect(document.linkSource).toBe('server-timing');
    expect(new URL(document.url).pathname).toBe('/');
    const detail = await shop.api(`/rum/events/${document.eventId}`);
    expect(detail.trace.rootService).toBe('shop-web');
  });

  it('records the click that checked out, with the trace ids of the requests it started', async () => {
    const checkoutClick = await eventually(async () => {
      const { events: actions } = await shop.api(`/rum/events?sessionId=${sessionId}&type=action&limit=100`);
      return actions.find((action: any) => action.name === 'Checkout');
    }, 'the checkout click');
    const orders = apiResources(events).find((r) => r.url.endsWith('/orders'));
    expect(orders.actionId).toBe(checkoutClick.eventId);
    expect(checkoutClick.attributes['action.trace_ids'].split(',')).toContain(orders.traceId);
  });
});

describe.each(['datadog', 'b3multi'])('a session with the %s propagator', (propagator) => {
  it('is linked just the same', async () => {
    const sessionId = await shopAndLeave(`propagatorTypes=${propagator}`);
    await expectLinked(sessionId, await rumOf(sessionId));
  }, 60_000);
});

describe('sampling below 100 %', () => {
  const rates = { sessionSampleRate: 50, traceSampleRate: 50 };
  /** A session id of the wanted kind, found the way the SDK decides (a deterministic function of the id). */
  const sessionOfKind = (kind: 'untracked' | 'tracked only' | 'traced') => {
    for (;;) {
      const id = crypto.randomUUID();
      const { tracked_: tracked, traced_: traced } = samplingOf(id, rates);
      if ((kind === 'traced') === traced && (kind === 'untracked') === !tracked) return id;
    }
  };
  /** Opens the shop with `id` as the stored session, as a returning visitor would have it. */
  async function visit(id: string) {
    const page = await newPage();
    const now = Date.now();
    await page
      .context()
      .addCookies([{ name: '_rumlink_s', value: `${id}|${now}|${now + 15 * 60_000}|`, url: shop.urls.shop }]);
    await page.goto(new URL('/?sessionSampleRate=50&traceSampleRate=50', shop.urls.shop).href);
    await page.locator('#status[data-state="ready"]').waitFor();
    const seen = await page.evaluate(() => (globalThis as any).rumlink.getSessionId());
    await checkout(page);
    await page.goto('about:blank');
    return seen as string | undefined;
  }

  it('sends nothing for an untracked session, and no trace header: its requests are not linked to it anywhere', async () => {
    const id = sessionOfKind('untracked');
    expect(await visit(id)).toBeUndefined();
    // A tracked session visited after it has arrived; the untracked one has nothing, RUM or backend.
    const later = sessionOfKind('traced');
    await visit(later);
    await rumOf(later);
    expect((await shop.api(`/rum/events?sessionId=${id}`)).events).toEqual([]);
    expect((await shop.api(`/spans?sessionId=${id}`)).spans).toEqual([]);
  }, 60_000);

  it('sends a tracked but untraced session’s requests without trace context: no resource claims a trace it started', async () => {
    const id = sessionOfKind('tracked only');
    expect(await visit(id)).toBe(id);
    const resources = apiResources(await rumOf(id));
    expect(resources.length).toBeGreaterThanOrEqual(4);
    // The api started its own traces (its sampler's decision) and said so in Server-Timing: a resource may carry
    // that link, never one of its own making.
    for (const resource of resources) expect(resource.linkSource ?? 'server-timing').toBe('server-timing');
    for (const resource of resources.filter((r) => r.traceId)) {
      // The api exports a request's spans as they end, its root last: the trace is whole once a root has arrived.
      // A root with a parent (a trace context from the browser) never satisfies this, and the wait fails.
      const trace = await eventually(async () => {
        const found = await shop.api(`/traces/${resource.traceId}`).catch(() => undefined);
        return found?.spans?.some((span: any) => span.service === 'shop-api' && span.parentSpanId === null) && found;
      }, `the api's own trace ${resource.traceId}, begun at the api`);
      const ids = new Set(trace.spans.map((span: any) => span.spanId));
      const root = trace.spans.find((span: any) => !ids.has(span.parentSpanId));
      expect(root).toMatchObject({ service: 'shop-api', parentSpanId: null }); // the trace began at the api
    }
  }, 60_000);

  it('links a traced session’s requests, each to a trace the backend kept', async () => {
    const id = sessionOfKind('traced');
    expect(await visit(id)).toBe(id);
    await expectLinked(id, await rumOf(id));
  }, 60_000);
});

describe('the shop web server', () => {
  it('answers odd request targets with a 4xx and keeps serving', async () => {
    const { request } = await import('node:http');
    const { port, hostname } = new URL(shop.urls.shop);
    const status = (path: string) =>
      new Promise<number>((resolve, reject) =>
        request({ host: hostname, port, path }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        })
          .on('error', reject)
          .end(),
      );
    expect(await status('//?x=1')).toBe(404);
    expect(await status('/?traceSampleRate=abc')).toBe(400);
    expect(await status('/')).toBe(200);
  });
});

describe('npm run demo:traffic', () => {
  const traffic = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, [join(shopDir, 'launch.mjs'), 'traffic', ...args], {
        env: { ...process.env, ...env },
      });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      child.on('close', (code) => resolve({ code, output }));
    });

  it('shops in real sessions that rumlink then shows, linked', async () => {
    const { code, output } = await traffic(['--shop', shop.urls.shop, '--ui', shop.urls.ui, '--sessions', '2']);
    expect(code, output).toBe(0);
    const ids = [...output.matchAll(/^session \d\/2: ([0-9a-f-]{36}) ordered /gm)].map((match) => match[1]!);
    expect(ids).toHaveLength(2);
    for (const id of ids) await expectLinked(id, await rumOf(id));
  }, 90_000);

  it('says how to install Chromium when it is missing', async () => {
    const { code, output } = await traffic(['--shop', shop.urls.shop], { CHROMIUM_PATH: '/nonexistent/chromium' });
    expect(code).toBe(1);
    expect(output).toContain('apt-get install -y --no-install-recommends chromium');
  });

  it('refuses a bad flag in one line, with exit code 2', async () => {
    const { code, output } = await traffic(['--sessions', 'many']);
    expect(code).toBe(2);
    expect(output.trim()).toBe('demo:traffic: --sessions must be an integer from 1 to 50, got "many"');
  });
});
