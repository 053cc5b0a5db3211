/**
 * The shop front end. rumlink traces the api (another origin: allow-listed) and never the third party (not
 * allow-listed); the intake options are passed already, for RUM collection.
 */
import { rumlink } from '@rumlink/browser';
import { CONFIG_ELEMENT_ID, type ShopPageConfig } from '../src/web/page-config.js';
import { startShopPage } from './shop-page.js';

const config = JSON.parse(document.getElementById(CONFIG_ELEMENT_ID)!.textContent!) as ShopPageConfig;

// A variable, not a literal: `applicationId` and `clientToken` belong to RUM collection's options, which the
// tracing-only SDK type does not list yet (the SDK ignores options it does not know).
const rumlinkOptions = {
  ...config.rumlink,
  allowedTracingUrls: [config.apiUrl],
  baggage: { allowedKeys: ['session.id'] },
};
rumlink.init(rumlinkOptions);
// For the devtools console (`rumlink.getSessionId()`) and the browser flows that read the session id.
Object.assign(window, { rumlink });

startShopPage(config, () => rumlink.getSessionId());
