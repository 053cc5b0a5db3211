/** The benchmarks launch Chromium exactly as the browser tests do. */
export { CHROMIUM_PATH, launchChromium } from '../../test-support/chromium.mjs';
