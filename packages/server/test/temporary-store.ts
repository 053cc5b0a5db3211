/**
 * The embedded store on a temporary data directory for one test file (chDB binds one directory per process, and
 * vitest runs each file in its own): opened before the file's tests, closed and removed after them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openChdbExecutor } from '../src/store/chdb.js';
import type { SqlExecutor } from '../src/store/executor.js';

export function useTemporaryStore(): { readonly store: SqlExecutor; readonly dataDir: string } {
  let dataDir = '';
  let store: SqlExecutor | undefined;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rumlink-store-'));
    store = await openChdbExecutor(dataDir);
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    get store() {
      if (!store) throw new Error('the temporary store opens in beforeAll: use it inside tests');
      return store;
    },
    get dataDir() {
      return dataDir;
    },
  };
}
