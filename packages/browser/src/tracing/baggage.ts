/**
 * W3C Baggage (https://www.w3.org/TR/baggage/) header merging and parsing.
 * Limits: at most 64 list-members and 8192 bytes; a member that does not fit is dropped whole, never truncated.
 */

const MAX_MEMBERS = 64;
const MAX_BYTES = 8192;
/** Most OTel SDKs (JS, Go, Python, .NET) silently drop list-members longer than this (an earlier spec limit), so the
 *  SDK never emits such members itself. */
const MAX_SDK_MEMBER_BYTES = 4096;

/** RFC 7230 token (the spec's `key`). */
const TOKEN = /^[\w!#$%&'*+.^`|~-]+$/;
/** A token without `%`: `%` is a token character, but OTel JS percent-decodes keys, so SDK keys avoid it. */
const SDK_KEY = /^[\w!#$&'*+.^`|~-]+$/;
/** *baggage-octet (the spec's `value`, still percent-encoded). */
const VALUE = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/;

/** Merge the SDK's entries into a `baggage` header the app may already have set. App members are kept verbatim (only
 *  trimmed of surrounding whitespace) and win over SDK entries with the same key; SDK entries are appended in insertion
 *  order. SDK entries (strings: the public API converts or refuses anything else) are skipped when the key is not a
 *  token (or contains `%`) or the value is empty or not well-formed (OTel drops empty values; lone surrogates cannot
 *  be encoded). Returns undefined when there is nothing to send. */
export function mergeBaggage(
  existingHeader: string | null | undefined,
  entries: Iterable<[string, string]>,
): string | undefined {
  const appKeys = new Set<string>();
  let header = '';
  let members = 0;
  // Header values are ByteStrings (fetch/XHR reject anything else), so string length is the byte length.
  const add = (member: string) => {
    const longer = header ? `${header},${member}` : member;
    if (members < MAX_MEMBERS && longer.length <= MAX_BYTES) {
      header = longer;
      members++;
    }
  };

  for (let member of (existingHeader ?? '').split(',')) {
    member = member.trim();
    if (member) {
      appKeys.add(member.split('=')[0]!.trim());
      add(member);
    }
  }
  for (const [key, value] of entries) {
    if (!SDK_KEY.test(key) || appKeys.has(key) || !value) continue;
    let member: string;
    try {
      // encodeURIComponent only leaves A-Z a-z 0-9 - _ . ! ~ * ' ( ) unescaped: all baggage-octets. It escapes `%`.
      member = `${key}=${encodeURIComponent(value)}`;
    } catch {
      continue; // lone surrogate
    }
    if (member.length <= MAX_SDK_MEMBER_BYTES) add(member);
  }
  return header || undefined;
}

/** Parse a baggage header into key → decoded value; properties are ignored, malformed members skipped, and a repeated
 *  key keeps its last value. */
export function parseBaggage(header: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const member of (header || '').split(',')) {
    const keyValue = member.split(';')[0]!;
    const eq = keyValue.indexOf('=');
    const key = keyValue.slice(0, eq).trim();
    const value = keyValue.slice(eq + 1).trim();
    if (eq < 0 || !TOKEN.test(key) || !VALUE.test(value)) continue;
    try {
      result.set(key, decodeURIComponent(value));
    } catch {
      // invalid percent-encoding / UTF-8: skip the member
    }
  }
  return result;
}
