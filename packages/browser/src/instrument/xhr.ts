/**
 * The only code that patches XMLHttpRequest. open/setRequestHeader/send keep their semantics: reused objects,
 * `open` called twice, synchronous requests, and the errors the originals throw. The page's own `baggage` header is
 * held until send and merged with the SDK's members, so the request carries one well-formed baggage header.
 */
import { guarded, type Reporter } from '../reporter.js';
import type { RequestDecision, RequestInterceptor } from './outgoing-request.js';

interface XhrState {
  method: string;
  url: string;
  /** Headers the page set, lowercase name → value (repeated names joined with ", ", as XHR does). */
  headers: Map<string, string>;
  decision?: RequestDecision | undefined;
}

export function instrumentXhr(win: Window, intercept: RequestInterceptor, reporter: Reporter): { stop(): void } {
  const proto = (win as Window & typeof globalThis).XMLHttpRequest?.prototype;
  if (!proto) return { stop() {} };
  const { open, send, setRequestHeader } = proto;
  const states = new WeakMap<XMLHttpRequest, XhrState>();
  let active = true;

  // Completes a traced request once: at loadend, after a synchronous send, or when open() aborts it.
  const finish = (state: XhrState | undefined, status: number) => {
    const decision = state?.decision;
    if (state && decision) {
      state.decision = undefined;
      guarded(reporter, () => decision.complete(status), undefined);
    }
  };

  const patched: Pick<XMLHttpRequest, 'open' | 'send' | 'setRequestHeader'> = {
    open: function (this: XMLHttpRequest, method: string, url: string | URL) {
      finish(states.get(this), 0);
      states.delete(this);
      if (active) states.set(this, { method: String(method).toUpperCase(), url: String(url), headers: new Map() });
      // biome-ignore lint/complexity/noArguments: open's arity changes its meaning (async, user, password)
      return open.apply(this, arguments as unknown as Parameters<typeof open>);
    } as typeof open,

    setRequestHeader(this: XMLHttpRequest, name: string, value: string) {
      const state = states.get(this);
      const key = String(name).toLowerCase();
      // Only record while the original would accept the header (OPENED, not sent); otherwise let it throw.
      if (!state || this.readyState !== 1) return setRequestHeader.call(this, name, value);
      const earlier = state.headers.get(key);
      state.headers.set(key, earlier === undefined ? String(value) : `${earlier}, ${value}`);
      if (key !== 'baggage') setRequestHeader.call(this, name, value);
    },

    send(this: XMLHttpRequest) {
      const state = states.get(this);
      states.delete(this); // a second send() on the same open() is the original's error to raise
      if (state && this.readyState === 1) {
        const decision = active
          ? guarded(
              reporter,
              () => intercept({ ...state, header: (name) => state.headers.get(name.toLowerCase()) ?? null }),
              undefined,
            )
          : undefined;
        const headers: Record<string, string> = { ...decision?.headers };
        const baggage = headers.baggage ?? state.headers.get('baggage');
        if (baggage !== undefined) headers.baggage = baggage;
        for (const name in headers) setRequestHeader.call(this, name, headers[name]!);
        if (decision) {
          state.decision = decision;
          this.addEventListener('loadend', () => finish(state, this.status), { once: true });
          states.set(this, state);
        }
      }
      try {
        // biome-ignore lint/complexity/noArguments: keep the call exactly as the page made it
        return send.apply(this, arguments as unknown as Parameters<typeof send>);
      } finally {
        // A synchronous request has completed (or thrown) by now.
        if (this.readyState === 4) finish(state, this.status);
      }
    },
  };
  Object.assign(proto, patched);

  return {
    stop() {
      active = false;
      // Restore only what is still ours; a later wrapper keeps calling through our (now inactive) functions.
      if (proto.open === patched.open) proto.open = open;
      if (proto.send === patched.send) proto.send = send;
      if (proto.setRequestHeader === patched.setRequestHeader) proto.setRequestHeader = setRequestHeader;
    },
  };
}
