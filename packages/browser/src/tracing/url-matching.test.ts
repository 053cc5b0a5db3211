import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { type AllowedTracingUrl, findTracingRule, isSameOrigin, parseUrl, type TracingRule } from './url-matching.js';

/** As the tracing core calls them: the request's URL resolved against the page first (a URL that does not resolve
 *  never gets this far, and so never matches). */
const findRule = (url: string, rules: readonly AllowedTracingUrl[], base: string, onError?: (e: unknown) => void) => {
  const target = parseUrl(url, base);
  return target && findTracingRule(target, rules, base, onError);
};
/** `page`: the page's URL; its origin is what `window.origin` would be ('null' when opaque or unparsable). */
const sameOrigin = (url: string, page: string) => {
  const target = parseUrl(url, page);
  return !!target && isSameOrigin(target, parseUrl(page)?.origin ?? 'null');
};

const BASE = 'https://app.example.com/some/page?x=1#top';
const matches = (url: string, rule: AllowedTracingUrl, base = BASE) => findRule(url, [rule], base) !== undefined;

describe('findTracingRule: string rules', () => {
  it.each<[string, string, boolean]>([
    // host, scheme and port
    ['https://api.example.com', 'https://api.example.com', true],
    ['https://api.example.com', 'https://api.example.com/', true],
    ['https://api.example.com', 'https://api.example.com/x/y?q=1#f', true],
    ['https://api.example.com', 'https://API.Example.COM/x', true],
    ['https://API.EXAMPLE.com', 'https://api.example.com/x', true],
    ['https://api.example.com', 'https://api.example.com:443/x', true],
    ['https://api.example.com:443', 'https://api.example.com/x', true],
    ['http://api.example.com:80/', 'http://api.example.com/x', true],
    ['https://api.example.com', 'https://api.example.com:8443/x', false],
    ['https://api.example.com:8443', 'https://api.example.com:8443/x', true],
    ['https://api.example.com:8443', 'https://api.example.com/x', false],
    ['https://api.example.com', 'http://api.example.com/x', false],
    ['http://api.example.com', 'https://api.example.com/x', false],
    ['http://localhost:8080', 'http://localhost:8080/v1', true],
    ['http://localhost:8080', 'http://localhost/v1', false],
    ['https://api.example.com', '//api.example.com/x', true], // protocol-relative, resolved against the page
    ['https://api.example.com', 'https://user:pw@api.example.com/x', true], // userinfo, but the host is right
    ['https://api.example.com', 'https://api.example.com\\@evil.io', true], // `\` is `/` in special URLs: host is right
    ['https://[::1]:8443', 'https://[0:0::1]:8443/x', true],
    ['http://127.0.0.1', 'http://0x7f.1/x', true], // URL normalises IPv4 spellings
    ['https://bücher.example', 'https://xn--bcher-kva.example/x', true],
    // look-alikes
    ['https://api.example.com', 'https://api.example.com.evil.io/', false],
    ['https://api.example.com', 'https://api.example.com./', false],
    ['https://api.example.com', 'https://evil.io/https://api.example.com', false],
    ['https://api.example.com', 'https://evil.io/?u=https://api.example.com', false],
    ['https://api.example.com', 'https://evil.io/#https://api.example.com', false],
    ['https://api.example.com', 'https://api.example.com@evil.io/', false],
    ['https://api.example.com', 'https://api.example.com:443@evil.io/', false],
    ['https://api.example.com', 'https://api.example.com%2eevil.io/', false],
    ['https://api.example.com', 'https://evilapi.example.com/', false],
    ['https://api.example.com', 'https://xapi.example.com/', false],
    ['https://api.example.com', 'https://api.example.co/', false],
    ['https://api.example.com', 'https://example.com/', false],
    // paths: prefixes on segment boundaries
    ['https://api.example.com/api', 'https://api.example.com/api', true],
    ['https://api.example.com/api', 'https://api.example.com/api/', true],
    ['https://api.example.com/api', 'https://api.example.com/api/x', true],
    ['https://api.example.com/api', 'https://api.example.com/api?q', true],
    ['https://api.example.com/api', 'https://api.example.com/api#h', true],
    ['https://api.example.com/api', 'https://api.example.com/apix', false],
    ['https://api.example.com/api', 'https://api.example.com/ap', false],
    ['https://api.example.com/api', 'https://api.example.com/', false],
    ['https://api.example.com/api', 'https://api.example.com/API', false],
    ['https://api.example.com/api', 'https://api.example.com/api/../admin', false], // dot segments resolved first
    ['https://api.example.com/api', 'https://api.example.com/api%2F..%2Fadmin', false],
    ['https://api.example.com/api', 'https://api.example.com/x/api', false],
    ['https://api.example.com/api/', 'https://api.example.com/api/x', true],
    ['https://api.example.com/api/', 'https://api.example.com/api/', true],
    ['https://api.example.com/api/', 'https://api.example.com/api', false],
    ['https://api.example.com/api/v1', 'https://api.example.com/api/v1/users', true],
    ['https://api.example.com/api/v1', 'https://api.example.com/api/v10', false],
    ['https://api.example.com/', 'https://api.example.com/anything', true],
    ['https://api.example.com/api?ignored=1#too', 'https://api.example.com/api/x', true], // rule query/hash ignored
    // relative rules and URLs resolve against the page
    ['/api', 'https://app.example.com/api/x', true],
    ['/api', '/api/x', true],
    ['/api', 'api/x', false], // resolves to /some/api/x
    ['/api', 'https://api.example.com/api', false],
    ['//api.example.com/v1', 'https://api.example.com/v1/x', true],
    // unparseable or non-http(s)
    ['https://', 'https://api.example.com', false],
    ['http://[', 'http://api.example.com', false],
    ['https://api.example.com', 'http://[', false],
    ['ws://api.example.com', 'ws://api.example.com/x', false],
    ['ftp://api.example.com', 'ftp://api.example.com/x', false],
    ['file:///etc', 'file:///etc/passwd', false],
  ])('%s vs %s → %s', (rule, url, expected) => {
    expect(matches(url, rule)).toBe(expected);
  });

  it('resolves against the base URI (a relative URL fails without a usable base)', () => {
    expect(matches('/api/x', '/api', 'https://other.example/')).toBe(true);
    expect(findRule('https://other.example/api/x', ['/api'], 'https://app.example.com/')).toBeUndefined();
    expect(matches('/api/x', 'https://app.example.com/api', 'about:blank')).toBe(false);
    // WHATWG URL rejects an invalid base even for absolute URLs: fails closed (document.baseURI is always valid)
    expect(matches('https://app.example.com/api/x', 'https://app.example.com/api', 'not a url')).toBe(false);
  });

  it('accepts a URL object and a Request url', () => {
    const url = new URL('https://api.example.com:443/api/x');
    expect(matches(url as unknown as string, 'https://api.example.com/api')).toBe(true);
    expect(matches(new Request('https://api.example.com/api?x').url, 'https://api.example.com/api')).toBe(true);
  });
});

