/**
 * Rows as one block of ClickHouse's Native format: a header (column count, row count), then each column whole:
 * name, type, values. It is close to the engine's own in-memory layout, so reading it costs little more than a copy:
 * for the span table chDB spent about 5 µs of CPU per row on these inserts against 11 µs for the same rows as
 * JSONCompactEachRow (merges stopped, 4,096-row inserts), and that parse was the largest cost of ingest we control.
 *
 * Types are the plain forms of the tables' types (`String` for `LowCardinality(String)`, `Map(String, String)` for
 * the attribute maps): the insert casts them. Writing LowCardinality dictionaries here instead was tried and made no
 * measurable difference to the insert's CPU, so the encoder stays without them.
 */

/** The types this encoder writes, named as ClickHouse names them (the name goes into the block). */
export type NativeType =
  | 'String'
  | 'UInt8'
  | 'UInt16'
  | 'UInt32'
  | 'UInt64'
  | 'Float64'
  | 'DateTime64(3)'
  | 'DateTime64(9)'
  | 'Map(String, String)'
  | 'Array(String)'
  | 'Array(DateTime64(9))'
  | 'Array(Map(String, String))';

export interface NativeColumn<Name extends string = string> {
  name: Name;
  type: NativeType;
}

type StringMap = Record<string, string>;

/**
 * Integer values arrive as JS numbers (milliseconds, counters) or, past 2^53, as decimal strings (nanoseconds).
 * Decimal strings of up to 15 digits are exact as numbers; longer ones go through BigInt.
 */
type Integer = number | string;

const TWO_32 = 4_294_967_296;

/** A growing byte buffer with the primitives of ClickHouse's binary encoding (little-endian, LEB128 lengths). */
class BlockBytes {
  bytes: Buffer;
  length = 0;

  constructor(expectedBytes: number) {
    this.bytes = Buffer.allocUnsafeSlow(expectedBytes);
  }

  reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(this.bytes.length * 2, this.length + extra));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }

  varUInt(value: number): void {
    this.reserve(10);
    let rest = value;
    while (rest >= 0x80) {
      this.bytes[this.length++] = (rest % 0x80) | 0x80;
      rest = Math.floor(rest / 0x80);
    }
    this.bytes[this.length++] = rest;
  }

  string(value: string): void {
    const units = value.length;
    this.reserve(units * 3 + 10);
    const bytes = this.bytes;
    // Strings are ASCII far more often than not (keys, ids, routes, user agents): their length in bytes is their
    // length in units, so the length goes first and the characters are copied inline, which costs less than a call
    // into the UTF-8 encoder. A non-ASCII character sends the string back through the encoder, from its start.
    if (units < 0x4000) {
      const start = this.length + (units < 0x80 ? 1 : 2);
      let i = 0;
      while (i < units) {
        const unit = value.charCodeAt(i);
        if (unit >= 0x80) break;
        bytes[start + i++] = unit;
      }
      if (i === units) {
        if (units < 0x80) bytes[this.length] = units;
        else {
          bytes[this.length] = (units & 0x7f) | 0x80;
          bytes[this.length + 1] = units >>> 7;
        }
        this.length = start + units;
        return;
      }
    }
    const byteLength = Buffer.byteLength(value);
    this.varUInt(byteLength);
    this.reserve(byteLength);
    this.length += this.bytes.write(value, this.length);
  }

  uint(value: number, size: 1 | 2 | 4): void {
    this.reserve(size);
    // Truncated to the column's width, as ClickHouse's own text parsers do with out-of-range integers.
    for (let i = 0, rest = value >>> 0; i < size; i++, rest >>>= 8) this.bytes[this.length++] = rest & 0xff;
  }

  /** Int64 and UInt64 share their bytes for the values that occur here (times, durations, versions, offsets). */
  int64(value: Integer): void {
    this.reserve(8);
    const number = typeof value === 'number' ? Math.round(value) : value.length <= 15 ? Number(value) : Number.NaN;
    const bytes = this.bytes;
    const at = this.length;
    this.length += 8;
    if (number >= 0 && number < TWO_32) {
      // Offsets and millisecond counts: the common case, without Buffer's checked writers.
      bytes[at] = number;
      bytes[at + 1] = number >>> 8;
      bytes[at + 2] = number >>> 16;
      bytes[at + 3] = number >>> 24;
      bytes[at + 4] = bytes[at + 5] = bytes[at + 6] = bytes[at + 7] = 0;
    } else if (Number.isSafeInteger(number) && number > 0) {
      const low = number % TWO_32;
      bytes.writeUInt32LE(low, at);
      bytes.writeUInt32LE((number - low) / TWO_32, at + 4);
    } else {
      // Nanosecond times (19 digits) and anything past 2^53 or negative: exact through BigInt.
      const exact = BigInt(typeof value === 'number' ? Math.round(value) : value);
      bytes.writeBigInt64LE(BigInt.asIntN(64, exact), at);
    }
  }

  float64(value: number): void {
    this.reserve(8);
    this.length = this.bytes.writeDoubleLE(value, this.length);
  }
}

