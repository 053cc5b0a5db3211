import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useTemporaryStore } from '../../test/temporary-store.js';
import { encodeNativeBlock, type NativeColumn } from './native-format.js';

interface Row {
  Text: string;
  Kind: string;
  Small: number;
  Port: number;
  Count: number;
  Big: string;
  Ratio: number;
  AtMs: number;
  AtNs: string;
  Attributes: Record<string, string>;
  Tags: string[];
  Times: string[];
  Maps: Record<string, string>[];
}

/** Every type the encoder writes, into columns of the types the tables use (LowCardinality, LowCardinality map keys). */
const COLUMNS: NativeColumn<keyof Row>[] = [
  { name: 'Text', type: 'String' },
  { name: 'Kind', type: 'String' },
  { name: 'Small', type: 'UInt8' },
  { name: 'Port', type: 'UInt16' },
  { name: 'Count', type: 'UInt32' },
  { name: 'Big', type: 'UInt64' },
  { name: 'Ratio', type: 'Float64' },
  { name: 'AtMs', type: 'DateTime64(3)' },
  { name: 'AtNs', type: 'DateTime64(9)' },
  { name: 'Attributes', type: 'Map(String, String)' },
  { name: 'Tags', type: 'Array(String)' },
  { name: 'Times', type: 'Array(DateTime64(9))' },
  { name: 'Maps', type: 'Array(Map(String, String))' },
];

const TABLE = `CREATE TABLE t (
  Text String, Kind LowCardinality(String), Small UInt8, Port UInt16,
  Count UInt32, Big UInt64, Ratio Float64, AtMs DateTime64(3), AtNs DateTime64(9),
  Attributes Map(LowCardinality(String), String), Tags Array(String), Times Array(DateTime64(9)),
  Maps Array(Map(LowCardinality(String), String))
) ENGINE = MergeTree ORDER BY tuple()`;

/** What the engine stored, read back as integers and strings so nothing is lost to JSON numbers. */
const READ_BACK = `SELECT Text, Kind, Small, Port, Count, toString(Big) AS Big, Ratio,
  toUnixTimestamp64Milli(AtMs) AS AtMs, toString(toUnixTimestamp64Nano(AtNs)) AS AtNs, Attributes, Tags,
  arrayMap(t -> toString(toUnixTimestamp64Nano(t)), Times) AS Times, Maps
  FROM t SETTINGS max_threads = 1`; // one part (inserts are squashed), read in insertion order

const baseRow: Row = {
  Text: '',
  Kind: 'Server',
  Small: 0,
  Port: 0,
  Count: 0,
  Big: '0',
  Ratio: 0,
  AtMs: 0,
  AtNs: '0',
  Attributes: {},
  Tags: [],
  Times: [],
  Maps: [],
};

describe('Native block encoding, read by the real engine', () => {
  const temporary = useTemporaryStore();

  async function roundTrip(blocks: Row[][]): Promise<Row[]> {
    await temporary.store.command('DROP TABLE IF EXISTS t');
    await temporary.store.command(TABLE);
    await temporary.store.insertRows(
      't',
      COLUMNS.map((column) => column.name),
      blocks.map((rows) => encodeNativeBlock(COLUMNS, rows)),
    );
    return temporary.store.query<Row>(READ_BACK);
  }

  it('keeps every value of every type, including edges of lengths and integer widths', async () => {
    const rows: Row[] = [
      {
        Text: 'plain ascii',
        Kind: 'Client',
        Small: 255,
        Port: 65_535,
        Count: 4_294_967_295,
        Big: '18446744073709551615',
        Ratio: 0.125,
        AtMs: 1_733_000_000_123,
        AtNs: '1733000000123456789',
        Attributes: { 'session.id': 'f3b5c2e0-0d4e-4c1a-9d6e-6a1f0f1e2d3c', 'http.route': '/api/cart' },
        Tags: ['a', '', 'ccc'],
        Times: ['1733000000000000001', '9007199254740993'],
        Maps: [{ k: 'v' }, {}, { é: '✓', '': '' }],
      },
      {
        ...baseRow,
        Text: 'é'.repeat(42), // 42 units, 84 bytes: non-ASCII from the first unit, so through the UTF-8 encoder
        Big: '9007199254740993', // past 2^53: must not round through a double
        AtNs: '999999999999999',
      },
      { ...baseRow, Text: `${'x'.repeat(42)}✓`, Attributes: { long: 'y'.repeat(20_000) } },
      { ...baseRow, Text: '😀 a surrogate pair, then "quotes", \\ and a\nnewline\t' },
      // Lengths at the one-, two- and three-byte boundaries, ASCII and not (a late non-ASCII unit restarts the string).
      { ...baseRow, Text: 'z'.repeat(128), Tags: ['q'.repeat(16_384), 'w'.repeat(16_383), 'a'.repeat(127)] },
      { ...baseRow, Text: `${'v'.repeat(200)}é`, Tags: [`${'u'.repeat(16_382)}✓`, `${'t'.repeat(126)}é`] },
    ];
    expect(await roundTrip([rows])).toEqual(rows);
  });

  it('reads blocks written back to back as one insert', async () => {
    const first = [{ ...baseRow, Text: 'one' }];
    const second = [
      { ...baseRow, Text: 'two', Tags: ['t'] },
      { ...baseRow, Text: 'three', Attributes: { a: 'b' } },
    ];
    expect((await roundTrip([first, [], second])).map((row) => row.Text)).toEqual(['one', 'two', 'three']);
  });

  it('leaves no insert file behind, after a stored batch and after a refused one', async () => {
    await roundTrip([[baseRow]]);
    const refused = temporary.store.insertRows('no_such_table', ['Text'], [encodeNativeBlock(COLUMNS, [baseRow])]);
    await expect(refused).rejects.toThrow(/no_such_table/);
    expect(readdirSync(join(temporary.dataDir, 'rumlink-inserts'))).toEqual([]);
  });

  it('writes any Unicode string and map the engine reads back unchanged (property)', async () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 80 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ Text: text, Attributes: fc.dictionary(text, text, { maxKeys: 4 }), Tags: fc.array(text) }),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        async (generated) => {
          const rows = generated.map((row) => ({ ...baseRow, ...row }));
          const stored = await roundTrip([rows]);
          expect(stored.map((row) => row.Text)).toEqual(rows.map((row) => row.Text));
          expect(stored.map((row) => row.Tags)).toEqual(rows.map((row) => row.Tags));
          expect(stored.map((row) => row.Attributes)).toEqual(rows.map((row) => row.Attributes));
        },
      ),
      { numRuns: 40 },
    );
  });
});
