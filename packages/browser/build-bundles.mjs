/** Writes what npm ships for each entry (dist/index.js, dist/tracing-entry.js) and the script-tag bundles to dist/;
 *  `tsc -b` writes only the type declarations beside them. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { bundle, ENTRIES, npmModule } from './bundles.mjs';

const dist = new URL('./dist/', import.meta.url);
mkdirSync(dist, { recursive: true });
for (const [name, entry] of Object.entries(ENTRIES)) {
  writeFileSync(new URL(entry.npmOut, dist), await npmModule(entry.npm));
  const code = await bundle(entry.scriptTag, 'iife');
  writeFileSync(new URL(entry.out, dist), code);
  const app = gzipSync(await bundle(entry.npm), { level: 9 }).length;
  console.log(
    `@rumlink/browser ${name}: dist/${entry.npmOut} (${app} B min + gzip in an app), dist/${entry.out} ${code.length} B, ${gzipSync(code, { level: 9 }).length} B gzip`,
  );
}
