/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser), for the browser tests and the browser
 * benchmarks alike (plain JavaScript, so bench/ can import it too). The flags keep Chromium from reaching for the
 * network on its own: this machine has none, and its background connections would only fail.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium() {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: run scripts/install-test-deps.sh (Debian package "chromium")`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
