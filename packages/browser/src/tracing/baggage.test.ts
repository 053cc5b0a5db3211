import { type Context, propagation, ROOT_CONTEXT, type TextMapGetter, type TextMapSetter } from '@opentelemetry/api';
import { W3CBaggagePropagator } from '@opentelemetry/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeBaggage as mergeEntries, parseBaggage } from './baggage.js';

/** The SDK passes its entries as a Map; these tests write most of them as records. */
const mergeBaggage = (existing: string | null | undefined, entries: Map<string, string> | Record<string, string>) =>
  mergeEntries(existing, entries instanceof Map ? entries : Object.entries(entries));

type Carrier = Record<string, string>;
const getter: TextMapGetter<Carrier> = { get: (c, k) => c[k], keys: (c) => Object.keys(c) };
const setter: TextMapSetter<Carrier> = {
  set: (c, k, v) => {
    c[k] = v;
  },
};

const TOKEN_CHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const isToken = (s: string) => s.length > 0 && [...s].every((c) => TOKEN_CHARS.includes(c));
/** baggage-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E — written out independently of the implementation. */
const isBaggageOctet = (code: number) =>
  code === 0x21 ||
  (code >= 0x23 && code <= 0x2b) ||
  (code >= 0x2d && code <= 0x3a) ||
  (code >= 0x3c && code <= 0x5b) ||
  (code >= 0x5d && code <= 0x7e);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNRESERVED = new Set(
  [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()"].map((c) => c.charCodeAt(0)),
);
const encoder = new TextEncoder();
/** Length of encodeURIComponent(value), computed from the UTF-8 bytes. */
const encodedLength = (value: string) => {
  let n = 0;
  for (const byte of encoder.encode(value)) n += UNRESERVED.has(byte) ? 1 : 3;
  return n;
};
const eligible = (key: string, value: unknown): value is string =>
  isToken(key) && !key.includes('%') && typeof value === 'string' && value !== '' && !LONE_SURROGATE.test(value);

const tricky = [
  'hello world',
  'a,b;c',
  '100%',
  '%25 is not decoded twice',
  'k=v=w',
  'café',
  'Amélie',
  '🎉🚀',
  '"quoted"',
  'back\\slash',
  ' leading and trailing ',
  'tab\there',
  'new\nline',
  '+plus+',
  '日本語',
];

describe('mergeBaggage', () => {
  it.each<[string, string | null | undefined, Map<string, string> | Record<string, string>, string | undefined]>([
    ['nothing at all', undefined, {}, undefined],
    ['an empty app header and no entries', '', new Map(), undefined],
    ['a whitespace-only app header', ' , ,', {}, undefined],
    [
      'SDK entries only, in insertion order',
      null,
      new Map([
        ['session.id', 'abc'],
        ['b', '1'],
      ]),
      'session.id=abc,b=1',
    ],
    [
      'a Record',
      undefined,
      { userId: 'alice', serverNode: 'DF 28', isProduction: 'false' },
      'userId=alice,serverNode=DF%2028,isProduction=false',
    ],
    ['non-ASCII (spec example)', undefined, { userId: 'Amélie' }, 'userId=Am%C3%A9lie'],
    [
      'reserved characters and %',
      undefined,
      { a: 'x,y;z', b: '100%', c: 'k=v', d: '"\\' },
      'a=x%2Cy%3Bz,b=100%25,c=k%3Dv,d=%22%5C',
    ],
    ['the app header alone', 'a=1', {}, 'a=1'],
    [
      'app members first, verbatim (properties kept), SDK appended',
      'key1=value1;property1;property2, key2 = value2',
      { sdk: 'x' },
      'key1=value1;property1;property2,key2 = value2,sdk=x',
    ],
    [
      'app keys win over SDK keys',
      'session.id=from-app;p=1',
      new Map([
        ['session.id', 'sdk'],
        ['x', 'y'],
      ]),
      'session.id=from-app;p=1,x=y',
    ],
    ['app key written with spaces still wins', ' k =1', { k: 'sdk' }, 'k =1'],
    [
      'keys that are not tokens are skipped',
      undefined,
      { 'has space': '1', 'a,b': '2', é: '3', '': '4', 'a=b': '5', 'a(b)': '6', ok: '7' },
      'ok=7',
    ],
    ['keys with % are skipped', undefined, { 'a%41': '1', ok: '2' }, 'ok=2'],
    ['empty values are skipped', undefined, { empty: '', ok: '1' }, 'ok=1'],
    ['lone surrogates are skipped', undefined, { bad: 'x\uD800y', bad2: '\uDFFF', ok: '😀' }, 'ok=%F0%9F%98%80'],
    ['empty app members are dropped', 'a=1,,  ,b=2,', {}, 'a=1,b=2'],
  ])('%s', (_name, existing, entries, expected) => {
    expect(mergeBaggage(existing, entries)).toBe(expected);
  });

  it('keeps at most 64 members, app members first', () => {
    const app = Array.from({ length: 60 }, (_, i) => `app${i}=v`).join(',');
    const sdk = new Map(Array.from({ length: 10 }, (_, i) => [`sdk${i}`, 'v'] as [string, string]));
    const merged = mergeBaggage(app, sdk)!;
    const members = merged.split(',');
    expect(members).toHaveLength(64);
    expect(members.slice(0, 60).join(',')).toBe(app);
    expect(members.slice(60)).toStrictEqual(['sdk0=v', 'sdk1=v', 'sdk2=v', 'sdk3=v']);

    const tooManyApp = Array.from({ length: 70 }, (_, i) => `a${i}=v`).join(',');
    expect(mergeBaggage(tooManyApp, { s: 'v' })!.split(',')).toStrictEqual(tooManyApp.split(',').slice(0, 64));
  });

  it('keeps at most 8192 bytes, dropping whole members and still fitting later small ones', () => {
    const big = 'x'.repeat(4000);
    const merged = mergeBaggage(`a=${big},b=${big}`, { c: big, d: 'y'.repeat(200), e: 'small' })!;
    // a (4002) + , + b (4002) = 8005; c (4002) does not fit; d (202) fits exactly? 8005 + 1 + 202 = 8208 > 8192 → no; e fits.
    expect(merged).toBe(`a=${big},b=${big},e=small`);
    expect(merged.length).toBeLessThanOrEqual(8192);

    const exact = `a=${'x'.repeat(8190)}`; // exactly 8192 bytes
    expect(mergeBaggage(exact, { b: 'c' })).toBe(exact);
    expect(mergeBaggage(`${exact}x`, { b: 'c' })).toBe('b=c'); // an 8193-byte app member cannot be sent
  });

  it('does not emit SDK members over 4096 bytes (OTel SDKs drop them), counting encoded bytes', () => {
    expect(mergeBaggage(undefined, { k: 'x'.repeat(4094) })).toBe(`k=${'x'.repeat(4094)}`);
    expect(mergeBaggage(undefined, { k: 'x'.repeat(4095), ok: '1' })).toBe('ok=1');
    expect(mergeBaggage(undefined, { k: 'é'.repeat(700), ok: '1' })).toBe('ok=1'); // 700 × 6 bytes encoded
  });
});

describe('parseBaggage', () => {
  it.each<[string, [string, string][]]>([
    [
      'key1=value1;property1;property2, key2 = value2, key3=value3; propertyKey=propertyValue',
      [
        ['key1', 'value1'],
        ['key2', 'value2'],
        ['key3', 'value3'],
      ],
    ],
    [
      'userId=alice,serverNode=DF%2028,isProduction=false',
      [
        ['userId', 'alice'],
        ['serverNode', 'DF 28'],
        ['isProduction', 'false'],
      ],
    ],
    ['userId=Am%C3%A9lie', [['userId', 'Amélie']]],
    [
      'a=100%25,b=%F0%9F%8E%89,c=k=v',
      [
        ['a', '100%'],
        ['b', '🎉'],
        ['c', 'k=v'],
      ],
    ],
    [
      'empty=,\tx\t=\t1\t',
      [
        ['empty', ''],
        ['x', '1'],
      ],
    ],
    ['dup=1,dup=2', [['dup', '2']]],
    ['', []],
    // malformed members are skipped, the rest kept
    ['novalue,=noKey,bad key=1,é=1,ok=1', [['ok', '1']]],
    ['a=%,b=%E9,c=%zz,ok=1', [['ok', '1']]], // invalid percent-encoding / UTF-8
    ['a=has space,b="q",c=back\\slash,d=é,ok=1', [['ok', '1']]], // not baggage-octets
  ])('%j', (header, entries) => {
    expect([...parseBaggage(header)]).toStrictEqual(entries);
  });

  it('does not throw on a non-string', () => {
    expect(parseBaggage(undefined as unknown as string).size).toBe(0);
    expect(parseBaggage(null as unknown as string).size).toBe(0);
  });
});

describe('property', () => {
  const key = fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 1, maxLength: 12 }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) },
  );
  const value = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ maxLength: 40 }),
    fc.constantFrom(...tricky, '', '\uD83D', 'a\uDC00'),
    fc.string({ unit: 'binary-ascii', minLength: 500, maxLength: 2500 }),
    fc.string({ unit: 'grapheme-ascii', minLength: 1000, maxLength: 4200 }),
  );
  // Enough distinct small entries to reach the 64-member limit.
  const manySmall = fc
    .array(fc.string({ unit: 'grapheme', maxLength: 8 }), { minLength: 50, maxLength: 100 })
    .map((values) => values.map((v, i): [string, string] => [`k${i}`, v || 'x']));
  const entriesArb = fc
    .oneof(fc.array(fc.tuple(key, value), { maxLength: 90 }), manySmall)
    .map((pairs) => new Map(pairs));

  const checkHeader = (header: string) => {
    expect(header.length).toBeLessThanOrEqual(8192);
    expect(header.split(',').length).toBeLessThanOrEqual(64);
  };

  it('parseBaggage(mergeBaggage(undefined, map)) is exactly the entries kept; limits hold; drops are whole; legal chars only', () => {
    const limitsHit = { members: 0, bytes: 0 };
    fc.assert(
      fc.property(entriesArb, (entries) => {
        const header = mergeBaggage(undefined, entries);
        const parsed = header === undefined ? new Map<string, string>() : parseBaggage(header);
        if (header === undefined) {
          expect([...entries].some(([k, v]) => eligible(k, v) && k.length + 1 + encodedLength(v) <= 4096)).toBe(false);
          return;
        }
        checkHeader(header);
        const illegal = [...header].filter((ch) => ch !== ',' && !isBaggageOctet(ch.charCodeAt(0)));
        expect(illegal).toStrictEqual([]);

        // kept entries: exact values, insertion order, one member each
        const kept = [...entries].filter(([k]) => parsed.has(k));
        expect([...parsed]).toStrictEqual(kept);
        expect(header.split(',')).toHaveLength(kept.length);

        // dropped eligible entries could not fit whole
        for (const [k, v] of entries) {
          if (parsed.has(k) || !eligible(k, v)) continue;
          const memberLength = k.length + 1 + encodedLength(v);
          const fits = memberLength <= 4096 && kept.length < 64 && header.length + 1 + memberLength <= 8192;
          expect(fits).toBe(false);
          if (kept.length === 64) limitsHit.members++;
          else if (memberLength <= 4096) limitsHit.bytes++;
        }
        // ineligible entries never appear
        for (const [k] of kept) expect(eligible(k, entries.get(k))).toBe(true);
      }),
      {
        numRuns: 400,
        // Always run one case past each limit, so the coverage check below does not depend on the random draw.
        examples: [
          [new Map(Array.from({ length: 70 }, (_, i): [string, string] => [`k${i}`, 'v']))],
          [new Map(Array.from({ length: 4 }, (_, i): [string, string] => [`big${i}`, 'x'.repeat(3000)]))],
        ],
      },
    );
    // the generators do reach both limits
    expect(limitsHit.members).toBeGreaterThan(0);
    expect(limitsHit.bytes).toBeGreaterThan(0);
  });

  it('merging into an app header keeps app members verbatim and first, and app keys win', () => {
    const appMember = fc.oneof(
      fc.tuple(key, value).map(([k, v]) => `${k}=${v}`), // possibly malformed: kept anyway (when it fits)
      fc
        .tuple(
          fc.string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 1, maxLength: 8 }),
          fc.constantFrom(...tricky),
        )
        .map(([k, v]) => `${k}=${encodeURIComponent(v)};prop`),
    );
    const appHeader = fc.array(
      appMember.filter((m) => !m.includes(',') && m.trim() !== ''),
      { maxLength: 70 },
    );
    fc.assert(
      fc.property(appHeader, entriesArb, (appMembers, entries) => {
        const existing = appMembers.join(', ');
        const header = mergeBaggage(existing, entries);
        if (header === undefined) {
          expect(appMembers.every((m) => m.trim().length > 8192)).toBe(true);
          return;
        }
        checkHeader(header);
        const members = header.split(',');
        const appTrimmed = appMembers.map((m) => m.trim());
        // app members come first, in order: every one that still fits the limits, verbatim
        const fromApp: string[] = [];
        let bytes = -1;
        for (const m of appTrimmed) {
          if (fromApp.length < 64 && bytes + 1 + m.length <= 8192) {
            fromApp.push(m);
            bytes += 1 + m.length;
          }
        }
        expect(members.slice(0, fromApp.length)).toStrictEqual(fromApp);
        // the SDK part never repeats an app key, and is exactly parseable
        const appKeys = new Set(appTrimmed.map((m) => m.split('=')[0]!.trim()));
        for (const m of members.slice(fromApp.length)) {
          const k = m.slice(0, m.indexOf('='));
          expect(appKeys.has(k)).toBe(false);
          expect(parseBaggage(m).get(k)).toBe(entries.get(k));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('interop with the OpenTelemetry W3CBaggagePropagator', () => {
  beforeAll(() => propagation.setGlobalPropagator(new W3CBaggagePropagator()));
  afterAll(() => propagation.disable());

  const otelExtract = (header: string) => {
    const baggage = propagation.getBaggage(propagation.extract(ROOT_CONTEXT, { baggage: header }, getter));
    return new Map((baggage?.getAllEntries() ?? []).map(([k, e]) => [k, e.value]));
  };
  const otelInject = (entries: Record<string, string>) => {
    const carrier: Carrier = {};
    const bag = propagation.createBaggage(
      Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, { value: v }])),
    );
    const context: Context = propagation.setBaggage(ROOT_CONTEXT, bag);
    propagation.inject(context, carrier, setter);
    return carrier.baggage;
  };

  it('OTel extracts exactly our entries, including spaces, commas, %, =, non-ASCII and emoji', () => {
    const entries = new Map(tricky.map((v, i) => [`k${i}`, v]));
    const header = mergeBaggage(undefined, entries)!;
    expect(otelExtract(header)).toStrictEqual(entries);
  });

  it('OTel extracts our merged header: app members (with properties) and SDK entries', () => {
    const header = mergeBaggage('userId=Am%C3%A9lie;p=1, serverNode=DF%2028', {
      'session.id': 'a b',
      userId: 'ignored',
    })!;
    expect(otelExtract(header)).toStrictEqual(
      new Map([
        ['userId', 'Amélie'],
        ['serverNode', 'DF 28'],
        ['session.id', 'a b'],
      ]),
    );
  });

  it('property: OTel extracts exactly what parseBaggage reads, for any merged map', () => {
    // OTel JS collects entries in a plain object, so it loses the (valid) key `__proto__`: not ours to fix.
    const key = fc
      .string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 1, maxLength: 12 })
      .filter((k) => k !== '__proto__');
    const value = fc.oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }),
      fc.constantFrom(...tricky),
      fc.string({ unit: 'grapheme-ascii', minLength: 1000, maxLength: 3000 }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { maxLength: 80 }), (pairs) => {
        const entries = new Map(pairs);
        const header = mergeBaggage(undefined, entries);
        if (header === undefined) return;
        const ours = parseBaggage(header);
        expect(otelExtract(header)).toStrictEqual(ours);
        for (const [k, v] of ours) expect(entries.get(k)).toBe(v);
      }),
      { numRuns: 300 },
    );
  });

  it('parseBaggage reads what OTel injects', () => {
    const entries = Object.fromEntries(tricky.map((v, i) => [`key_${i}.x-y`, v]));
    expect(Object.fromEntries(parseBaggage(otelInject(entries)!))).toStrictEqual(entries);
  });

  it('property: parseBaggage reads what OTel injects, for random entries', () => {
    const key = fc.string({ unit: fc.constantFrom(...'abcXYZ019_.-'), minLength: 1, maxLength: 10 });
    const value = fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }), fc.constantFrom(...tricky));
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 20 }), (entries) => {
        const header = otelInject(entries);
        if (header === undefined) return;
        // OTel trims values when extracting: compare with what OTel itself reads back
        expect(parseBaggage(header)).toStrictEqual(otelExtract(header));
      }),
    );
  });
});
