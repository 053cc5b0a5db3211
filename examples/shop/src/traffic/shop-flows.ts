/**
 * What a shopper does, as Playwright steps on the shop page: used by `npm run demo:traffic` and by the end-to-end
 * suite, so the demo's traffic and the tested flows are the same clicks. Each step waits for the page to say it is
 * done (the status line's `data-state`), never for a fixed time.
 */
import type { Page } from 'playwright-core';

export interface ShopperOptions {
  /** Extra query of the page URL: SDK overrides such as `propagatorTypes=datadog` (see page-config.ts). */
  query?: string;
}

async function waitForState(page: Page, state: string, what: string): Promise<void> {
  const status = page.locator('#status');
  try {
    await status.and(page.locator(`[data-state="${state}"]`)).waitFor({ timeout: 15_000 });
  } catch {
    throw new Error(`the shop did not reach "${state}" after ${what}; status: "${await status.textContent()}"`);
  }
}

/** Opens the shop and waits until it has loaded products and cart; returns rumlink's session id. */
export async function openShop(page: Page, shopUrl: string, options: ShopperOptions = {}): Promise<string> {
  await page.goto(options.query ? `${shopUrl}?${options.query}` : shopUrl);
  await waitForState(page, 'ready', 'loading the page');
  const sessionId = await page.evaluate(() =>
    (globalThis as { rumlink?: { getSessionId(): string | undefined } }).rumlink?.getSessionId(),
  );
  if (!sessionId) throw new Error('the page has no tracked rumlink session (is sessionSampleRate below 100?)');
  return sessionId;
}

export async function addToCart(page: Page, productId: string): Promise<void> {
  await page.locator(`[data-product="${productId}"] button`).click();
  await waitForState(page, 'added', `adding ${productId} to the cart`);
  await page.locator('#status').evaluate((status) => {
    status.dataset.state = 'seen'; // so the next add waits for its own answer
  });
}

/** Adds two products and checks out; returns the order id the api gave. */
export async function checkout(page: Page): Promise<string> {
  await addToCart(page, 'espresso-beans');
  await addToCart(page, 'ceramic-cup');
  await page.locator('#checkout').click();
  await waitForState(page, 'ordered', 'checkout');
  return (await page.locator('#status').getAttribute('data-order-id'))!;
}

export async function browseRecommendations(page: Page): Promise<void> {
  await page.locator('#recommendations').click();
  await waitForState(page, 'recommended', 'loading recommendations');
}

export async function tryCoupon(page: Page): Promise<void> {
  await page.locator('#apply-coupon').click();
  await waitForState(page, 'coupon-failed', 'applying a coupon');
}
