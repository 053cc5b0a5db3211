/**
 * rumlink's hooks run inside the app's requests and log calls; a failure there must never reach the app. Each hook
 * catches, reports here, and carries on. One report per hook: a bug that fires on every request would otherwise flood
 * the app's own logs through `diag`.
 */
import { diag } from '@opentelemetry/api';

const reported = new Set<string>();

export function reportInternalError(hook: string, error: unknown): void {
  if (reported.has(hook)) return;
  reported.add(hook);
  const reason = error instanceof Error ? error.message : String(error);
  diag.error(`rumlink: ${hook} failed and was skipped; the app continues (reported once): ${reason}`, error);
}
