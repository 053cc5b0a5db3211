/**
 * The SDK's own debug channel. The SDK must never break the host page, so its failures are caught at the edge of
 * each instrumentation and reported here: once per distinct message on the console, and to `onReport` (telemetry,
 * tests).
 */

export interface Report {
  kind_: 'internal' | 'config';
  message: string;
}

export interface Reporter {
  /** A problem in the SDK itself (a bug, an unexpected browser behaviour); the page's call went on untouched. */
  internalError_(error: unknown): void;
  /** A configuration problem the site owner must fix. */
  configError_(message: string): void;
}

export function createReporter(
  onReport?: (report: Report) => void,
  console_: Pick<Console, 'error' | 'warn'> = console,
): Reporter {
  const seen = new Set<string>();
  const report = (kind: Report['kind_'], problem: unknown) => {
    try {
      // An Error's string form is `${name}: ${message}` (Error.prototype.toString); inside the try because a
      // thrown value's conversion can throw too.
      const message = String(problem);
      if (seen.has(message)) return;
      seen.add(message);
      if (kind === 'config') console_.error(`rumlink: ${message}`);
      else console_.warn(`rumlink: internal error: ${message}`);
      onReport?.({ kind_: kind, message });
    } catch {
      // a broken console (or report listener) must not break the page either
    }
  };
  return {
    internalError_: (error) => report('internal', error),
    configError_: (message) => report('config', message),
  };
}

/** Runs `action`; on failure reports it and returns undefined instead of throwing into the page. */
export function guarded<T>(reporter: Reporter, action: () => T): T | undefined {
  try {
    return action();
  } catch (error) {
    reporter.internalError_(error);
  }
}
