import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex, decimalToHex16, normalizeSpanId, normalizeTraceId, traceIdFromDatadog } from './ids.js';

describe('identifier normalisation', () => {
  it.each([
    ['4BF92F3577B34DA6A3CE929D0E0E4736', '4bf92f3577b34da6a3ce929d0e0e4736'],
    ['a3ce929d0e0e4736', '0000000000000000a3ce929d0e0e4736'],
    ['00000000000000000000000000000000', undefined],
    ['4bf92f3577b34da6a3ce929d0e0e473', undefined],
    ['4bf92f3577b34da6a3ce929d0e0e473g', undefined],
    [42, undefined],
  ])('trace id %s → %s', (input, expected) => {
    expect(normalizeTraceId(input)).toBe(expected);
  });

  it.each([
    ['00F067AA0BA902B7', '00f067aa0ba902b7'],
    ['0000000000000000', undefined],
    ['f067aa0ba902b7', undefined],
  ])('span id %s → %s', (input, expected) => {
    expect(normalizeSpanId(input)).toBe(expected);
  });

  it('reads Datadog decimal ids (dd-trace: low 64 bits decimal, _dd.p.tid high 64 bits hex)', () => {
    expect(decimalToHex16('18446744073709551615')).toBe('ffffffffffffffff');
    expect(decimalToHex16('18446744073709551616')).toBeUndefined();
    expect(decimalToHex16('0')).toBeUndefined();
    expect(decimalToHex16('-1')).toBeUndefined();
    expect(traceIdFromDatadog('1234567890123456789')).toBe(
      '000000000000000011223344eeddccbb'.replace(
        '11223344eeddccbb',
        1234567890123456789n.toString(16).padStart(16, '0'),
      ),
    );
    expect(traceIdFromDatadog('1', '640cfd8d00000000')).toBe('640cfd8d000000000000000000000001');
    expect(traceIdFromDatadog('1', 'not-hex')).toBe('00000000000000000000000000000001');
  });

  it('round-trips any 64-bit id through decimal', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }), (id) => {
        expect(decimalToHex16(id.toString())).toBe(id.toString(16).padStart(16, '0'));
      }),
    );
  });

  it('hex-encodes id bytes', () => {
    expect(bytesToHex(new Uint8Array([0, 15, 255]))).toBe('000fff');
    expect(bytesToHex(undefined)).toBe('');
  });
});
