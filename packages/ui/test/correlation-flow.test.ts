/**
 * The question the UI exists for, asked in real Chromium against the real server: a checkout session seeded
 * through the real intake is found on the home page, its timeline shows every tier, its resource says it has a
 * trace and opens that trace's spans, and the trace's RUM tab leads back to the session.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeededSession, seedSession } from './seed-session.js';
import { startUiTest, type UiPage, type UiTest } from './ui-harness.js';

let ui: UiTest;
let tab: UiPage;
let page: Page;
let seeded: SeededSession;

beforeAll(async () => {
  ui = await startUiTest();
  tab = await ui.newPage();
  page = tab.page;
});
afterAll(() => ui?.stop());

const text = (selector: string) => page.locator(selector).innerText();

describe('the correlation UI', () => {
  it('says how to get sessions when there are none yet', async () => {
    await tab.open('/');
    await page.getByText('No sessions yet').waitFor();
    expect(await text('main')).toContain('npm run demo:traffic');
  });

  it('lists the seeded session on the home page, and opens it', async () => {
    seeded = await seedSession(ui.t);
    await tab.open('/');
    const link = page.locator(`a[href="/sessions/${seeded.sessionId}"]`);
    await link.waitFor();
    const row = page.locator('tr', { has: link });
    expect(await row.innerText()).toMatch(/api, worker/);
    await link.click();
    await page.waitForURL(`**/sessions/${seeded.sessionId}`);
    await page.getByText('1 of 2 traced resources have a stored trace').waitFor();
  });

  it('shows one timeline across every tier, filterable by kind', async () => {
    await page.locator('table.timeline').waitFor();
    const kinds = await page
      .locator('table.timeline tbody tr')
      .evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.kind));
    expect(new Set(kinds)).toEqual(new Set(['view', 'action', 'resource', 'error', 'long_task', 'span', 'log']));
    const timeline = await text('table.timeline');
    for (const expected of ['POST /orders', 'process order', 'order created', 'charged card', 'Pay now']) {
      expect(timeline).toContain(expected);
    }
    expect(timeline).toMatch(/\bapi\b/);
    expect(timeline).toMatch(/\bworker\b/);
    await page.getByLabel(/\bspan \(/).uncheck();
    await page.getByLabel(/\blog \(/).uncheck();
    const filtered = await page
      .locator('table.timeline tbody tr')
      .evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.kind));
    expect(filtered).not.toContain('span');
    expect(filtered).not.toContain('log');
    expect(filtered).toContain('resource');
  });

  it('marks the resource that has a trace, and shows that trace in the trace panel', async () => {
    await page.getByRole('link', { name: 'Resources' }).click();
    const tracedRow = page.locator('table.resources tr', { hasText: 'https://api.shop.example/orders' });
    expect(await tracedRow.innerText()).toContain('yes: show trace');
    const failedRow = page.locator('table.resources tr', { hasText: 'recommendations' });
    expect(await failedRow.innerText()).toContain('no trace stored');
    await tracedRow.getByRole('link', { name: 'yes: show trace' }).click();
    await page.waitForURL(`**/sessions/${seeded.sessionId}?tab=resources&trace=${seeded.traceId}`);
    const panel = page.locator('.trace-panel');
    await panel.getByRole('button', { name: 'process order' }).waitFor();
    expect(await panel.innerText()).toContain('POST /orders');
    await panel.getByRole('button', { name: 'POST /orders' }).click();
    expect(await panel.locator('.span-details').innerText()).toContain('http.route');
  });

  it("lists the session's logs and spans", async () => {
    await page.getByRole('link', { name: 'Logs' }).click();
    await page.locator('table.logs').waitFor();
    expect(await text('table.logs')).toMatch(/order created[\s\S]*charged card/);
    await page.getByRole('link', { name: 'Spans' }).click();
    await page.locator('table.spans').waitFor();
    expect(await text('table.spans')).toMatch(/POST \/orders[\s\S]*process order/);
  });

  it('opens the trace page, whose RUM tab leads back to the session (and survives a reload)', async () => {
    await page.getByRole('link', { name: 'trace' }).first().click();
    await page.waitForURL(`**/traces/${seeded.traceId}`);
    await page.locator('.waterfall').waitFor();
    expect(await text('.waterfall')).toMatch(/api[\s\S]*POST \/orders[\s\S]*worker[\s\S]*process order/);
    await page.getByRole('link', { name: 'RUM', exact: true }).click();
    await page.waitForURL(`**/traces/${seeded.traceId}?tab=rum`);
    await page.reload();
    const origin = page.locator('.rum-origin');
    await origin.waitFor();
    const chain = await origin.innerText();
    expect(chain).toMatch(/session[\s\S]*view[\s\S]*checkout[\s\S]*resource[\s\S]*orders[\s\S]*action[\s\S]*Pay now/);
    await origin.locator(`a[href="/sessions/${seeded.sessionId}"]`).click();
    await page.waitForURL(`**/sessions/${seeded.sessionId}`);
    await page.locator('table.timeline').waitFor();
  });

  it('shows a RUM event with its payload and the linked trace summary', async () => {
    await tab.open(`/rum/events/${seeded.resourceId}`);
    await page.getByRole('heading', { name: 'Linked trace' }).waitFor();
    const main = await text('main');
    expect(main).toContain('api · POST /orders');
    expect(main).toContain('2 (0 with errors)');
    await page.getByText('Payload as received').click();
    expect(await text('pre.payload')).toContain('"traceId"');
  });

  it.each([
    ['trace id', () => seeded.traceId, () => `/traces/${seeded.traceId}`],
    ['session id', () => seeded.sessionId, () => `/sessions/${seeded.sessionId}`],
    ['RUM event id', () => seeded.errorId, () => `/rum/events/${seeded.errorId}`],
  ])('goes to the page of a %s typed in the search box', async (_kind, id, path) => {
    await tab.open('/');
    await page.getByLabel('Session, trace or RUM event id').fill(id());
    await page.getByLabel('Session, trace or RUM event id').press('Enter');
    await page.waitForURL(`**${path()}`);
  });

  it('says when nothing has the id searched for, and shows API errors as the API words them', async () => {
    await page.getByLabel('Session, trace or RUM event id').fill('no-such-id');
    await page.getByRole('button', { name: 'Go' }).click();
    await page.getByText('No session, trace or RUM event has the id no-such-id.').waitFor();
    await tab.open(`/sessions/${crypto.randomUUID()}`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toMatch(/^not_found: session .* not found/);
  });

  it('ran without page errors, dialogs or Content-Security-Policy violations', () => {
    expect(tab.problems).toEqual([]);
  });
});
