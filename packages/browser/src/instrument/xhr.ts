/**
 * The only code that patches XMLHttpRequest. open/setRequestHeader/send keep their semantics: reused objects,
 * `open` called twice, synchronous requests, and the errors the originals throw. The page's own `baggage` header is
 * held until send and merged with the SDK's members, so the request carries one well-formed baggage header.
 */
import { guarded, type Reporter } from '../reporter.js';
import type { OutgoingRequest, RequestInterceptor } from './outgoing-request.js';
import { patch } from './patch.js';

/** A request between open() and send(); its headers are the ones the page set (repeated names joined with ", ",
 *  as XHR does). */
type OpenedRequest = Required<OutgoingRequest>;

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
          opened.set(this, { url_: String(args[1]), headers_: new Headers() });
          return open.apply(this, args);
        },
    ),
    patch(
      proto,
      'setRequestHeader',
      () =>
        function (this: XMLHttpRequest, name: string, value: string) {
          const request = opened.get(this);
          // The page's baggage is held until send, to go out merged with the SDK's members; any other header is
          // recorded once the original accepted it (it validates and throws like Headers would).
          if (request && this.readyState === 1 && /^baggage$/i.test(name)) return request.headers_.append(name, value);
          setRequestHeader.call(this, name, value);
          request?.headers_.append(name, value);
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
            const added = guarded(reporter, () => intercept(request));
            // The held baggage header goes out as the page set it unless the SDK merged its members into it.
            for (const [name, value] of Object.entries({ baggage: request.headers_.get('baggage'), ...added })) {
              if (value !== null) setRequestHeader.call(this, name, value);
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