/** Writes the values of one column, in the layout of its type: offsets before contents for arrays and maps. */
function writeValues(out: BlockBytes, type: NativeType, values: readonly unknown[]): void {
  switch (type) {
    case 'String':
      for (const value of values as string[]) out.string(value);
      return;
    case 'UInt8':
      for (const value of values as number[]) out.uint(value, 1);
      return;
    case 'UInt16':
      for (const value of values as number[]) out.uint(value, 2);
      return;
    case 'UInt32':
      for (const value of values as number[]) out.uint(value, 4);
      return;
    case 'UInt64':
    case 'DateTime64(3)':
    case 'DateTime64(9)':
      for (const value of values as Integer[]) out.int64(value);
      return;
    case 'Float64':
      for (const value of values as number[]) out.float64(value);
      return;
    case 'Map(String, String)':
      writeMaps(out, values as StringMap[]);
      return;
    case 'Array(String)':
      writeArrays(out, values as string[][], 'String');
      return;
    case 'Array(DateTime64(9))':
      writeArrays(out, values as Integer[][], 'DateTime64(9)');
      return;
    case 'Array(Map(String, String))':
      writeArrays(out, values as StringMap[][], 'Map(String, String)');
      return;
  }
}

/** Array(T): each row's end offset (UInt64, cumulative), then every element of every row as a column of T. */
function writeArrays(out: BlockBytes, arrays: readonly (readonly unknown[])[], elementType: NativeType): void {
  let offset = 0;
  for (const array of arrays) {
    offset += array.length;
    out.int64(offset);
  }
  // Most spans have no events and no links: nothing more to write then.
  if (offset > 0) writeValues(out, elementType, arrays.flat());
}

/**
 * Map(K, V) is Array(Tuple(K, V)): end offsets, then all keys, then all values. Rows of one resource share their
 * resource's map object, so a map that is the previous row's is copied as bytes rather than encoded again.
 */
function writeMaps(out: BlockBytes, maps: readonly StringMap[]): void {
  let offset = 0;
  for (const map of maps) {
    for (const _ in map) offset++;
    out.int64(offset);
  }
  for (const part of [writeKeys, writeMapValues]) {
    let previous: StringMap | undefined;
    let start = 0;
    let end = 0;
    for (const map of maps) {
      if (map === previous) {
        out.reserve(end - start);
        out.bytes.copyWithin(out.length, start, end);
        out.length += end - start;
        continue;
      }
      start = out.length;
      part(out, map);
      end = out.length;
      previous = map;
    }
  }
}

function writeKeys(out: BlockBytes, map: StringMap): void {
  for (const key in map) out.string(key);
}

function writeMapValues(out: BlockBytes, map: StringMap): void {
  for (const key in map) out.string(map[key]!);
}

/** One Native block of `rows`, column by column. Blocks can be concatenated: a reader takes them one after another. */
export function encodeNativeBlock<Row>(
  columns: readonly NativeColumn<keyof Row & string>[],
  rows: readonly Row[],
): Buffer {
  // About what a span row takes (~630 bytes), so a block rarely grows.
  const out = new BlockBytes(4096 + rows.length * 768);
  out.varUInt(columns.length);
  out.varUInt(rows.length);
  const values = new Array<unknown>(rows.length);
  for (const { name, type } of columns) {
    out.string(name);
    out.string(type);
    for (let i = 0; i < rows.length; i++) values[i] = rows[i]![name];
    writeValues(out, type, values);
  }
  return out.bytes.subarray(0, out.length);
}
