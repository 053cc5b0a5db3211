/**
 * When the page is busy: requests in flight. An action (a click) or a route change lasts until the page settles:
 * no request pending for IDLE_MS. Its end is then the end of the last request it caused, or its start if it caused
 * none; after MAX_MS the wait gives up and the end is that moment.
 */
import { guarded, type Reporter } from '../reporter.js';

export const IDLE_MS = 100;
export const MAX_MS = 10_000;

export interface PageActivity {
  /** A request started; call the returned function when it ends. */
  requestStarted(): () => void;
  /** Calls `done(end)` once the page has settled after `start` (epoch ms); the returned function cancels. */
  whenSettled(start: number, done: (end: number) => void): () => void;
}

export function createPageActivity(reporter: Reporter, clock: () => number = Date.now): PageActivity {
  let pending = 0;
  let lastChange = 0;
  return {
    requestStarted() {
      pending++;
      lastChange = clock();
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        pending--;
        lastChange = clock();
      };
    },
    whenSettled(start, done) {
      const timer = setInterval(() => {
        const now = clock();
        const last = Math.max(start, lastChange);
        const end = now - start >= MAX_MS ? now : !pending && now - last >= IDLE_MS ? last : 0;
        if (end) {
          clearInterval(timer);
          guarded(reporter, () => done(end));
        }
      }, IDLE_MS / 2);
      return () => clearInterval(timer);
    },
  };
}
