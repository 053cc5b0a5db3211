/**
 * RUM data is attacker-controlled: any page can send events with any strings. Seeded with markup, `javascript:`
 * URLs and script-closing tags in every field a user or page controls, every view of the UI must show them as
 * text, run none of them, and turn none into a link.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeededSession, type SessionText, seedSession } from './seed-session.js';
import { startUiTest, type UiPage, type UiTest } from './ui-harness.js';

const ATTACK: SessionText = {
  viewUrl: 'javascript:alert(1)',
  viewName: '<img src=x onerror="window.__xss=\'view\'">',
  resourceUrl: 'javascript:window.__xss="resource"//https://api.shop.example/orders',
  actionName: '</script><script>window.__xss="action"</script>',
  errorMessage: '<img src=x onerror=alert(document.domain)>',
  spanName: '<svg onload=alert("span")>',
  logBody: '"><script>alert("log")</script>',
  attributes: { '<b onmouseover=alert(1)>key</b>': 'javascript:alert(1)', link: ' JaVaScRiPt:alert(2)' },
};

let ui: UiTest;
let tab: UiPage;
let page: Page;
let seeded: SeededSession;

beforeAll(async () => {
  ui = await startUiTest();
  tab = await ui.newPage();
  page = tab.page;
  seeded = await seedSession(ui.t, ATTACK);
});
afterAll(() => ui?.stop());

/** What injected markup would leave behind: elements the UI never renders, links that are not http(s), a flag. */
async function expectNothingInjected(): Promise<void> {
  const found = await page.evaluate(() => ({
    flag: (window as unknown as { __xss?: string }).__xss ?? null,
    elements: document.querySelectorAll('img, svg, iframe, object, embed, b, body script:not([src])').length,
    scripts: [...document.scripts].map((script) => script.src),
    badLinks: [...document.querySelectorAll('a[href]')]
      .map((link) => (link as HTMLAnchorElement).href)
      .filter((href) => !/^https?:/i.test(href)),
  }));
  expect(found.flag).toBeNull();
  expect(found.elements).toBe(0);
  expect(found.scripts).toHaveLength(1);
  expect(found.scripts[0]).toMatch(/\/assets\/index-[\w-]+\.js$/);
  expect(found.badLinks).toEqual([]);
  expect(tab.problems).toEqual([]);
}

describe('attacker-controlled RUM and backend data', () => {
  it('is shown as text on the session page: summary, views and timeline', async () => {
    await tab.open(`/sessions/${seeded.sessionId}`);
    await page.locator('table.timeline').waitFor();
    const main = await page.locator('main').innerText();
    for (const value of [ATTACK.viewName, ATTACK.viewUrl, ATTACK.actionName, ATTACK.errorMessage, ATTACK.spanName]) {
      expect(main).toContain(value);
    }
    expect(main).toContain(ATTACK.logBody);
    await expectNothingInjected();
  });

  it('is shown as text in the resources, the trace panel and its span attributes', async () => {
    await page.getByRole('link', { name: 'Resources' }).click();
    await page.locator('table.resources').waitFor();
    expect(await page.locator('table.resources').innerText()).toContain(ATTACK.resourceUrl);
    await page.getByRole('link', { name: 'yes: show trace' }).click();
    await page.getByRole('button', { name: ATTACK.spanName }).click();
    const details = await page.locator('.span-details').innerText();
    expect(details).toContain('<b onmouseover=alert(1)>key</b>');
    expect(details).toContain('javascript:alert(1)');
    await expectNothingInjected();
  });

  it('is shown as text in the logs and spans tabs', async () => {
    await page.getByRole('link', { name: 'Logs' }).click();
    await page.locator('table.logs').waitFor();
    expect(await page.locator('table.logs').innerText()).toContain(ATTACK.logBody);
    await page.getByRole('link', { name: 'Spans' }).click();
    await page.locator('table.spans').waitFor();
    expect(await page.locator('table.spans').innerText()).toContain(ATTACK.spanName);
    await expectNothingInjected();
  });

  it('is shown as text on the trace page and its RUM tab', async () => {
    await tab.open(`/traces/${seeded.traceId}`);
    await page.locator('.waterfall').waitFor();
    await tab.open(`/traces/${seeded.traceId}?tab=rum`);
    const origin = await page.locator('.rum-origin').innerText();
    expect(origin).toContain(ATTACK.viewUrl);
    expect(origin).toContain(ATTACK.resourceUrl);
    await expectNothingInjected();
  });

  it.each([
    ['resource', () => seeded.resourceId],
    ['error', () => seeded.errorId],
    ['view', () => seeded.viewId],
    ['action', () => seeded.actionId],
  ])('is shown as text on the %s event page, payload included', async (_type, eventId) => {
    await tab.open(`/rum/events/${eventId()}`);
    await page.getByText('Payload as received').click();
    expect(await page.locator('pre.payload').innerText()).toContain('javascript:');
    await expectNothingInjected();
  });

  it('leaves the home page free of injected markup too', async () => {
    await tab.open('/');
    await page.locator(`a[href="/sessions/${seeded.sessionId}"]`).waitFor();
    await expectNothingInjected();
  });
});
