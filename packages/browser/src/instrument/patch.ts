/**
 * The one way the SDK replaces a platform function (fetch, XHR methods): `wrap` builds the replacement from the
 * original. The returned function undoes it: the original comes back only if nobody wrapped it after us; otherwise
 * ours stays, as a pass-through to the original.
 */
// biome-ignore lint/suspicious/noExplicitAny: the `this` and arguments of any platform function
type Method = (this: any, ...args: any[]) => any;

export function patch<T, K extends keyof T>(target: T, name: K, wrap: (original: T[K] & Method) => Method): () => void {
  const original = target[name] as T[K] & Method;
  const wrapped = wrap(original);
  let active = true;
  const patched = function (this: unknown, ...args: unknown[]) {
    // The same arguments, as many as the page passed: XHR open's arity changes its meaning.
    return (active ? wrapped : original).apply(this, args);
  } as T[K];
  target[name] = patched;
  return () => {
    active = false;
    if (target[name] === patched) target[name] = original;
  };
}
