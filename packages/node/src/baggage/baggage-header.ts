/**
 * The W3C `baggage` header as plain data (https://www.w3.org/TR/baggage/). Pure, never throws.
 *
 * Limits (§ 3.3.1 "Limits"): at most 64 list-members and 8192 bytes. A header over either limit is rejected whole:
 * which members survive a cut is undefined, and a session id that appears or vanishes with the header's length would
 * link spans to the wrong session. A single malformed member (not a token key, bad percent-encoding) is skipped and
 * the others are kept, so a page's broken baggage member never costs the user's session link.
 */
export const BAGGAGE_LIMITS = { maxMembers: 64, maxBytes: 8192 } as const;

export interface BaggageMember {
  key: string;
  value: string;
  /** The raw `;property` part, when present. */
  properties?: string;
}

export type ParsedBaggage = { members: BaggageMember[]; skipped: string[] } | { rejected: string };

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Properties travel verbatim; anything that would break the list (`,`, control or non-ASCII characters) is dropped. */
const PROPERTIES = /^[\x20-\x2b\x2d-\x7e]+$/;

/** A W3C baggage key is an RFC 7230 token (§ 3.2.1.1). */
export const isBaggageKey = (key: string): boolean => TOKEN.test(key);
/** baggage-octet (§ 3.2.1.1): printable US-ASCII except space, `"`, `,`, `;` and `\`. */
const VALUE = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/;

export function parseBaggageHeader(header: string): ParsedBaggage {
  // Header values reach Node as latin1: one character per octet on the wire, so length is the byte size.
  if (header.length > BAGGAGE_LIMITS.maxBytes) {
    return { rejected: `${header.length} bytes, over the ${BAGGAGE_LIMITS.maxBytes}-byte limit` };
  }
  const parts = header.split(',');
  const members: BaggageMember[] = [];
  const skipped: string[] = [];
  let count = 0;
  for (const part of parts) {
    if (part.trim() === '') continue;
    if (++count > BAGGAGE_LIMITS.maxMembers) {
      return { rejected: `more than ${BAGGAGE_LIMITS.maxMembers} list-members` };
    }
    const member = parseMember(part);
    if (typeof member === 'string') skipped.push(`list-member ${count}: ${member}`);
    else members.push(member);
  }
  return { members, skipped };
}

/** A member, or why it was skipped (never its value: baggage may carry user data). */
function parseMember(part: string): BaggageMember | string {
  const semicolon = part.indexOf(';');
  const pair = semicolon === -1 ? part : part.slice(0, semicolon);
  const equals = pair.indexOf('=');
  if (equals === -1) return 'no "="';
  const key = pair.slice(0, equals).trim();
  const encoded = pair.slice(equals + 1).trim();
  if (!TOKEN.test(key)) return `key ${JSON.stringify(key.slice(0, 64))} is not a token`;
  if (!VALUE.test(encoded)) return `value of "${key}" has characters baggage does not allow`;
  let value: string;
  try {
    value = decodeURIComponent(encoded);
  } catch {
    return `value of "${key}" is not valid percent-encoded UTF-8`;
  }
  if (value === '') return `value of "${key}" is empty`;
  const properties = semicolon === -1 ? '' : part.slice(semicolon + 1).trim();
  return properties === '' ? { key, value } : { key, value, properties };
}

/**
 * A header from entries, within the limits: a member that would not fit is left out whole (never cut), and members
 * whose key is not a token are left out (they could not be parsed on the other side).
 */
export function formatBaggageHeader(
  entries: Iterable<readonly [string, { value: string; properties?: string }]>,
): string {
  let header = '';
  let count = 0;
  for (const [key, { value, properties }] of entries) {
    if (count === BAGGAGE_LIMITS.maxMembers) break;
    const encoded = encodeValue(value);
    if (!TOKEN.test(key) || encoded === undefined) continue;
    const member = `${key}=${encoded}${properties && PROPERTIES.test(properties) ? `;${properties}` : ''}`;
    const next = header === '' ? member : `${header},${member}`;
    if (next.length > BAGGAGE_LIMITS.maxBytes) continue;
    header = next;
    count++;
  }
  return header;
}

/** Percent-encoded UTF-8; undefined for a string that is not valid UTF-16 (a lone surrogate has no UTF-8 form). */
function encodeValue(value: string): string | undefined {
  try {
    return encodeURIComponent(value);
  } catch {
    return undefined;
  }
}
