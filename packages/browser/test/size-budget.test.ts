/**
 * The size budgets of the SDK, minified + gzip, so the SDK cannot silently grow (bench/ compares it with peers).
 * A ceiling above the goal is a ratchet while the goal is not met yet (see bundles.mjs).
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bundle, ENTRIES } from '../bundles.mjs';

describe('bundle size budget', () => {
  it.each(Object.entries(ENTRIES))('%s entry stays within its budget', async (_name, entry) => {
    for (const code of [await bundle(entry.npm), await bundle(entry.scriptTag, 'iife')]) {
      const gzipped = gzipSync(code, { level: 9 }).length;
      expect(gzipped).toBeLessThanOrEqual(entry.ceilingBytes);
    }
  });
});
