/**
 * The node:http edge of the CORS/Server-Timing policy (cors-policy.ts). Express uses it as is; Fastify applies the
 * same plan through its reply API (fastify.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { context } from '@opentelemetry/api';
import { reportInternalError } from '../diagnostics.js';
import {
  compileHttpPolicy,
  type HttpPolicy,
  LIST_HEADERS,
  planResponse,
  type ResponsePlan,
  type RumlinkHttpOptions,
} from './cors-policy.js';
import { serverTimingTraceparent } from './server-timing.js';

const policies = new WeakMap<RumlinkHttpOptions, HttpPolicy>();

/**
 * Adds rumlink's CORS and Server-Timing headers to `res`, and answers a preflight from an allowed origin.
 * Returns true when it answered the request (the app must not); call it first in a node:http handler.
 * Options are checked on first use (pass the same object each time; it is compiled once).
 * @throws RumlinkConfigError for invalid options (on the first request, before anything is written).
 */
export function handleRumlinkHttp(
  req: IncomingMessage,
  res: ServerResponse,
  options: RumlinkHttpOptions = {},
): boolean {
  let policy = policies.get(options);
  if (policy === undefined) {
    policy = compileHttpPolicy(options);
    policies.set(options, policy);
  }
  return applyToNodeResponse(policy, req, res);
}

export function applyToNodeResponse(policy: HttpPolicy, req: IncomingMessage, res: ServerResponse): boolean {
  try {
    const plan = planFor(policy, req);
    if (!plan.preflight) {
      addWhenHeadersAreWritten(res, plan.headers);
      return false;
    }
    res.writeHead(204, { ...plan.headers, 'content-length': '0' });
    res.end();
    return true;
  } catch (error) {
    reportInternalError('the rumlink HTTP handler', error);
    return false;
  }
}

export function planFor(policy: HttpPolicy, req: IncomingMessage): ResponsePlan {
  const requestMethod = req.headers['access-control-request-method'];
  return planResponse(
    policy,
    {
      method: req.method,
      origin: req.headers.origin,
      requestMethod: Array.isArray(requestMethod) ? requestMethod[0] : requestMethod,
    },
    // Read now: this is the request's context; by the time headers are written it may not be active.
    policy.serverTiming ? serverTimingTraceparent(context.active()) : undefined,
  );
}

/**
 * Adds `headers` when the response head is written, not now: an app that sets its own `Server-Timing` or `Vary`
 * later (setHeader, or writeHead's header argument, which is how Fastify writes) would otherwise replace ours.
 * The app's values win for single-valued headers; list headers get ours appended.
 */
export function addWhenHeadersAreWritten(res: ServerResponse, headers: Record<string, string>): void {
  const writeHead = res.writeHead;
  res.writeHead = function writeHeadWithRumlinkHeaders(this: ServerResponse, ...args: unknown[]) {
    res.writeHead = writeHead;
    try {
      const given = args.find(
        (arg, index) => index > 0 && typeof arg === 'object' && arg !== null && !Array.isArray(arg),
      );
      mergeInto(res, given as Record<string, unknown> | undefined, headers);
    } catch (error) {
      reportInternalError('the rumlink HTTP handler (writeHead)', error);
    }
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse['writeHead'];
}

function mergeInto(res: ServerResponse, given: Record<string, unknown> | undefined, headers: Record<string, string>) {
  for (const [name, value] of Object.entries(headers)) {
    const givenName = given && Object.keys(given).find((key) => key.toLowerCase() === name);
    if (given && givenName !== undefined) {
      if (LIST_HEADERS.has(name)) given[givenName] = mergedValue(given[givenName], value);
    } else if (res.getHeader(name) === undefined) {
      res.setHeader(name, value);
    } else if (LIST_HEADERS.has(name)) {
      res.setHeader(name, mergedValue(res.getHeader(name), value));
    }
  }
}

/** A list header's value with `value` appended, unless it is already there. */
export function mergedValue(existing: unknown, value: string): string {
  const current = Array.isArray(existing) ? existing.join(', ') : existing === undefined ? '' : String(existing);
  if (current.trim() === '') return value;
  const items = current.split(',').map((item) => item.trim().toLowerCase());
  return items.includes(value.toLowerCase()) ? current : `${current}, ${value}`;
}
