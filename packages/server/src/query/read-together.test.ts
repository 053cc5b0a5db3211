import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChdbExecutor } from '../store/chdb.js';
import type { SqlExecutor } from '../store/executor.js';
import { readTogether } from './read-together.js';

describe('readTogether', () => {
  let dir: string;
  let store: SqlExecutor;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rumlink-read-together-'));
    store = await openChdbExecutor(dir);
    await store.command(
      `CREATE TABLE t (Id UInt64, Name String, Attributes Map(String, String), Tags Array(String))
       ENGINE = MergeTree ORDER BY Id`,
    );
    await store.command(
      `INSERT INTO t VALUES (1, 'a "quoted"\\nname', {'k': 'v'}, ['x']), (2, 'b', {}, []), (3, 'c', {'é': '✓'}, ['y', 'z'])`,
    );
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns each statement’s rows in its own order, with shared bound parameters', async () => {
    const statements = [
      'SELECT Id, Name, Attributes, Tags FROM t WHERE Id >= {min:UInt64} ORDER BY Id DESC',
      'SELECT count() AS Count, groupArray(Name) AS Names FROM t WHERE Id < {min:UInt64}',
      'SELECT Id FROM t WHERE Name = {name:String}',
    ] as const;
    const params = { min: 2, name: 'nobody' };
    const together = await readTogether<[unknown[], unknown[], unknown[]]>(store, [...statements], params);
    expect(together).toEqual([
      [
        { Id: 3, Name: 'c', Attributes: { é: '✓' }, Tags: ['y', 'z'] },
        { Id: 2, Name: 'b', Attributes: {}, Tags: [] },
      ],
      [{ Count: 1, Names: ['a "quoted"\nname'] }],
      [],
    ]);
    expect(await Promise.all(statements.map((sql) => store.query(sql, params)))).toEqual(together);
  });

  it('binds parameters: a value is data, never SQL', async () => {
    const [rows] = await readTogether<[unknown[]]>(store, ['SELECT Id FROM t WHERE Name = {name:String}'], {
      name: "b') OR 1=1 --",
    });
    expect(rows).toEqual([]);
  });
});
