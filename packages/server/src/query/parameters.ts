/** Query-string parameters of the query API: parsed once, with errors that name the parameter and the fix. */
import { BoundaryError } from '../errors.js';
import { normalizeTraceId } from '../ids.js';

export type QueryString = Record<string, string | string[] | undefined>;

const ID = /^[A-Za-z0-9._:-]{1,128}$/;
const DAY_MS = 86_400_000;

export function single(query: QueryString, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) {
    throw new BoundaryError('invalid_parameter', `${name} was given ${value.length} times; give it once`);
  }
  return value === '' ? undefined : value;
}

export function optionalId(query: QueryString, name: string): string | undefined {
  const value = single(query, name);
  if (value !== undefined && !ID.test(value)) {
    throw new BoundaryError('invalid_parameter', `${name} must be 1-128 characters of A-Z a-z 0-9 . _ : -`);
  }
  return value;
}

export function requireId(value: string, name: string): string {
  if (!ID.test(value)) throw new BoundaryError('invalid_id', `${name} must be 1-128 characters of A-Z a-z 0-9 . _ : -`);
  return value;
}

export function requireTraceId(value: string): string {
  const traceId = normalizeTraceId(value);
  if (!traceId) throw new BoundaryError('invalid_id', 'trace id must be 32 (or 16) hex digits, not all zeros');
  return traceId;
}

export function optionalTraceId(query: QueryString, name: string): string | undefined {
  const value = single(query, name);
  return value === undefined ? undefined : requireTraceId(value);
}

export function optionalText(query: QueryString, name: string, maxLength = 1024): string | undefined {
  const value = single(query, name);
  if (value !== undefined && value.length > maxLength) {
    throw new BoundaryError('invalid_parameter', `${name} is longer than ${maxLength} characters`);
  }
  return value;
}

export function optionalBoolean(query: QueryString, name: string): boolean | undefined {
  const value = single(query, name);
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new BoundaryError('invalid_parameter', `${name} must be true or false`);
}

export function optionalEnum<T extends string>(query: QueryString, name: string, allowed: readonly T[]): T | undefined {
  const value = single(query, name);
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new BoundaryError('invalid_parameter', `${name} must be one of ${allowed.join(', ')}`);
}

export function limitOf(query: QueryString, fallback: number, max: number): number {
  const value = single(query, 'limit');
  if (value === undefined) return fallback;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new BoundaryError('invalid_parameter', `limit must be a whole number from 1 to ${max}`);
  }
  return limit;
}

export interface TimeRange {
  from: number;
  to: number;
}

/** `from`/`to` in epoch milliseconds; by default the last `defaultDays` days up to now (plus a minute of skew). */
export function timeRangeOf(query: QueryString, defaultDays: number, now = Date.now()): TimeRange {
  const parse = (name: string, fallback: number) => {
    const value = single(query, name);
    if (value === undefined) return fallback;
    const time = Number(value);
    if (!Number.isFinite(time) || time < 0) {
      throw new BoundaryError('invalid_parameter', `${name} must be epoch milliseconds (a number >= 0)`);
    }
    return time;
  };
  const to = parse('to', now + 60_000);
  const from = parse('from', to - defaultDays * DAY_MS);
  if (from > to) throw new BoundaryError('invalid_parameter', 'from must not be after to');
  return { from, to };
}

/** `attr.<key>=<value>` filters. */
export function attributeFilters(query: QueryString): Array<[string, string]> {
  const filters: Array<[string, string]> = [];
  for (const name of Object.keys(query)) {
    if (!name.startsWith('attr.')) continue;
    const key = name.slice(5);
    const value = single(query, name) ?? '';
    if (key.length === 0 || key.length > 256) {
      throw new BoundaryError('invalid_parameter', `${name}: the attribute key must be 1-256 characters`);
    }
    filters.push([key, value]);
  }
  if (filters.length > 10) throw new BoundaryError('invalid_parameter', 'at most 10 attr.<key> filters');
  return filters;
}
