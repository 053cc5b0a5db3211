/**
 * With an `apiKey` in the server config, the UI's files load without it, the UI asks for the key once per tab,
 * keeps it in sessionStorage (reloads and deep links work) and sends it as `Authorization: Bearer` on API calls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeededSession, seedSession } from './seed-session.js';
import { startUiTest, type UiPage, type UiTest } from './ui-harness.js';

const API_KEY = 'api_key_0123456789abcdef';

let ui: UiTest;
let seeded: SeededSession;

beforeAll(async () => {
  ui = await startUiTest({ apiKey: API_KEY });
  seeded = await seedSession(ui.t);
});
afterAll(() => ui?.stop());

describe('the UI on a server with an API key', () => {
  let tab: UiPage;
  const authorizations: Array<string | undefined> = [];

  it('asks for the key, says when it is refused, and shows the page once it is accepted', async () => {
    tab = await ui.newPage();
    tab.page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/')) authorizations.push(request.headers().authorization);
    });
    await tab.open(`/sessions/${seeded.sessionId}`);
    const input = tab.page.getByLabel('API key', { exact: true });
    await input.fill('not-the-key');
    await input.press('Enter');
    await tab.page.getByText('The server refused that key.').waitFor();
    await input.fill(API_KEY);
    await tab.page.getByRole('button', { name: 'Continue' }).click();
    await tab.page.locator('table.timeline').waitFor();
    expect(authorizations).toContain(undefined);
    expect(authorizations).toContain('Bearer not-the-key');
    expect(authorizations.at(-1)).toBe(`Bearer ${API_KEY}`);
  });

  it('keeps the key for the tab: a reload and a deep link do not ask again', async () => {
    authorizations.length = 0;
    await tab.open(`/traces/${seeded.traceId}`);
    await tab.page.locator('.waterfall').waitFor();
    await tab.page.reload();
    await tab.page.locator('.waterfall').waitFor();
    expect(authorizations.length).toBeGreaterThan(0);
    expect(authorizations.every((header) => header === `Bearer ${API_KEY}`)).toBe(true);
    expect(await tab.page.evaluate(() => sessionStorage.getItem('rumlink.apiKey'))).toBe(API_KEY);
    expect(tab.problems).toEqual([]);
  });

  it('asks again in a new browser session', async () => {
    const fresh = await ui.newPage();
    await fresh.open('/');
    await fresh.page.getByLabel('API key', { exact: true }).waitFor();
    expect(await fresh.page.locator('table').count()).toBe(0);
  });
});
