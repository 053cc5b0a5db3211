/**
 * The only code that wraps `window.fetch`. The page's call keeps every semantic of the original: the same `this`,
 * the same promise object, Request bodies, streams, signals, keepalive and credentials. Any failure of ours falls
 * back to calling the original exactly as the page did.
 */
import { guarded, type Reporter } from '../reporter.js';
import type { RequestDecision, RequestInterceptor } from './outgoing-request.js';

type FetchArgs = [input: RequestInfo | URL, init?: RequestInit];

function prepare(
  args: FetchArgs,
  intercept: RequestInterceptor,
): { args: FetchArgs; decision: RequestDecision } | undefined {
  const [input, init] = args;
  const request = input instanceof Request ? input : undefined;
  // Fetch spec, Request constructor: init.headers, when given, replaces the input Request's headers.
  const initHasHeaders = init?.headers !== undefined;
  const headers = new Headers(initHasHeaders ? init.headers : request?.headers);
  const decision = intercept({
    url: request ? request.url : input instanceof URL ? input.href : String(input),
    method: (init?.method ?? request?.method ?? 'GET').toUpperCase(),
    header: (name) => headers.get(name),
  });
  if (!decision) return undefined;
  const names = Object.keys(decision.headers);
  if (names.length === 0) return { args, decision };
  if (request && !initHasHeaders) {
    // A copy of the Request carries its body, signal, mode and credentials; only its headers change.
    const copy = new Request(request);
    for (const name of names) copy.headers.set(name, decision.headers[name]!);
    return { args: args.length > 1 ? [copy, init] : [copy], decision };
  }
  for (const name of names) headers.set(name, decision.headers[name]!);
  return { args: [input, { ...init, headers }], decision };
}

export function instrumentFetch(win: Window, intercept: RequestInterceptor, reporter: Reporter): { stop(): void } {
  const original = win.fetch;
  if (typeof original !== 'function') return { stop() {} };
  let active = true;

  function fetch(this: unknown, ...args: FetchArgs): Promise<Response> {
    const prepared = active ? guarded(reporter, () => prepare(args, intercept), undefined) : undefined;
    const result = original.apply(this, prepared ? prepared.args : args);
    if (prepared) {
      const { decision } = prepared;
      // A branch of its own: the page's promise is returned untouched and its rejection stays the page's to handle.
      result.then(
        (response) => guarded(reporter, () => decision.complete(response.status), undefined),
        () => guarded(reporter, () => decision.complete(0), undefined),
      );
    }
    return result;
  }

  win.fetch = fetch as typeof win.fetch;
  return {
    stop() {
      active = false;
      // Restore only if nobody wrapped fetch after us; otherwise our wrapper stays as a pass-through.
      if (win.fetch === (fetch as typeof win.fetch)) win.fetch = original;
    },
  };
}
