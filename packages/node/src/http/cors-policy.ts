/**
 * What a response needs so a browser on another origin can send trace headers and read the server's trace id
 * (pure: options and request facts in, headers out).
 *
 * - A CORS preflight from an allowed origin is answered with the app's headers plus every trace header the
 *   configured propagators read; without that the browser refuses to send `traceparent`/`baggage` at all.
 * - Every response gets `Server-Timing: traceparent;desc="00-<trace>-<span>-<flags>"` for the server span, which the
 *   browser reads from the document's and resources' performance entries (design brief, "Document load").
 * - Cross-origin entries expose Server-Timing only with `Timing-Allow-Origin` (Resource Timing § 4.5), and `fetch`
 *   only with `Access-Control-Expose-Headers`.
 */
import { invalidOption } from '../config/config-error.js';
import { composePropagators, type PropagatorSetting } from '../propagation/propagators.js';

export type RumlinkHttpOptions = {
  /** Browser origins (`https://shop.example`) allowed to send trace headers and read timing; `'*'` for any, or a
   *  predicate. Default: none (Server-Timing is still added, for same-origin pages). */
  allowedOrigins?: readonly string[] | '*' | ((origin: string) => boolean);
  /** The app's own request headers a preflight must allow too (e.g. `content-type`, `authorization`). */
  allowedHeaders?: readonly string[];
  /** Default: GET, HEAD, POST, PUT, PATCH, DELETE. */
  allowedMethods?: readonly string[];
  /** The propagators whose headers are allowed (default: rumlink's defaults). */
  propagators?: readonly PropagatorSetting[];
  /** Answer `Access-Control-Allow-Credentials: true` (cookies). Not allowed with `allowedOrigins: '*'`. */
  credentials?: boolean;
  /** How long a browser may cache the preflight answer (default 600 s). */
  maxAgeSeconds?: number;
  /** Add `Server-Timing: traceparent` (default true). */
  serverTiming?: boolean;
};

export interface HttpPolicy {
  readonly isAllowedOrigin: (origin: string) => boolean;
  /** The `Timing-Allow-Origin` value for requests that carry no `Origin` (navigations, no-cors resources). */
  readonly timingAllowOrigins: string | undefined;
  readonly allowHeaders: string;
  readonly allowMethods: string;
  readonly credentials: boolean;
  readonly maxAgeSeconds: number;
  readonly serverTiming: boolean;
}

export interface RequestFacts {
  method: string | undefined;
  origin: string | undefined;
  /** `Access-Control-Request-Method`: present only on preflights. */
  requestMethod: string | undefined;
}

export interface ResponsePlan {
  /** A preflight this plan answers (204, no body); the app does not see it. */
  preflight: boolean;
  headers: Record<string, string>;
}

/** Headers whose values are comma-separated lists: appended to what the app set, never replaced. */
export const LIST_HEADERS = new Set(['vary', 'access-control-expose-headers', 'timing-allow-origin', 'server-timing']);

