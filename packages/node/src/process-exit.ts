/**
 * Flushing telemetry when the process ends, for `register`. Listening for a signal replaces Node's default (exit),
 * so after flushing, a signal nobody else handles is raised again and the process ends as it would have. An app with
 * its own handler keeps control of when it exits.
 */
import type { RumlinkHandle } from './start-rumlink.js';

export function shutdownOnExit(handle: RumlinkHandle, timeoutMs = 10_000): void {
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    // An exporter that cannot reach its endpoint must not keep the process alive past its own timeout.
    stopping ??= Promise.race([
      handle.shutdown(),
      new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref()),
    ]).catch((error: unknown) => {
      process.stderr.write(
        `rumlink: could not flush telemetry at exit: ${error instanceof Error ? error.message : error}\n`,
      );
    });
    return stopping;
  };
  process.once('beforeExit', () => void stop());
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      // Counted now: `once` listeners of the app are gone by the time the flush is done.
      const appHandlesSignal = process.listenerCount(signal) > 0;
      void stop().then(() => {
        if (!appHandlesSignal) process.kill(process.pid, signal);
      });
    });
  }
}
