/**
 * The shop's web server (node:http): the HTML document, rendered with the page's config, and the page's bundle.
 * handleRumlinkHttp adds `Server-Timing: traceparent` to the document, which is how the browser SDK links the page
 * load to this server's trace (a navigation cannot carry a `traceparent` request header).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { handleRumlinkHttp } from '@rumlink/node';
import { listenAsService, type RunningService } from '../process/run-service.js';
import { configScriptElement, pageOverrides, type ShopPageConfig } from './page-config.js';
import { shopDocument } from './shop-document.js';

export interface WebOptions {
  host: string;
  port: number;
  config: ShopPageConfig;
}

// `require`, not `import`: this module may be imported before run-service.ts registers OpenTelemetry's ESM loader
// hook, and an ESM import of `http` made before it gets the unpatched module: no server span for the document, hence
// no Server-Timing. A `require` made at run time always gets the patched one.
const http = createRequire(import.meta.url)('node:http') as typeof import('node:http');
const PAGE_BUNDLE = new URL('../page/shop.js', import.meta.url);

export async function startWeb(options: WebOptions): Promise<RunningService> {
  const bundle = await readFile(PAGE_BUNDLE, 'utf8').catch(() => {
    throw new Error(`the page bundle ${PAGE_BUNDLE.pathname} is missing: run \`npm run build\``);
  });
  const rumlinkHttp = {}; // same-origin page: only Server-Timing, no CORS
  const server = http.createServer((request, response) => {
    if (handleRumlinkHttp(request, response, rumlinkHttp)) return;
    // The request target is a path: prefixed with an origin, `//x` stays a path (as a relative reference it would be a
    // host, and a bad one throws).
    const url = URL.canParse(`http://shop.invalid${request.url}`)
      ? new URL(`http://shop.invalid${request.url}`)
      : undefined;
    if (!url) {
      response.writeHead(400, { 'content-type': 'text/plain' }).end('bad request target\n');
      return;
    }
    if (url.pathname === '/') {
      const overrides = pageOverrides(url.searchParams);
      if ('error' in overrides) {
        response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end(`${overrides.error}\n`);
        return;
      }
      const config = { ...options.config, rumlink: { ...options.config.rumlink, ...overrides } };
      response
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
        .end(shopDocument(configScriptElement(config)));
    } else if (url.pathname === '/assets/shop.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(bundle);
    } else if (url.pathname === '/healthz') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return listenAsService(server, options.host, options.port);
}