const DEFAULT_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** The request headers a preflight must allow for `propagators` (default: rumlink's defaults), lowercase, sorted. */
export function corsAllowedHeaders(propagators?: readonly PropagatorSetting[]): string[] {
  const fields = composePropagators(propagators).fields();
  return [...new Set(fields.map((field) => field.toLowerCase()))].sort();
}

/** @throws RumlinkConfigError naming the option that was wrong. */
export function compileHttpPolicy(options: RumlinkHttpOptions = {}): HttpPolicy {
  const { allowedOrigins = [], credentials = false, maxAgeSeconds = 600, serverTiming = true } = options;
  const headers = tokens(options.allowedHeaders ?? [], 'allowedHeaders').map((header) => header.toLowerCase());
  const methods = tokens(options.allowedMethods ?? DEFAULT_METHODS, 'allowedMethods').map((m) => m.toUpperCase());
  if (typeof credentials !== 'boolean')
    throw invalidOption('credentials', 'must be true or false', 'Omit it or pass a boolean');
  if (typeof serverTiming !== 'boolean')
    throw invalidOption('serverTiming', 'must be true or false', 'Omit it or pass a boolean');
  if (!Number.isInteger(maxAgeSeconds) || maxAgeSeconds < 0) {
    throw invalidOption('maxAgeSeconds', `${maxAgeSeconds} is not a whole number of seconds`, 'Pass e.g. 600');
  }
  const traceHeaders = corsAllowedHeaders(options.propagators);
  return {
    ...originRule(allowedOrigins, credentials),
    allowHeaders: [...new Set([...headers, ...traceHeaders])].join(', '),
    allowMethods: [...new Set(methods)].join(', '),
    credentials,
    maxAgeSeconds,
    serverTiming,
  };
}

export function planResponse(
  policy: HttpPolicy,
  request: RequestFacts,
  serverTiming: string | undefined,
): ResponsePlan {
  const { origin } = request;
  const allowed = origin !== undefined && policy.isAllowedOrigin(origin);
  const headers: Record<string, string> = {};
  if (allowed) {
    headers['access-control-allow-origin'] = origin;
    headers.vary = 'Origin';
    if (policy.credentials) headers['access-control-allow-credentials'] = 'true';
  }
  if (allowed && request.method === 'OPTIONS' && request.requestMethod !== undefined) {
    headers['access-control-allow-methods'] = policy.allowMethods;
    headers['access-control-allow-headers'] = policy.allowHeaders;
    headers['access-control-max-age'] = String(policy.maxAgeSeconds);
    return { preflight: true, headers };
  }
  if (allowed) {
    headers['access-control-expose-headers'] = 'Server-Timing';
    headers['timing-allow-origin'] = origin;
  } else if (origin === undefined && policy.timingAllowOrigins !== undefined) {
    headers['timing-allow-origin'] = policy.timingAllowOrigins;
  }
  if (policy.serverTiming && serverTiming !== undefined) headers['server-timing'] = serverTiming;
  return { preflight: false, headers };
}

function originRule(
  allowedOrigins: NonNullable<RumlinkHttpOptions['allowedOrigins']>,
  credentials: boolean,
): Pick<HttpPolicy, 'isAllowedOrigin' | 'timingAllowOrigins'> {
  if (allowedOrigins === '*') {
    if (credentials) {
      throw invalidOption(
        'allowedOrigins',
        "'*' with credentials: true would let every site read responses made with the user's cookies",
        'List the origins that may call this service',
      );
    }
    return { isAllowedOrigin: () => true, timingAllowOrigins: '*' };
  }
  if (typeof allowedOrigins === 'function') return { isAllowedOrigin: allowedOrigins, timingAllowOrigins: undefined };
  if (!Array.isArray(allowedOrigins)) {
    throw invalidOption('allowedOrigins', `expected a list of origins, '*' or a function`, originFix);
  }
  const origins = new Set(allowedOrigins.map((value: unknown, index) => origin(value, `allowedOrigins[${index}]`)));
  return {
    isAllowedOrigin: (value) => origins.has(value),
    timingAllowOrigins: origins.size > 0 ? [...origins].join(', ') : undefined,
  };
}

/** A serialized origin (`scheme://host[:port]`), as browsers send it in `Origin`. */
function origin(value: unknown, option: string): string {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {}
  const serialized = url?.origin;
  if (url === undefined || !/^https?:$/.test(url.protocol) || (value !== serialized && value !== `${serialized}/`)) {
    throw invalidOption(option, `${JSON.stringify(value)} is not an origin`, originFix);
  }
  return serialized!;
}

function tokens(values: readonly string[], option: string): readonly string[] {
  if (!Array.isArray(values)) throw invalidOption(option, 'expected a list', 'Pass e.g. ["content-type"]');
  values.forEach((value: unknown, index) => {
    if (typeof value !== 'string' || !TOKEN.test(value)) {
      throw invalidOption(
        `${option}[${index}]`,
        `${JSON.stringify(value)} is not a header or method name`,
        'Remove it',
      );
    }
  });
  return values;
}

const originFix = "Use scheme://host[:port] with no path, e.g. 'https://shop.example', or '*' for any origin";
