import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyValueToString, attributesToMap, truncate } from './any-value.js';
import { int64ToDecimal, uint64Difference, uint64ToDecimal } from './int64.js';
import type { AnyValueMessage, Int64 } from './messages.js';
import { otlpProtoTypes } from './proto-types.js';

const bits = (value: bigint) => {
  const unsigned = BigInt.asUintN(64, value);
  return { low: Number(unsigned & 0xffffffffn) | 0, high: Number(unsigned >> 32n) | 0 };
};
const long = (value: bigint): Int64 => ({ ...bits(value), unsigned: true });

describe('64-bit integers to decimal', () => {
  it('matches BigInt for every unsigned value', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (value) => {
        const { low, high } = bits(value);
        expect(uint64ToDecimal(low, high)).toBe(value.toString());
      }),
      { numRuns: 5000 },
    );
  });

  it('matches BigInt for every signed value', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }), (value) => {
        const { low, high } = bits(value);
        expect(int64ToDecimal(low, high)).toBe(value.toString());
      }),
      { numRuns: 5000 },
    );
  });

  it('gets the edges right', () => {
    const edges = [
      0n,
      1n,
      (1n << 53n) - 1n,
      1n << 53n,
      (1n << 53n) + 1n,
      (1n << 63n) - 1n,
      1n << 63n,
      (1n << 64n) - 1n,
    ];
    for (const value of edges) expect(uint64ToDecimal(bits(value).low, bits(value).high)).toBe(value.toString());
    expect(int64ToDecimal(bits(-1n).low, bits(-1n).high)).toBe('-1');
    expect(int64ToDecimal(bits(-(1n << 63n)).low, bits(-(1n << 63n)).high)).toBe('-9223372036854775808');
  });

  it('subtracts unsigned values exactly and clamps negative differences to 0', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        (a, b) => {
          expect(uint64Difference(long(a), long(b))).toBe(a >= b ? (a - b).toString() : '0');
        },
      ),
      { numRuns: 5000 },
    );
  });
});

/** AnyValue exactly as protobufjs decodes it from the wire. */
function decoded(value: Record<string, unknown>): AnyValueMessage {
  const type = otlpProtoTypes().traceRequest.lookupType('opentelemetry.proto.common.v1.AnyValue');
  return type.decode(type.encode(type.fromObject(value)).finish()) as unknown as AnyValueMessage;
}

describe('anyValueToString', () => {
  it.each([
    ['string', { stringValue: 'héllo' }, 'héllo'],
    ['empty string', { stringValue: '' }, ''],
    ['true', { boolValue: true }, 'true'],
    ['false (the proto default, still set)', { boolValue: false }, 'false'],
    ['zero int', { intValue: 0 }, '0'],
    ['int64 max', { intValue: '9223372036854775807' }, '9223372036854775807'],
    ['negative int', { intValue: '-42' }, '-42'],
    ['double', { doubleValue: 0.1 }, '0.1'],
    ['large double', { doubleValue: 1e21 }, '1e+21'],
    ['bytes', { bytesValue: Buffer.from([0xde, 0xad, 0xbe, 0xef]) }, '3q2+7w=='],
    ['empty value', {}, ''],
    [
      'array of mixed values',
      {
        arrayValue: {
          values: [{ stringValue: 'a"b' }, { intValue: '-1' }, { doubleValue: 1.5 }, { boolValue: true }, {}],
        },
      },
      '["a\\"b",-1,1.5,true,null]',
    ],
    [
      'kvlist with nested list, bytes and non-finite double',
      {
        kvlistValue: {
          values: [
            { key: 'list', value: { arrayValue: { values: [{ bytesValue: Buffer.from([1]) }] } } },
            { key: 'inf', value: { doubleValue: Number.POSITIVE_INFINITY } },
            { key: 'missing' },
          ],
        },
      },
      '{"list":["AQ=="],"inf":"Infinity","missing":null}',
    ],
    ['empty array', { arrayValue: {} }, '[]'],
    ['empty kvlist', { kvlistValue: {} }, '{}'],
  ])('%s', (_name, value, expected) => {
    expect(anyValueToString(decoded(value), 8192)).toBe(expected);
  });

  it('treats a missing value as empty', () => {
    expect(anyValueToString(null, 10)).toBe('');
  });
});

describe('attributesToMap', () => {
  it('keeps a __proto__ key as an ordinary attribute and lets a repeated key keep its last value', () => {
    const map = attributesToMap(
      [
        { key: '__proto__', value: decoded({ stringValue: 'polluted?' }) },
        { key: 'a', value: decoded({ stringValue: 'first' }) },
        { key: 'a', value: decoded({ stringValue: 'second' }) },
      ],
      100,
    );
    expect(Object.getPrototypeOf(map)).toBe(Object.prototype);
    expect(Object.entries(map)).toEqual([
      ['__proto__', 'polluted?'],
      ['a', 'second'],
    ]);
    expect(JSON.parse(JSON.stringify(map))).toEqual(map);
  });
});

describe('truncate', () => {
  it('cuts to the limit without splitting a surrogate pair', () => {
    expect(truncate('abcdef', 3)).toBe('abc');
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('ab😀cd', 3)).toBe('ab');
    expect(truncate('ab😀cd', 4)).toBe('ab😀');
    expect(truncate('abc', 0)).toBe('');
  });
});
