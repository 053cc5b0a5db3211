/**
 * The real rumlink server (serving the real UI build) plus Debian Chromium. Each page records what must never
 * happen to the UI: uncaught page errors, dialogs (an `alert` from injected script), Content-Security-Policy
 * violations (the UI must work under its own policy).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../../test-support/chromium.mjs';
import type { RumlinkConfig } from '../../server/src/config/config-schema.js';
import { startTestServer, type TestServer } from '../../server/test/harness.js';

const BUILD_INDEX = fileURLToPath(new URL('../dist/index.html', import.meta.url));

export interface UiPage {
  page: Page;
  /** Page errors, dialogs and CSP violations, as text. */
  problems: string[];
  open(path: string): Promise<void>;
}

export interface UiTest {
  t: TestServer;
  browser: Browser;
  newPage(context?: BrowserContext): Promise<UiPage>;
  stop(): Promise<void>;
}

export async function startUiTest(config: Partial<RumlinkConfig> = {}): Promise<UiTest> {
  if (!existsSync(BUILD_INDEX)) throw new Error(`${BUILD_INDEX} is missing: run npm run build first`);
  const t = await startTestServer({ config });
  const browser = await launchChromium();
  return {
    t,
    browser,
    async newPage(context) {
      const page = await (context ?? (await browser.newContext())).newPage();
      // Well inside the test timeout, so a missing element fails with the locator's own message.
      page.setDefaultTimeout(10_000);
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('dialog', (dialog) => {
        problems.push(`dialog: ${dialog.message()}`);
        void dialog.dismiss();
      });
      page.on('console', (message) => {
        if (message.text().includes('Content Security Policy')) problems.push(`CSP: ${message.text()}`);
      });
      return {
        page,
        problems,
        async open(path) {
          await page.goto(`${t.server.queryUrl}${path}`);
        },
      };
    },
    async stop() {
      await browser.close();
      await t.stop();
    },
  };
}
