/**
 * Bundle size against peers: min + gzip (level 9) of what an app ships for each SDK, every one bundled by the same
 * esbuild setup in the same run (sdk-bundles.js).
 */
import { gzipSync } from 'node:zlib';
import { ENTRIES } from '../../packages/browser/bundles.mjs';
import { bundleEsm, packageVersion, rumlinkSource, SIZE_ENTRIES } from './sdk-bundles.js';

const bytes = (texts) => texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
/** Each file gzipped on its own (as served), summed. */
const gzipBytes = (texts) => texts.reduce((sum, text) => sum + gzipSync(text, { level: 9 }).length, 0);

export async function runSizeBench(log) {
  const source = rumlinkSource();
  const rows = [];
  for (const entry of SIZE_ENTRIES) {
    const { initial, lazy } = await bundleEsm(entry.source, entry.define);
    const row = {
      ...entry,
      versions: entry.packages.map((name) => ({ name, version: packageVersion(name) })),
      minBytes: bytes(initial),
      gzipBytes: gzipBytes(initial),
      lazyChunks: lazy.length,
      lazyGzipBytes: gzipBytes(lazy),
    };
    log(
      `${entry.id}: ${row.minBytes} B minified, ${row.gzipBytes} B gzip${lazy.length ? ` (+ ${lazy.length} lazy chunks)` : ''}`,
    );
    rows.push(row);
  }
  const byId = (id) => rows.find((row) => row.id === id);
  return {
    source,
    rows,
    budgets: {
      tracing: {
        gzipBytes: byId('rumlink-tracing').gzipBytes,
        goal: ENTRIES.tracing.targetBytes,
        ceiling: ENTRIES.tracing.ceilingBytes,
      },
      complete: {
        gzipBytes: byId('rumlink-complete').gzipBytes,
        goal: ENTRIES.complete.targetBytes,
        ceiling: ENTRIES.complete.ceilingBytes,
      },
    },
  };
}
