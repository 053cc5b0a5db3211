import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BAGGAGE_LIMITS, formatBaggageHeader, parseBaggageHeader } from './baggage-header.js';

const SESSION = 'session.id=3f1c8c8e-4b8a-4f3e-9d3a-0f6b1e2d4c5a';
const members = (header: string) => {
  const parsed = parseBaggageHeader(header);
  return 'members' in parsed ? parsed.members : parsed;
};

describe('parseBaggageHeader', () => {
  it.each<[string, string, object]>([
    ['the browser SDK header', SESSION, [{ key: 'session.id', value: '3f1c8c8e-4b8a-4f3e-9d3a-0f6b1e2d4c5a' }]],
    [
      'whitespace and empty members',
      ' a = 1 ,, b=2 ',
      [
        { key: 'a', value: '1' },
        { key: 'b', value: '2' },
      ],
    ],
    ['percent-encoded UTF-8', 'user=J%C3%BCrgen%20M', [{ key: 'user', value: 'Jürgen M' }]],
    ['properties', 'a=1;ttl=5;private', [{ key: 'a', value: '1', properties: 'ttl=5;private' }]],
    ['a value with "="', 'a=x=y', [{ key: 'a', value: 'x=y' }]],
  ])('reads %s', (_, header, expected) => expect(members(header)).toEqual(expected));

  it.each([
    ['bad percent-encoding', 'bad=%E0%A4%A,', 'not valid percent-encoded UTF-8'],
    ['a truncated escape', 'bad=100%,', 'not valid percent-encoded UTF-8'],
    ['a key that is not a token', 'a b=1,', 'is not a token'],
    ['no "="', 'flag,', 'no "="'],
    ['an empty value', 'empty=,', 'is empty'],
    ['a space in the value', 'v=a b,', 'characters baggage does not allow'],
  ])('skips a member with %s and keeps the others', (_, bad, reason) => {
    const parsed = parseBaggageHeader(`${bad}${SESSION}`);
    expect(parsed).toEqual({
      members: [{ key: 'session.id', value: '3f1c8c8e-4b8a-4f3e-9d3a-0f6b1e2d4c5a' }],
      skipped: [expect.stringContaining(reason)],
    });
  });

  it('never puts a value in a skip reason (baggage may carry user data)', () => {
    const parsed = parseBaggageHeader('secret=p%ZZassword');
    expect(JSON.stringify(parsed)).not.toContain('assword');
  });

  it('rejects a header over 64 list-members whole, even with session.id first', () => {
    const header = [SESSION, ...Array.from({ length: 64 }, (_, i) => `k${i}=v`)].join(',');
    expect(parseBaggageHeader(header)).toEqual({ rejected: 'more than 64 list-members' });
    expect(members([SESSION, ...Array.from({ length: 63 }, (_, i) => `k${i}=v`)].join(','))).toHaveLength(64);
  });

  it('rejects a header over 8192 bytes whole', () => {
    const filler = `pad=${'x'.repeat(BAGGAGE_LIMITS.maxBytes - SESSION.length - 5)}`;
    expect(members(`${SESSION},${filler}`)).toHaveLength(2);
    expect(parseBaggageHeader(`${SESSION},${filler}x`)).toEqual({ rejected: '8193 bytes, over the 8192-byte limit' });
  });
});

describe('formatBaggageHeader', () => {
  it('percent-encodes values and keeps properties', () => {
    expect(
      formatBaggageHeader([
        ['session.id', { value: 'abc' }],
        ['user', { value: 'Jürgen M,;' }],
        ['a', { value: '1', properties: 'ttl=5' }],
      ]),
    ).toBe('session.id=abc,user=J%C3%BCrgen%20M%2C%3B,a=1;ttl=5');
  });

  it('leaves out keys that are not tokens and values that are not valid UTF-16', () => {
    expect(
      formatBaggageHeader([
        ['a b', { value: '1' }],
        ['lone', { value: '\ud800' }],
        ['ok', { value: '1' }],
      ]),
    ).toBe('ok=1');
  });

  it('stays within the limits without cutting a member', () => {
    const many = Array.from({ length: 70 }, (_, i) => [`k${i}`, { value: 'v' }] as const);
    expect(formatBaggageHeader(many).split(',')).toHaveLength(64);
    const big = formatBaggageHeader([
      ['a', { value: 'x'.repeat(5000) }],
      ['b', { value: 'y'.repeat(5000) }],
      ['session.id', { value: 'abc' }],
    ]);
    expect(big).toBe(`a=${'x'.repeat(5000)},session.id=abc`);
  });

  it('round-trips any entries through parse', () => {
    const key = fc.stringMatching(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,20}$/);
    const value = fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' });
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(key, value), { maxLength: 20, selector: ([k]) => k }), (entries) => {
        const header = formatBaggageHeader(entries.map(([k, v]) => [k, { value: v }]));
        const parsed = header === '' ? [] : members(header);
        expect(parsed).toEqual(entries.map(([k, v]) => ({ key: k, value: v })));
      }),
    );
  });
});
