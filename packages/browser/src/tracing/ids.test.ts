import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSpanId, createTraceId, createUuid, decimalToHex, drainRandomPool, hexToDecimal } from './ids.js';

const hex16 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 16, maxLength: 16 });

describe('createTraceId / createSpanId', () => {
  afterEach(() => vi.restoreAllMocks());

  it('are 32 / 16 lowercase hex and never all zero', () => {
    for (let i = 0; i < 2000; i++) {
      expect(createTraceId()).toMatch(/^[0-9a-f]{32}$/);
      expect(createSpanId()).toMatch(/^[0-9a-f]{16}$/);
      expect(createTraceId()).not.toMatch(/^0+$/);
      expect(createSpanId()).not.toMatch(/^0+$/);
    }
  });

  it('are different on every call', () => {
    const ids = new Set(Array.from({ length: 1000 }, createTraceId));
    expect(ids.size).toBe(1000);
  });

  it('make each hex digit from one random byte’s low four bits, in order, each id continuing where the last ended', () => {
    drainRandomPool();
    vi.spyOn(crypto, 'getRandomValues').mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
      const bytes = array as unknown as Uint8Array;
      for (let i = 0; i < bytes.length; i++) bytes[i] = [0x00, 0x0f, 0x10, 0xff, 0xab][i % 5]!;
      return array;
    });
    expect(createTraceId()).toBe('0f0fb0f0fb0f0fb0f0fb0f0fb0f0fb0f');
    expect(createSpanId()).toBe('0fb0f0fb0f0fb0f0');
    drainRandomPool();
  });

  it('draw again when the digits are all zero (or the trace id is zero in its low 64 bits)', () => {
    drainRandomPool();
    const zeros = (count: number) => new Array<number>(count).fill(0xf0); // high bits set, low four bits zero
    const digits = [
      ...zeros(32), // all zero
      ...new Array<number>(16).fill(0x07), // then the low 64 bits zero: invalid as a Datadog id
      ...zeros(16),
      ...zeros(31),
      0x09,
      ...zeros(16), // a zero span id
      ...zeros(15),
      0x01,
    ];
    const spy = vi
      .spyOn(crypto, 'getRandomValues')
      .mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
        const bytes = array as unknown as Uint8Array;
        bytes.fill(0x05);
        bytes.set(digits);
        return array;
      });
    expect(createTraceId()).toBe('00000000000000000000000000000009');
    expect(createSpanId()).toBe('0000000000000001');
    expect(spy).toHaveBeenCalledTimes(1); // one draw for the pool
    drainRandomPool();
  });

  it('property: random ids are lowercase hex of the right length, never zero, and survive the decimal round trip', () => {
    fc.assert(
      fc.property(fc.integer(), () => {
        const traceId = createTraceId();
        const spanId = createSpanId();
        expect(traceId).toMatch(/^[0-9a-f]{32}$/);
        expect(spanId).toMatch(/^[0-9a-f]{16}$/);
        expect(/[^0]/.test(traceId) && /[^0]/.test(spanId)).toBe(true);
        expect(decimalToHex(hexToDecimal(spanId))).toBe(spanId);
        expect(decimalToHex(hexToDecimal(traceId.slice(16)))).toBe(traceId.slice(16));
      }),
      { numRuns: 500 },
    );
  });
});

describe('hexToDecimal / decimalToHex (Datadog wire form)', () => {
  // Values from dd-trace's 128-bit trace id example and the 64-bit edges.
  it.each([
    ['abcdef1234567890', '12379813812177893520'],
    ['640cfd8d00000000', '7209415885545537536'],
    ['0000000000000001', '1'],
    ['000000000000007b', '123'],
    ['00000000000001c8', '456'],
    ['7fffffffffffffff', '9223372036854775807'],
    ['8000000000000000', '9223372036854775808'],
    ['ffffffffffffffff', '18446744073709551615'],
  ])('%s ⇄ %s', (hex, decimal) => {
    expect(hexToDecimal(hex)).toBe(decimal);
    expect(decimalToHex(decimal)).toBe(hex);
  });

  it('hexToDecimal reads zero', () => {
    expect(hexToDecimal('0000000000000000')).toBe('0');
  });

  it.each([
    ['0'],
    ['00000000000000000000'],
    ['18446744073709551616'], // 2^64
    ['99999999999999999999'],
    ['123456789012345678901'], // 21 digits
    [''],
    ['-1'],
    ['+1'],
    ['1.5'],
    ['1e3'],
    ['0x10'],
    [' 1'],
    ['abc'],
    ['１２'], // full-width digits
  ])('decimalToHex(%j) is undefined', (decimal) => {
    expect(decimalToHex(decimal)).toBeUndefined();
  });

  it('decimalToHex accepts leading zeros', () => {
    expect(decimalToHex('00000000000000000123')).toBe('000000000000007b');
  });

  it('property: decimalToHex(hexToDecimal(x)) === x for every non-zero 16-hex x', () => {
    fc.assert(
      fc.property(
        hex16.filter((x) => /[^0]/.test(x)),
        (x) => {
          const decimal = hexToDecimal(x);
          expect(decimal).toBe(BigInt(`0x${x}`).toString());
          expect(decimalToHex(decimal)).toBe(x);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('property: decimalToHex matches BigInt for every integer up to and beyond 2^64', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 66n) - 1n }), (n) => {
        const expected = n > 0n && n < 1n << 64n ? n.toString(16).padStart(16, '0') : undefined;
        expect(decimalToHex(n.toString())).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('createUuid', () => {
  it('makes RFC 4122 version 4 UUIDs without crypto.randomUUID', () => {
    const ids = new Set(Array.from({ length: 1000 }, createUuid));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[\da-f]{8}-[\da-f]{4}-4[\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/);
  });
});
