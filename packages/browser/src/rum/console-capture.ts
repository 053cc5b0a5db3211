/**
 * The only code that wraps `console` methods: console errors (error collection) and forwarded console logs both
 * subscribe here. The page's call always reaches the original method, with the same arguments.
 */
import { guarded, type Reporter } from '../reporter.js';
import type { ConsoleLevel } from './rum-config.js';

export type ConsoleListener = (level: ConsoleLevel, message: string, error: Error | undefined) => void;

/** A console argument as text: JSON for objects (never throws on cycles or exotic values). */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export function captureConsole(levels: ConsoleLevel[], listener: ConsoleListener, reporter: Reporter): () => void {
  const restore = levels.map((level) => {
    const original = console[level];
    const wrapper = function (this: Console, ...args: unknown[]) {
      guarded(reporter, () => {
        const message = args.map(formatValue).join(' ');
        // The SDK's own reports (reporter.ts) are not the page's errors.
        if (!message.startsWith('rumlink:'))
          listener(
            level,
            message,
            args.find((arg) => arg instanceof Error),
          );
      });
      return original.apply(this, args);
    };
    console[level] = wrapper;
    return () => {
      if (console[level] === wrapper) console[level] = original;
    };
  });
  return () => {
    for (const stop of restore) stop();
  };
}
