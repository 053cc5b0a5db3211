import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalToHex64, formatTraceparent, hex64ToDecimal, joinTraceId, splitTraceId } from './ids.js';

describe('decimalToHex64', () => {
  it.each([
    ['123', '000000000000007b'],
    ['12379813812177893520', 'abcdef1234567890'],
    ['18446744073709551615', 'ffffffffffffffff'],
    [' 0042 ', '000000000000002a'],
    // dd-trace reads signed ids as their uint64 value.
    ['-123', 'ffffffffffffff85'],
  ])('%j → %s', (decimal, hex) => expect(decimalToHex64(decimal)).toBe(hex));

  it.each([
    '0',
    '-0',
    '18446744073709551616',
    '-9223372036854775809',
    '123456789012345678901',
    '',
    'abc',
    '1e3',
    '0x10',
    '12 34',
    '+5',
    undefined,
  ])('rejects %j', (decimal) => expect(decimalToHex64(decimal)).toBeUndefined());

  it('round-trips every non-zero 64-bit id', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }), (id) => {
        const hex = id.toString(16).padStart(16, '0');
        expect(decimalToHex64(hex64ToDecimal(hex))).toBe(hex);
      }),
    );
  });
});

describe('trace id halves', () => {
  it('splits and joins; a missing high half is zeros', () => {
    expect(splitTraceId('640cfd8d00000000abcdef1234567890')).toEqual({
      high: '640cfd8d00000000',
      low: 'abcdef1234567890',
    });
    expect(joinTraceId(undefined, 'abcdef1234567890')).toBe('0000000000000000abcdef1234567890');
  });
});

describe('formatTraceparent', () => {
  it('writes version 00 and the flags as two hex digits', () => {
    const ids = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' };
    expect(formatTraceparent({ ...ids, traceFlags: 1 })).toBe(
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    );
    expect(formatTraceparent({ ...ids, traceFlags: 0 })).toBe(
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00',
    );
  });
});