describe('findTracingRule: RegExp and function rules, rule objects', () => {
  it('tests RegExp rules against the absolute URL', () => {
    expect(matches('/v1/users', /^https:\/\/app\.example\.com\/v1\//)).toBe(true);
    expect(matches('https://api.example.com', /^https:\/\/app\./)).toBe(false);
  });

  it.each<[RegExp, boolean]>([
    [/example/g, true],
    [/https/y, true], // sticky: anchored at 0 on every call
    [/example/gy, false],
  ])('%s gives the same answer on every call', (re, expected) => {
    for (let i = 0; i < 5; i++) expect(matches('https://app.example.com/x', re)).toBe(expected);
  });

  it('passes the absolute URL to function rules', () => {
    const fn = vi.fn(() => true);
    expect(matches('../x?y', fn)).toBe(true);
    expect(fn).toHaveBeenCalledWith('https://app.example.com/x?y');
  });

  it('a throwing function counts as no match, is reported, and later rules still apply', () => {
    const error = new Error('boom');
    const onRuleError = vi.fn();
    const later: TracingRule = { match: 'https://api.example.com' };
    const rules: AllowedTracingUrl[] = [
      () => {
        throw error;
      },
      later,
    ];
    expect(findRule('https://api.example.com/x', rules, BASE, onRuleError)).toBe(later);
    expect(onRuleError).toHaveBeenCalledExactlyOnceWith(error);
    expect(findRule('https://other.example/x', rules, BASE)).toBeUndefined(); // no callback: still no throw
  });

  it('a frozen /g RegExp (lastIndex not writable) is reported, not thrown', () => {
    const onRuleError = vi.fn();
    expect(findRule('https://app.example.com/', [Object.freeze(/app/g)], BASE, onRuleError)).toBeUndefined();
    expect(onRuleError).toHaveBeenCalledOnce();
  });

  it('returns the first matching rule: rule objects as given, bare matchers wrapped', () => {
    const b3: TracingRule = { match: /api\.example\.com/, propagatorTypes: ['b3'] };
    const dd: TracingRule = { match: 'https://api.example.com', propagatorTypes: ['datadog'] };
    expect(findRule('https://api.example.com/x', [b3, dd], BASE)).toBe(b3);
    expect(findRule('https://api.example.com/x', [dd, b3], BASE)).toBe(dd);
    expect(
      findRule('https://api.example.com/x', ['https://nope.example', 'https://api.example.com'], BASE),
    ).toStrictEqual({
      match: 'https://api.example.com',
    });
    expect(findRule('https://api.example.com/x', [], BASE)).toBeUndefined();
  });

  it.each([
    'data:text/plain,https://api.example.com',
    'javascript:fetch("https://api.example.com")',
    'blob:https://app.example.com/3b5c2f9e-0000-4000-8000-000000000000',
    'ws://app.example.com/socket',
    'wss://app.example.com/socket',
    'file:///tmp/x',
    'about:blank',
    'http://[',
  ])('never matches %s, whatever the rule', (url) => {
    const everything: AllowedTracingUrl[] = [/.*/, () => true, 'https://app.example.com', '/', { match: /./ }];
    expect(findRule(url, everything, BASE)).toBeUndefined();
  });

  it('ignores malformed rules (JS callers) without throwing', () => {
    const rules = [null, undefined, 42, {}, { match: null }] as unknown as AllowedTracingUrl[];
    expect(findRule('https://app.example.com/', rules, BASE)).toBeUndefined();
  });
});

describe('isSameOrigin', () => {
  it.each<[string, string, boolean]>([
    ['/x', BASE, true],
    ['x?y', BASE, true],
    ['https://app.example.com/other', BASE, true],
    ['https://APP.example.com:443/', BASE, true],
    ['//app.example.com/x', BASE, true],
    ['https://app.example.com:8443/', BASE, false],
    ['http://app.example.com/', BASE, false],
    ['https://api.example.com/', BASE, false],
    ['https://app.example.com.evil.io/', BASE, false],
    ['https://app.example.com@evil.io/', BASE, false],
    ['blob:https://app.example.com/3b5c2f9e', BASE, true], // a blob URL has its creator's origin
    ['data:text/plain,x', BASE, false],
    ['http://[', BASE, false],
    ['/x', 'about:blank', false], // opaque origin: never same-origin
    ['data:text/plain,x', 'data:text/plain,y', false],
    ['file:///a', 'file:///b', false],
    ['/x', 'not a url', false],
    ['http://localhost:3000/api', 'http://localhost:3000/', true],
  ])('%s on %s → %s', (url, base, expected) => {
    expect(sameOrigin(url, base)).toBe(expected);
  });
});

describe('property', () => {
  // Not `xn--…`: such a label is punycode, and a random one is not valid punycode, so the URL would not parse.
  const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/).filter((l) => !l.startsWith('xn--'));
  const host = fc
    .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.constantFrom('com', 'io', 'dev', 'example'))
    .map(([labels, tld]) => [...labels, tld].join('.'));
  const scheme = fc.constantFrom('http', 'https');
  const segment = fc.stringMatching(/^[a-zA-Z0-9_~.-]{1,6}$/).filter((s) => s !== '.' && s !== '..');
  const path = fc.array(segment, { maxLength: 4 }).map((segs) => segs.map((s) => `/${s}`).join(''));
  const randomCase = (s: string) =>
    fc
      .array(fc.boolean(), { minLength: s.length, maxLength: s.length })
      .map((flags) => [...s].map((c, i) => (flags[i] ? c.toUpperCase() : c)).join(''));

  it('a rule never matches a URL on another host, including look-alikes', () => {
    const lookAlikes = (h: string, other: string) => [
      `${h}.evil.io`,
      `${h}.${other}`,
      `evil${h}`,
      `${h}evil`,
      `x-${h}`,
      `${h}.`,
      `${h}@${other}`,
      `${h}:443@${other}`,
      `user:${h}@${other}`,
      `${h}%2e${other}`,
      `${other}/${h}`,
      `${other}/https://${h}`,
      `${other}?${h}`,
      `${other}#${h}`,
      `${other}\\${h}`,
      other,
    ];
    fc.assert(
      fc.property(scheme, host, host, path, path, (s, h, other, rulePath, urlPath) => {
        fc.pre(h !== other && !other.endsWith(`.${h}`) && !h.endsWith(`.${other}`));
        const rule = `${s}://${h}${rulePath}`;
        for (const lookAlike of lookAlikes(h, other)) {
          const url = `${s}://${lookAlike}${urlPath}`;
          const parsed = URL.canParse(url) ? new URL(url).hostname : '';
          if (parsed === h) continue; // not a look-alike after all (cannot happen with these shapes, but be safe)
          expect(findRule(url, [rule], BASE), url).toBeUndefined();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('matching is invariant under default-port spelling and host case', () => {
    const port = fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined });
    fc.assert(
      fc.property(
        scheme,
        host,
        port,
        port,
        path,
        path,
        fc.nat(),
        (s, h, rulePort, urlPort, rulePath, urlPath, seed) => {
          const defaultPort = s === 'https' ? 443 : 80;
          const effective = (p: number | undefined) => p ?? defaultPort;
          const spell = (p: number | undefined, explicit: boolean) =>
            p === undefined ? (explicit ? `:${defaultPort}` : '') : p === defaultPort && !explicit ? '' : `:${p}`;
          const upper = (x: string, salt: number) =>
            [...x].map((c, i) => (((seed + salt) >> (i % 16)) & 1 ? c.toUpperCase() : c)).join('');
          const results = new Set<boolean>();
          for (const ruleExplicit of [false, true]) {
            for (const urlExplicit of [false, true]) {
              const rule = `${s}://${upper(h, 1)}${spell(rulePort, ruleExplicit)}${rulePath}`;
              const url = `${upper(s, 2)}://${upper(h, 3)}${spell(urlPort, urlExplicit)}${urlPath}`;
              results.add(findRule(url, [rule], BASE) !== undefined);
            }
          }
          expect(results.size).toBe(1); // same answer for every spelling
          const portsEqual = effective(rulePort) === effective(urlPort);
          const pathMatches = rulePath === '' || urlPath === rulePath || urlPath.startsWith(`${rulePath}/`);
          expect(results.has(true)).toBe(portsEqual && pathMatches);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('host case never matters (the rule and URL cased independently)', () => {
    fc.assert(
      fc.property(
        host.chain((h) => fc.tuple(fc.constant(h), randomCase(h), randomCase(h))),
        path,
        ([, ruleHost, urlHost], p) => {
          expect(findRule(`https://${urlHost}${p}/x`, [`https://${ruleHost}${p}`], BASE)).toBeDefined();
        },
      ),
    );
  });

  it('a rule path matches only on segment boundaries', () => {
    const suffix = fc.oneof(
      fc.constant(''),
      path.map((p) => `/${p}`),
      fc.stringMatching(/^\?[a-z=&]{0,6}$/),
      fc.stringMatching(/^#[a-z]{0,6}$/),
      fc.stringMatching(/^[a-zA-Z0-9_~-][a-z0-9/]{0,6}$/), // continues the last segment: no boundary
    );
    fc.assert(
      fc.property(host, fc.array(segment, { minLength: 1, maxLength: 4 }), suffix, (h, segs, rest) => {
        const rulePath = segs.map((s) => `/${s}`).join('');
        const expected = rest === '' || '/?#'.includes(rest[0]!);
        expect(findRule(`https://${h}${rulePath}${rest}`, [`https://${h}${rulePath}`], BASE) !== undefined).toBe(
          expected,
        );
      }),
      { numRuns: 500 },
    );
  });

  it('path matching agrees with a segment-prefix model', () => {
    const segs = fc.array(fc.constantFrom('a', 'b', 'ab', 'v1'), { maxLength: 4 });
    fc.assert(
      fc.property(segs, segs, fc.boolean(), (ruleSegs, urlSegs, trailingSlash) => {
        const rulePath = ruleSegs.map((s) => `/${s}`).join('') + (trailingSlash ? '/' : '');
        const urlPath = urlSegs.map((s) => `/${s}`).join('');
        const prefix = ruleSegs.every((s, i) => urlSegs[i] === s);
        // a trailing slash on the rule requires at least one more segment (or the slash itself)
        const expected = prefix && (!trailingSlash || ruleSegs.length === 0 || urlSegs.length > ruleSegs.length);
        expect(matches(`https://api.example.com${urlPath}`, `https://api.example.com${rulePath}`)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});
