/**
 * The only code that patches XMLHttpRequest. open/setRequestHeader/send keep their semantics: reused objects,
 * `open` called twice, synchronous requests, and the errors the originals throw. The page's own `baggage` header is
 * held until send and merged with the SDK's members, so the request carries one well-formed baggage header.
 */
import { guarded, type Reporter } from '../reporter.js';
import type { RequestInterceptor } from './outgoing-request.js';
import { patch } from './patch.js';

/** A request between open() and send(). */
interface OpenedRequest {
  url_: string;
  /** Headers the page set, lowercase name → value (repeated names joined with ", ", as XHR does). */
  headers_: Map<string, string>;
}

export function instrumentXhr(win: Window, intercept: RequestInterceptor, reporter: Reporter): () => void {
  const proto = (win as Window & typeof globalThis).XMLHttpRequest.prototype;
  const { setRequestHeader } = proto;
  const opened = new WeakMap<XMLHttpRequest, OpenedRequest>();

  const restores = [
    patch(
      proto,
      'open',
      (open) =>
        function (this: XMLHttpRequest, ...args: Parameters<XMLHttpRequest['open']>) {
          opened.set(this, { url_: String(args[1]), headers_: new Map() });
          return open.apply(this, args);
        },
    ),
    patch(
      proto,
      'setRequestHeader',
      () =>
        function (this: XMLHttpRequest, name: string, value: string) {
          const request = opened.get(this);
          const key = String(name).toLowerCase();
          // Only record while the original would accept the header (OPENED, not sent); otherwise let it throw.
          if (request && this.readyState === 1) {
            const earlier = request.headers_.get(key);
            request.headers_.set(key, earlier === undefined ? String(value) : `${earlier}, ${value}`);
            if (key === 'baggage') return;
          }
          setRequestHeader.call(this, name, value);
        },
    ),
    patch(
      proto,
      'send',
      (send) =>
        function (this: XMLHttpRequest, ...args: Parameters<XMLHttpRequest['send']>) {
          const request = opened.get(this);
          opened.delete(this); // a second send() on the same open() is the original's error to raise
          if (request && this.readyState === 1) {
            const added = guarded(reporter, () =>
              intercept({ url_: request.url_, header_: (name) => request.headers_.get(name.toLowerCase()) ?? null }),
            );
            // The held baggage header goes out as the page set it unless the SDK merged its members into it.
            const headers: Record<string, string | undefined> = {
              baggage: request.headers_.get('baggage'),
              ...added,
            };
            for (const name in headers) {
              const value = headers[name];
              if (value !== undefined) setRequestHeader.call(this, name, value);
            }
          }
          return send.apply(this, args);
        },
    ),
  ];
  return () => {
    for (const restore of restores) restore();
  };
}
