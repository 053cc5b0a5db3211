/**
 * The only code that wraps `window.fetch`. The page's call keeps every semantic of the original: the same `this`,
 * the same promise object, Request bodies, streams, signals, keepalive and credentials. Any failure of ours falls
 * back to calling the original exactly as the page did.
 */
import { guarded, type Reporter } from '../reporter.js';
import type { RequestDecision, RequestInterceptor } from './outgoing-request.js';
import { patch } from './patch.js';
import type { RequestCompletion } from './request-completion.js';

type FetchArgs = [input: RequestInfo | URL, init?: RequestInit];

/** Asks the interceptor about the call and adds the headers it decided to `args` (the wrapper's own array). */
function prepare(args: FetchArgs, intercept: RequestInterceptor): RequestDecision | undefined {
  const [input, init] = args;
  const request = input instanceof Request ? input : undefined;
  // Fetch spec, Request constructor: init.headers, when given, replaces the input Request's headers.
  const initHasHeaders = init?.headers !== undefined;
  // Most calls carry no headers at all: nothing to read then, and the SDK's headers go as a plain record, without
  // a Headers object to build and fill.
  const headers = initHasHeaders || request ? new Headers(initHasHeaders ? init.headers : request!.headers) : undefined;
  const decision = intercept({
    kind: 'fetch',
    url: request ? request.url : String(input), // a URL's string form is its href
    method: (init?.method ?? request?.method ?? 'GET').toUpperCase(),
    header: headers && ((name) => headers.get(name)),
  });
  const added = Object.entries(decision?.headers ?? {});
  if (added.length === 0) return decision;
  // A copy of the Request carries its body, signal, mode, credentials and referrer policy; only its headers change.
  const copy = request && !initHasHeaders ? new Request(request) : undefined;
  for (const [name, value] of added) (copy?.headers ?? headers)?.set(name, value);
  if (copy) args[0] = copy;
  else args[1] = { ...init, headers: headers ?? decision!.headers };
  return decision;
}

export function instrumentFetch(
  win: Window,
  intercept: RequestInterceptor,
  reporter: Reporter,
  completion?: RequestCompletion,
): () => void {
  return patch(
    win,
    'fetch',
    (original) =>
      function (this: unknown, ...args: FetchArgs): Promise<Response> {
        const decision = guarded(reporter, () => prepare(args, intercept));
        const result = original.apply(this, args);
        if (decision?.complete) completion?.fetch(result, decision.complete);
        return result;
      },
  );
}
