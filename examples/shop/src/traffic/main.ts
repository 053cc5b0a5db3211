/**
 * `npm run demo:traffic [-- --shop URL --sessions N]`: headless Debian Chromium shops in N separate sessions
 * against a running `npm start`, so the rumlink UI has sessions to show.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CHROMIUM_PATH, launchChromium } from '../../../../test-support/chromium.mjs';
import { parseHttpUrl, ShopConfigError } from '../process/environment.js';
import { browseRecommendations, checkout, openShop, tryCoupon } from './shop-flows.js';

function options(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      shop: { type: 'string', default: 'http://127.0.0.1:3000/' },
      ui: { type: 'string', default: 'http://127.0.0.1:4320/' },
      sessions: { type: 'string', default: '3' },
    },
  });
  const sessions = Number(values.sessions);
  if (!Number.isInteger(sessions) || sessions < 1 || sessions > 50) {
    throw new ShopConfigError(`--sessions must be an integer from 1 to 50, got "${values.sessions}"`);
  }
  return { shop: parseHttpUrl(values.shop, '--shop'), ui: parseHttpUrl(values.ui, '--ui'), sessions };
}

async function main(argv: string[]): Promise<number> {
  const { shop, ui, sessions } = options(argv);
  if (!existsSync(CHROMIUM_PATH)) {
    console.error(`demo:traffic drives Debian's Chromium, which is not installed at ${CHROMIUM_PATH}. Install it with:
  sudo apt-get install -y --no-install-recommends chromium
(or point CHROMIUM_PATH at a Chromium binary)`);
    return 1;
  }
  const reachable = await fetch(`${shop}/healthz`).then(
    (r) => r.ok,
    () => false,
  );
  if (!reachable) {
    console.error(`the shop does not answer at ${shop}: start it first with npm start (or pass --shop URL)`);
    return 1;
  }
  const browser = await launchChromium();
  try {
    for (let n = 1; n <= sessions; n++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const sessionId = await openShop(page, `${shop}/`);
      const orderId = await checkout(page);
      if (n % 2 === 1) await browseRecommendations(page);
      if (n % 3 === 1) await tryCoupon(page);
      // Leaving the page is what sends the SDK's last batch (closing the context would not).
      await page.goto('about:blank');
      await context.close();
      console.log(`session ${n}/${sessions}: ${sessionId} ordered ${orderId}`);
      console.log(`  ${new URL(`/sessions/${sessionId}`, ui).href}`);
    }
  } finally {
    await browser.close();
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`demo:traffic: ${(error as Error).message}`);
    process.exit(
      error instanceof ShopConfigError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1,
    );
  },
);
