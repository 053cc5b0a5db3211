/**
 * Privacy and the public API of the complete SDK, in real Chromium against the real intake: typed values never
 * leave the page, masked elements never name an action, query strings can be stripped; context, user, beforeSend,
 * console capture and manual events; sampling; and a broken hook never reaches the page.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../../../test-support/eventually.mjs';
import { type RumScenario, startRumScenario } from './rum-scenario.js';

let scenario: RumScenario;
beforeAll(async () => {
  scenario = await startRumScenario();
});
afterAll(() => scenario?.stop());
beforeEach(() => {
  scenario.collector.delivered.length = 0;
});

const sent = (sessionId: string) => scenario.collector.accepted().filter((event) => event.session.id === sessionId);
const payloads = () => scenario.collector.delivered.map((batch) => JSON.stringify(batch.events)).join('\n');

async function leave(page: import('playwright-core').Page) {
  await page.goto(`${scenario.page.url}/elsewhere`);
  await page.close();
}

describe('privacy', () => {
  it('never sends what the user typed, nor the text of masked or editable elements', async () => {
    const page = await scenario.openApp(scenario.baseConfig());
    const sessionId = await page.evaluate(() => (window as any).rumlink.getSessionId());
    await page.fill('#card', '4242-4242-4242-4242');
    await page.fill('#password', 'hunter2-correct-horse');
    await page.click('#notes');
    await page.keyboard.type(' my-private-note');
    await page.click('#password');
    await page.click('#card');
    await page.click('#secret');
    await page.click('#buy');
    await leave(page);
    await eventually(
      async () => sent(sessionId).filter((event) => event.type === 'action').length >= 5,
      'five actions',
    );
    const names = sent(sessionId)
      .filter((event) => event.type === 'action')
      .map((event) => event.action.name);
    expect(names).toEqual(['div', 'Password', 'Card number', 'Masked element', 'Buy now']);
    const everything = payloads();
    for (const secret of ['4242', 'hunter2', 'my-private-note', 'Secret Santa'])
      expect(everything).not.toContain(secret);
  });

  it("masks every action name under defaultPrivacyLevel 'mask', except names the developer chose", async () => {
    const page = await scenario.openApp(scenario.baseConfig("defaultPrivacyLevel: 'mask'"));
    const sessionId = await page.evaluate(() => (window as any).rumlink.getSessionId());
    await page.click('#buy');
    await page.click('#named');
    await leave(page);
    await eventually(async () => sent(sessionId).filter((event) => event.type === 'action').length >= 2, 'two actions');
    expect(
      sent(sessionId)
        .filter((e) => e.type === 'action')
        .map((e) => e.action.name),
    ).toEqual(['Masked element', 'open cart']);
    expect(payloads()).not.toContain('Buy');
  });

  it('strips query strings from every URL with stripQueryStrings', async () => {
    const page = await scenario.openApp(scenario.baseConfig('stripQueryStrings: true'), { path: '/app?token=s3cr3t' });
    const sessionId = await page.evaluate(() => (window as any).rumlink.getSessionId());
    await page.evaluate((api) => fetch(`${api}/search?q=private-query&status=500`), scenario.api.url);
    await leave(page);
    // The error, the resource and the view can travel in different batches (the last one sent as the page goes).
    const events = await eventually(async () => {
      const all = sent(sessionId);
      const search = all.some((event) => event.resource?.url.includes('/search'));
      return search && ['error', 'view'].every((type) => all.some((event) => event.type === type)) ? all : undefined;
    }, 'the error, the /search resource and the view');
    expect(events.find((e) => e.type === 'view').view.url).toBe(`${scenario.page.url}/app`);
    expect(events.find((e) => e.resource?.url.includes('/search')).resource.url).toBe(`${scenario.api.url}/search`);
    expect(payloads()).not.toMatch(/s3cr3t|private-query/);
  });
});

describe('public API', () => {
  it('adds user, attributes and call context; beforeSend edits and drops; console and manual events', async () => {
    const config = scenario.baseConfig(`forwardConsoleLogs: ['warn'],
      beforeSend: (event) => {
        if (event.type === 'log' && event.log.message.includes('drop me')) return false;
        if (event.type === 'action') event.attributes = { ...event.attributes, edited: true };
      }`);
    const page = await scenario.openApp(config);
    const sessionId = await page.evaluate(() => (window as any).rumlink.getSessionId());
    await page.evaluate(() => {
      const { rumlink } = window as any;
      rumlink.setUser({ id: 'u-42', plan: 'pro' });
      rumlink.setAttributes({ tenant: 'acme' });
      rumlink.addAction('checkout started', { cart: 3 });
      rumlink.addError(new TypeError('card declined'), { step: 'payment' });
      rumlink.log('drop me please');
      rumlink.log('kept', { a: 1 }, 'debug');
      console.warn('low stock', { sku: 'x1' });
      console.error('gateway said no');
      rumlink.startView('receipt');
    });
    await leave(page);
    await eventually(async () => sent(sessionId).filter((event) => event.type === 'view').length >= 2, 'two views');
    const events = sent(sessionId);
    const action = events.find((e) => e.type === 'action');
    expect(action).toMatchObject({
      action: { type: 'custom', name: 'checkout started' },
      usr: { id: 'u-42', plan: 'pro' },
      attributes: { tenant: 'acme', cart: 3, edited: true },
    });
    const errors = events.filter((e) => e.type === 'error');
    expect(errors.map((e) => [e.error.source, e.error.type ?? null, e.error.message])).toEqual([
      ['custom', 'TypeError', 'card declined'],
      ['console', null, 'gateway said no'],
    ]);
    expect(errors[0].attributes).toMatchObject({ step: 'payment' });
    const logs = events.filter((e) => e.type === 'log').map((e) => [e.log.level, e.log.message]);
    expect(logs).toEqual([
      ['debug', 'kept'],
      ['warn', 'low stock {"sku":"x1"}'],
    ]);
    const views = events.filter((e) => e.type === 'view');
    expect(views.some((view) => view.view.name === 'receipt')).toBe(true);
  });

  it('reports misuse and a throwing beforeSend on the console, and the page goes on', async () => {
    const page = await scenario.openApp(
      scenario.baseConfig(`beforeSend: () => { throw new Error('bug in beforeSend') }`),
    );
    const results = await page.evaluate(() => {
      const { rumlink } = window as any;
      rumlink.addAction(42);
      rumlink.log('x', 'not an object');
      rumlink.setUser(null);
      rumlink.addError('a string error');
      return { ok: true, reports: (window as any).__reports };
    });
    expect(results.ok).toBe(true);
    await eventually(
      async () =>
        (await page.evaluate(() => (window as any).__reports)).some((r: string) => r.includes('beforeSend threw')),
      "the SDK's report that beforeSend threw",
    );
    const reports: string[] = await page.evaluate(() => (window as any).__reports);
    expect(reports).toEqual(
      expect.arrayContaining([
        'config: addAction(name, context?) takes a string and an optional object',
        'config: setUser() takes an object such as { id, name, email }',
        expect.stringMatching(/^config: log\(message, context\?, level\?\)/),
        expect.stringMatching(/^config: beforeSend threw \(Error: bug in beforeSend\)/),
      ]),
    );
    await page.close();
  });

  it('refuses to start without applicationId, clientToken and endpoint, and says which', async () => {
    const page = await scenario.openApp(`{ applicationId: 'shop', clientToken: 'x' }`);
    const reports: string[] = await page.evaluate(() => (window as any).__reports);
    expect(reports).toEqual([
      'config: the "endpoint" option is required: pass the rumlink intake URL, e.g. "https://rum.example.com" or "http://127.0.0.1:4318"; rumlink is not started',
    ]);
    expect(await page.evaluate(() => (window as any).rumlink.getSessionId())).toBeUndefined();
    await page.close();
  });

  it('keeps calls made before init and replays them once RUM starts', async () => {
    const page = await scenario.openApp('undefined');
    const sessionId = await page.evaluate<string>(`(() => {
      window.rumlink.addAction('clicked before init');
      window.rumlink.init(${scenario.baseConfig()});
      return window.rumlink.getSessionId();
    })()`);
    await leave(page);
    await eventually(
      async () => sent(sessionId).some((event) => event.action?.name === 'clicked before init'),
      'the action recorded before init',
    );
  });
});

describe('sampling', () => {
  it('sends nothing for a session outside sessionSampleRate', async () => {
    // The untracked page is told apart by its URL: a batch an earlier test's page sends late may still arrive here.
    const page = await scenario.openApp(scenario.baseConfig('sessionSampleRate: 0'), { path: '/app?untracked' });
    await page.click('#buy');
    await page.evaluate(() => (window as any).rumlink.addError(new Error('nobody hears this')));
    expect(await page.evaluate(() => (window as any).rumlink.getSessionId())).toBeUndefined();
    await leave(page);
    // A tracked page in the same run shows that delivery works; the untracked one sent nothing meanwhile.
    const tracked = await scenario.openApp(scenario.baseConfig());
    const trackedId = await tracked.evaluate(() => (window as any).rumlink.getSessionId());
    await leave(tracked);
    await eventually(async () => sent(trackedId).length > 0, "the tracked session's events");
    expect(payloads()).not.toContain('untracked');
    expect(payloads()).not.toContain('nobody hears this');
  });

  it('records resources of a tracked but untraced session without a trace id', async () => {
    const page = await scenario.openApp(scenario.baseConfig('traceSampleRate: 0'));
    const sessionId = await page.evaluate(() => (window as any).rumlink.getSessionId());
    await page.evaluate((api) => fetch(`${api}/orders`, { method: 'POST' }), scenario.api.url);
    await leave(page);
    await eventually(
      async () => sent(sessionId).some((event) => event.resource?.url.endsWith('/orders')),
      'the /orders resource',
    );
    const orders = sent(sessionId).find((event) => event.resource?.url.endsWith('/orders'));
    expect(orders.resource.traceId).toBeUndefined();
    expect(scenario.api.requests().find((r) => r.path === '/orders' && !r.headers.traceparent)).toBeDefined();
  });
});

describe('the script-tag build and stop()', () => {
  it('works from dist/rumlink.js as `window.rumlink`', async () => {
    const page = await scenario.openApp(scenario.baseConfig(), { path: '/script-tag' });
    const sessionId = await page.evaluate(() => (window as any).rumlink.getSessionId());
    await page.click('#buy');
    await leave(page);
    await eventually(
      async () => sent(sessionId).some((event) => event.action?.name === 'Buy now'),
      'the Buy now action',
    );
    expect(sent(sessionId).some((event) => event.type === 'view')).toBe(true);
  });

  it('sends what is pending and gives the page back its fetch, history and console', async () => {
    const page = await scenario.openApp(scenario.baseConfig('flushIntervalMs: 60000'));
    const sessionId = await page.evaluate(() => (window as any).rumlink.getSessionId());
    const restored = await page.evaluate(() => {
      const w = window as any;
      w.rumlink.log('last words');
      w.rumlink.stop();
      return {
        fetch: w.fetch.toString().includes('[native code]'),
        pushState: history.pushState.toString().includes('[native code]'),
        consoleError: console.error.toString().includes('[native code]'),
        xhrOpen: XMLHttpRequest.prototype.open.toString().includes('[native code]'),
      };
    });
    expect(restored).toEqual({ fetch: true, pushState: true, consoleError: true, xhrOpen: true });
    await eventually(async () => sent(sessionId).some((event) => event.log?.message === 'last words'), 'the last log');
    const before = scenario.collector.delivered.length;
    await page.evaluate((api) => fetch(`${api}/after-stop`), scenario.api.url);
    await page.evaluate(() => (window as any).rumlink.log('after stop'));
    await leave(page);
    expect(scenario.collector.delivered.length).toBe(before);
    expect(scenario.api.requests().find((r) => r.path === '/after-stop')?.headers.traceparent).toBeUndefined();
  });
});
