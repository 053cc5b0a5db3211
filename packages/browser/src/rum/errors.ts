/**
 * Errors: uncaught exceptions (`error` events), unhandled promise rejections, `console.error` (unless
 * `trackConsoleErrors: false`) and `rumlink.addError(error, context)`. Failed requests are reported by resource
 * collection, with the request's trace id. Errors that start while an action is in progress carry its id.
 */
import { formatValue } from './console-capture.js';
import type { Listen } from './dom-events.js';
import type { Context, ErrorFields, RawEvent } from './rum-event.js';
import type { ViewTracker } from './views.js';

export interface ErrorCollection {
  add(error: unknown, context?: Context): void;
  /** A `console.error` call (console-capture.ts). */
  fromConsole(message: string, error: Error | undefined): void;
  stop(): void;
}

interface ErrorOptions {
  win: Window;
  listen: Listen;
  views: ViewTracker;
  currentActionId: () => string | undefined;
  emit: (event: RawEvent) => void;
}

/** The fields of an error value: thrown values need not be Errors. */
export function errorFields(value: unknown, source: string, fallbackMessage = ''): ErrorFields {
  if (value instanceof Error) {
    const fields: ErrorFields = { message: value.message || fallbackMessage, type: value.name, source };
    if (value.stack) fields.stack = value.stack;
    return fields;
  }
  const message = value === undefined ? fallbackMessage : formatValue(value);
  return { message: message || 'unknown error', source };
}

export function startErrors({ win, listen, views, currentActionId, emit }: ErrorOptions): ErrorCollection {
  const report = (error: ErrorFields, context?: Context) => {
    const view = views.current();
    views.count(view, 'errors');
    emit({ type: 'error', time: Date.now(), error, viewRef: view.fields, actionId: currentActionId(), context });
  };
  const stops = [
    listen(win, 'error', (event: ErrorEvent) => {
      const error = errorFields(event.error, 'source', event.message);
      // Cross-origin scripts give no Error object ("Script error."): at least say where.
      if (!error.stack && event.filename) error.stack = `at ${event.filename}:${event.lineno}:${event.colno}`;
      report(error);
    }),
    listen(win, 'unhandledrejection', (event: PromiseRejectionEvent) =>
      report(errorFields(event.reason, 'unhandled-rejection', 'a promise was rejected with no reason')),
    ),
  ];
  return {
    add: (error, context) => report(errorFields(error, 'custom'), context),
    fromConsole(message, error) {
      const fields = errorFields(error, 'console');
      fields.message = message;
      report(fields);
    },
    stop() {
      for (const stop of stops) stop();
    },
  };
}
