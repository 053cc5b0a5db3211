/**
 * The only module that talks to chDB. Queries and inserts run on libuv threads (off the event loop); parameters
 * are bound by the engine (`{name:Type}`), never spliced into SQL.
 *
 * libchdb binds one data directory per process: open one embedded store per process.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { drainPending, Session } from 'chdb';
import type { QueryParams, SqlExecutor } from './executor.js';

export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }
}

export async function openChdbExecutor(dataDir: string): Promise<SqlExecutor> {
  const path = resolve(dataDir);
  mkdirSync(path, { recursive: true });
  let session: Session;
  try {
    // Load tables before the first query so a restart never answers from a half-loaded catalogue.
    session = new Session(path, { connectionArgs: ['--async_load_databases=0', '--async_load_system_database=0'] });
  } catch (error) {
    throw new StoreError(`cannot open the embedded ClickHouse store at ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  // chdb-node takes inserted bytes in text formats only; Native blocks reach the engine through a file it reads.
  // Files live only during their insert; ones a crash left behind are removed here.
  const insertDir = join(path, 'rumlink-inserts');
  rmSync(insertDir, { recursive: true, force: true });
  mkdirSync(insertDir);
  let insertSequence = 0;
  const version = (await session.queryAsync('SELECT version() AS v', { format: 'JSONEachRow' })).json<{ v: string }>();

  return {
    description: `embedded chDB ${version.v} at ${path}`,

    async query<Row>(sql: string, params?: QueryParams): Promise<Row[]> {
      const result = params
        ? await session.queryBindAsync(sql, params, { format: 'JSONEachRow' })
        : await session.queryAsync(sql, { format: 'JSONEachRow' });
      const text = result.text();
      if (text.length === 0) return [];
      return text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as Row);
    },

    async command(sql: string, params?: QueryParams): Promise<void> {
      if (params) await session.queryBindAsync(sql, params);
      else await session.queryAsync(sql);
    },

    async insertRows(table: string, columns: readonly string[], blocks: readonly Buffer[]): Promise<void> {
      const file = join(insertDir, `${insertSequence++}.native`);
      const handle = await open(file, 'w');
      try {
        await handle.writev(blocks as Buffer[]);
      } finally {
        await handle.close();
      }
      try {
        // The blocks of several writes are squashed into one (thresholds past any batch): one part per partition, so
        // a batch lands whole or not at all, and merges start from parts as large as the batch.
        await session.queryBindAsync(
          `INSERT INTO ${table} (${columns.map((column) => `\`${column}\``).join(', ')})
           SELECT * FROM file({file:String}, 'Native')
           SETTINGS max_insert_block_size = 16777216, min_insert_block_size_rows = 16777216,
             min_insert_block_size_bytes = 17179869184, max_threads = 1`,
          { file },
        );
      } finally {
        // The rows are in (or the insert failed) either way: a file left behind is removed at the next start, and
        // must not turn a stored batch into an error its senders would retry.
        await unlink(file).catch(() => undefined);
      }
    },

    async close(): Promise<void> {
      await drainPending();
      session.close();
      await drainPending();
    },
  };
}
