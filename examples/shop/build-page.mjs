/** Bundles the shop page (page/shop.ts + @rumlink/browser) into dist/page/shop.js with esbuild: no CDN. */
import { build } from 'esbuild';

await build({
  entryPoints: [new URL('./page/shop.ts', import.meta.url).pathname],
  outfile: new URL('./dist/page/shop.js', import.meta.url).pathname,
  bundle: true,
  format: 'esm',
  target: 'es2020',
  sourcemap: true,
  minify: true,
  logLevel: 'warning',
});
