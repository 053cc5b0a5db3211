/**
 * The only module that talks to chDB. Queries and inserts run on libuv threads (off the event loop); parameters
 * are bound by the engine (`{name:Type}`), never spliced into SQL.
 *
 * libchdb binds one data directory per process: open one embedded store per process.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
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

    async insertRows(table: string, columns: readonly string[], body: Buffer): Promise<void> {
      // One block per insert keeps a batch atomic (the default splits at ~1M rows).
      await session.insert({
        table,
        values: body,
        columns,
        format: 'JSONCompactEachRow',
        settings: { max_insert_block_size: 16_777_216, min_insert_block_size_rows: 0, min_insert_block_size_bytes: 0 },
      });
    },

    async close(): Promise<void> {
      await drainPending();
      session.close();
      await drainPending();
    },
  };
}
