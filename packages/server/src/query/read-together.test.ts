import { beforeAll, describe, expect, it } from 'vitest';
import { useTemporaryStore } from '../../test/temporary-store.js';
import { readTogether } from './read-together.js';

describe('readTogether', () => {
  const temporary = useTemporaryStore();
  beforeAll(async () => {
    await temporary.store.command(
      `CREATE TABLE t (Id UInt64, Name String, Attributes Map(String, String), Tags Array(String))
       ENGINE = MergeTree ORDER BY Id`,
    );
    await temporary.store.command(
      `INSERT INTO t VALUES (1, 'a "quoted"\\nname', {'k': 'v'}, ['x']), (2, 'b', {}, []), (3, 'c', {'é': '✓'}, ['y', 'z'])`,
    );
  });

  it('returns each statement’s rows in its own order, with shared bound parameters', async () => {
    const statements = [
      'SELECT Id, Name, Attributes, Tags FROM t WHERE Id >= {min:UInt64} ORDER BY Id DESC',
      'SELECT count() AS Count, groupArray(Name) AS Names FROM t WHERE Id < {min:UInt64}',
      'SELECT Id FROM t WHERE Name = {name:String}',
    ] as const;
    const params = { min: 2, name: 'nobody' };
    const together = await readTogether<[unknown[], unknown[], unknown[]]>(temporary.store, [...statements], params);
    expect(together).toEqual([
      [
        { Id: 3, Name: 'c', Attributes: { é: '✓' }, Tags: ['y', 'z'] },
        { Id: 2, Name: 'b', Attributes: {}, Tags: [] },
      ],
      [{ Count: 1, Names: ['a "quoted"\nname'] }],
      [],
    ]);
    expect(await Promise.all(statements.map((sql) => temporary.store.query(sql, params)))).toEqual(together);
  });

  it('binds parameters: a value is data, never SQL', async () => {
    const [rows] = await readTogether<[unknown[]]>(temporary.store, ['SELECT Id FROM t WHERE Name = {name:String}'], {
      name: "b') OR 1=1 --",
    });
    expect(rows).toEqual([]);
  });
});
