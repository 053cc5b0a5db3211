/**
 * Reading fields out of one parsed Datadog SDK event. Events are untrusted JSON: every accessor checks the type
 * and answers `undefined` for anything unexpected instead of throwing, so translators decide what is required.
 */
import { BoundaryError } from '../../errors.js';

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a dotted path (`'session.id'`); keys are looked up as own properties only. */
export function valueAt(event: JsonObject, path: string): unknown {
  let current: unknown = event;
  for (const key of path.split('.')) {
    if (!isJsonObject(current) || !Object.hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

/** A non-empty string at `path`. */
export function textAt(event: JsonObject, path: string): string | undefined {
  const value = valueAt(event, path);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A finite number at `path`. */
export function numberAt(event: JsonObject, path: string): number | undefined {
  const value = valueAt(event, path);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The SDK sends durations as integer nanoseconds (`toServerDuration`, js-core/time); rows hold milliseconds. */
export function nanosecondsToMs(event: JsonObject, path: string): number {
  const value = numberAt(event, path);
  return value !== undefined && value > 0 ? value / 1e6 : 0;
}

/** An HTTP status for the UInt16 column; 0 when absent or out of range. */
export function statusCodeAt(event: JsonObject, path: string): number {
  const value = numberAt(event, path);
  return value !== undefined && Number.isInteger(value) && value >= 0 && value <= 65_535 ? value : 0;
}

/**
 * The action an event belongs to. Child events (resource, error, long task, log `user_action`) carry `action.id` as an
 * array of every action in progress (`actionContexts.findActionId`, browser-rum-core/esm/domain/action), possibly
 * empty; the action event itself carries a string.
 */
export function firstIdAt(event: JsonObject, path: string): string {
  const value = valueAt(event, path);
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.find((id): id is string => typeof id === 'string' && id !== '') ?? '';
  return '';
}

/** A value of the `ddtags` string the SDK adds to every event (`sdk_version:7.16.2,env:staging,service:web`). */
export function tagValue(event: JsonObject, key: string): string | undefined {
  const tags = textAt(event, 'ddtags');
  if (!tags) return undefined;
  for (const tag of tags.split(',')) {
    if (tag.startsWith(`${key}:`) && tag.length > key.length + 1) return tag.slice(key.length + 1);
  }
  return undefined;
}

/**
 * The application identity every RUM event and log carries: service/version at the top level
 * (viewCollection.mjs), env only in `ddtags` (buildTags, browser-core tags.mjs).
 */
export function identityFields(event: JsonObject): { Service: string; Env: string; AppVersion: string } {
  return {
    Service: textAt(event, 'service') ?? tagValue(event, 'service') ?? '',
    Env: textAt(event, 'env') ?? tagValue(event, 'env') ?? '',
    AppVersion: textAt(event, 'version') ?? tagValue(event, 'version') ?? '',
  };
}

/** Event time: `date`, epoch milliseconds, set on every event by the SDK (`defaultContext.mjs`, logs `assembly.mjs`). */
export function requireDate(event: JsonObject, lineNumber: number): number {
  const date = numberAt(event, 'date');
  if (date === undefined || date < 0) {
    throw new BoundaryError(
      'invalid_event',
      `line ${lineNumber}: "date" (epoch milliseconds) is missing or not a number`,
    );
  }
  return Math.round(date);
}

/** A required non-empty string id; the whole batch is rejected without it. `where` starts the message (`line 3: view event`). */
export function requireText(event: JsonObject, path: string, where: string): string {
  const value = textAt(event, path);
  if (value === undefined) throw new BoundaryError('invalid_event', `${where} has no ${path} (a non-empty string)`);
  return value;
}

/** The path of a URL, for naming views that have no `view.name`. */
export function urlPath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
