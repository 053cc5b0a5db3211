/**
 * The single way RUM collections listen to the page: every handler runs guarded (a failure of ours is reported and
 * never reaches the page) and every subscription returns its removal, so `stop()` leaves the page as it was.
 */
import { guarded, type Reporter } from '../reporter.js';

export type Listen = <E extends Event>(
  target: EventTarget,
  type: string,
  handler: (event: E) => void,
  capture?: boolean,
) => () => void;

export const createListen =
  (reporter: Reporter): Listen =>
  (target, type, handler, capture) => {
    const listener = (event: Event) => guarded(reporter, () => handler(event as never));
    const options = { capture: !!capture, passive: true };
    target.addEventListener(type, listener, options);
    return () => target.removeEventListener(type, listener, options);
  };

/** Observes performance entries of one type (buffered: entries from before the SDK started are delivered too). */
export function observePerformance(
  type: string,
  reporter: Reporter,
  handler: (entry: PerformanceEntry) => void,
): () => void {
  if (!PerformanceObserver.supportedEntryTypes?.includes(type)) return () => {};
  const observer = new PerformanceObserver((list) =>
    guarded(reporter, () => {
      for (const entry of list.getEntries()) handler(entry);
    }),
  );
  observer.observe({ type, buffered: true });
  return () => observer.disconnect();
}
