/** Writes the script-tag bundles to dist/. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { bundle, ENTRIES } from './bundles.mjs';

const dist = new URL('./dist/', import.meta.url);
mkdirSync(dist, { recursive: true });
for (const [name, entry] of Object.entries(ENTRIES)) {
  const code = await bundle(entry.scriptTag, 'iife');
  writeFileSync(new URL(entry.out, dist), code);
  console.log(
    `@rumlink/browser ${name}: dist/${entry.out} ${code.length} B, ${gzipSync(code, { level: 9 }).length} B gzip`,
  );
}
