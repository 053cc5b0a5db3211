/** In real Chromium: the session lives in a first-party cookie, is shared by tabs, and differs between browsers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserScenario, startBrowserScenario } from './browser-harness.js';

let scenario: BrowserScenario;
beforeAll(async () => {
  scenario = await startBrowserScenario();
});
afterAll(() => scenario?.stop());

const initScript = 'rumlink.init({})';
const sessionIdOf = (page: import('playwright-core').Page) =>
  page.evaluate(() => (window as any).rumlink.getSessionId() as string);

describe('sessions', () => {
  it('keeps the session in a first-party cookie shared by every tab, and starts another in another browser', async () => {
    const context = await scenario.browser.newContext();
    const first = await scenario.open({ initScript, context });
    const second = await scenario.open({ initScript, context });
    const id = await sessionIdOf(first);
    expect(await sessionIdOf(second)).toBe(id);
    const cookie = (await context.cookies()).find((c) => c.name === '_rumlink_s')!;
    expect(cookie.value).toMatch(new RegExp(`^${id}\\|\\d+\\|\\d+\\|$`));
    expect(cookie).toMatchObject({ path: '/', sameSite: 'Lax', httpOnly: false });

    const other = await scenario.open({ initScript });
    expect(await sessionIdOf(other)).not.toBe(id);
  });

  it('survives a reload', async () => {
    const context = await scenario.browser.newContext();
    const page = await scenario.open({ initScript, context });
    const id = await sessionIdOf(page);
    await page.reload();
    await page.evaluate(initScript);
    expect(await sessionIdOf(page)).toBe(id);
  });
});
