/**
 * The shop front end. rumlink traces the api (another origin: allow-listed) and never the third party (not
 * allow-listed), and sends what the shopper saw and did to the rumlink intake.
 */
import { rumlink } from '@rumlink/browser';
import { CONFIG_ELEMENT_ID, type ShopPageConfig } from '../src/web/page-config.js';
import { startShopPage } from './shop-page.js';

const config = JSON.parse(document.getElementById(CONFIG_ELEMENT_ID)!.textContent!) as ShopPageConfig;

rumlink.init({
  ...config.rumlink,
  allowedTracingUrls: [config.apiUrl],
  baggage: { allowedKeys: ['session.id'] },
});
// For the devtools console (`rumlink.getSessionId()`) and the browser flows that read the session id.
Object.assign(window, { rumlink });

startShopPage(config, () => rumlink.getSessionId());
