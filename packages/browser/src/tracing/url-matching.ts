/**
 * Which requests get trace headers: an allow-list of URL rules, matched on URL boundaries (never a raw string prefix,
 * so `https://api.example.com` cannot match `https://api.example.com.evil.io`).
 */
import type { PropagatorType } from './propagators.js';

export type UrlMatcher = string | RegExp | ((url: string) => boolean);
export interface TracingRule {
  match: UrlMatcher;
  propagatorTypes?: PropagatorType[];
}
export type AllowedTracingUrl = UrlMatcher | TracingRule;

export const parseUrl = (url: string, base?: string): URL | undefined => {
  try {
    return new URL(url, base);
  } catch {
    return undefined;
  }
};

/** For `target` (a request's URL resolved against `baseURI`), return the first rule whose matcher matches, or undefined. A bare matcher is
 *  returned wrapped as `{ match }`. String rules: same scheme, host and (default-normalised) port, and the rule's path
 *  is a prefix of the URL's path ending on a segment boundary (the rule's query and fragment are ignored). RegExp rules
 *  are tested against the absolute URL; function rules get the absolute URL, and a throwing matcher counts as no match
 *  and is reported through `onRuleError`. Only http: and https: URLs ever match. */
export function findTracingRule(
  target: URL,
  rules: readonly AllowedTracingUrl[],
  baseURI: string,
  onRuleError?: (error: unknown) => void,
): TracingRule | undefined {
  // An empty list (the default) reads no URL getter: each one is a call into the browser.
  if (!rules.length || !/^https?:$/.test(target.protocol)) return undefined;
  const { href, pathname } = target;
  for (const item of rules) {
    const rule: TracingRule = item && typeof item === 'object' && !(item instanceof RegExp) ? item : { match: item };
    const m = rule.match;
    let matched = false;
    try {
      if (typeof m === 'string') {
        // URL normalises host case, IDNA, IP spellings and default ports, so the origin (scheme, host, port) compares
        // exactly.
        const r = parseUrl(m, baseURI);
        const path = r?.pathname ?? '';
        matched =
          r?.origin === target.origin &&
          (pathname === path || pathname.startsWith(path.endsWith('/') ? path : `${path}/`));
      } else if (m instanceof RegExp) {
        m.lastIndex = 0; // a /g or /y regex must not alternate between calls
        matched = m.test(href);
      } else if (typeof m === 'function') {
        matched = !!m(href);
      }
    } catch (error) {
      onRuleError?.(error);
    }
    if (matched) return rule;
  }
  return undefined;
}

/** True when `target` has the page's own origin (`pageOrigin`: `window.origin`). Not the base URL's: a `<base href>`
 *  may point at another origin, which must not receive headers unless a rule allows it. Opaque origins (`null`:
 *  file:, data:, sandboxed frames…) are never same-origin. */
export const isSameOrigin = (target: URL, pageOrigin: string): boolean =>
  pageOrigin !== 'null' && target.origin === pageOrigin;
