/**
 * The only code that patches XMLHttpRequest. open/setRequestHeader/send keep their semantics: reused objects,
 * `open` called twice, synchronous requests, and the errors the originals throw. The page's own `baggage` header is
 * held until send and merged with the SDK's members, so the request carries one well-formed baggage header.
 */
import { guarded, type Reporter } from '../reporter.js';
import type { RequestInterceptor } from './outgoing-request.js';
import type { RequestCompletion } from './request-completion.js';

/** A request between open() and send(). */
interface OpenedRequest {
  method: string;
  url: string;
  /** Headers the page set, lowercase name → value (repeated names joined with ", ", as XHR does). */
  headers: Map<string, string>;
}

type PatchedMethods = Pick<XMLHttpRequest, 'open' | 'send' | 'setRequestHeader'>;

export function instrumentXhr(
  win: Window,
  intercept: RequestInterceptor,
  reporter: Reporter,
  completion?: RequestCompletion,
): () => void {
  const proto = (win as Window & typeof globalThis).XMLHttpRequest?.prototype;
  if (!proto) return () => {};
  const original: PatchedMethods = { open: proto.open, send: proto.send, setRequestHeader: proto.setRequestHeader };
  const opened = new WeakMap<XMLHttpRequest, OpenedRequest>();
  let active = true;

  const patched: PatchedMethods = {
    open: function (this: XMLHttpRequest, method: string, url: string | URL) {
      completion?.xhrOpened(this);
      if (active) opened.set(this, { method: String(method).toUpperCase(), url: String(url), headers: new Map() });
      else opened.delete(this);
      // biome-ignore lint/complexity/noArguments: open's arity changes its meaning (async, user, password)
      return original.open.apply(this, arguments as unknown as Parameters<typeof original.open>);
    } as typeof original.open,

    setRequestHeader(this: XMLHttpRequest, name: string, value: string) {
      const request = opened.get(this);
      const key = String(name).toLowerCase();
      // Only record while the original would accept the header (OPENED, not sent); otherwise let it throw.
      if (request && this.readyState === 1) {
        const earlier = request.headers.get(key);
        request.headers.set(key, earlier === undefined ? String(value) : `${earlier}, ${value}`);
        if (key === 'baggage') return;
      }
      original.setRequestHeader.call(this, name, value);
    },

    send(this: XMLHttpRequest) {
      const request = opened.get(this);
      opened.delete(this); // a second send() on the same open() is the original's error to raise
      if (request && this.readyState === 1) {
        const decision = active
          ? guarded(reporter, () =>
              intercept({ ...request, kind: 'xhr', header: (name) => request.headers.get(name.toLowerCase()) ?? null }),
            )
          : undefined;
        // The held baggage header goes out as the page set it unless the SDK merged its members into it.
        const headers: Record<string, string | undefined> = {
          baggage: request.headers.get('baggage'),
          ...decision?.headers,
        };
        for (const name in headers) {
          const value = headers[name];
          if (value !== undefined) original.setRequestHeader.call(this, name, value);
        }
        if (decision?.complete) completion?.xhrSending(this, decision.complete);
      }
      try {
        // biome-ignore lint/complexity/noArguments: keep the call exactly as the page made it
        return original.send.apply(this, arguments as unknown as Parameters<typeof original.send>);
      } finally {
        completion?.xhrSent(this);
      }
    },
  };
  Object.assign(proto, patched);

  return () => {
    active = false;
    // Restore only what is still ours; a later wrapper keeps calling through our (now inactive) functions.
    for (const name of Object.keys(patched) as (keyof PatchedMethods)[]) {
      if (proto[name] === patched[name]) (proto as PatchedMethods)[name] = original[name] as never;
    }
  };
}
