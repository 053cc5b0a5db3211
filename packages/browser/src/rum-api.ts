/**
 * The complete SDK's `rumlink` object: the tracing core's API plus RUM collection's. Calls made before `init`
 * (addAction, addError, log, startView) are kept, up to EARLY_CALLS, and replayed once RUM starts.
 */

import { makePublicApi, type RumlinkPublicApi } from './public-api.js';
import { createReporter, guarded, type Report } from './reporter.js';
import { type RumConfig, type RumInitConfiguration, rumConfigShape } from './rum/rum-config.js';
import type { Context } from './rum/rum-event.js';
import { type LogLevel, type Rum, type RumDependencies, startRum } from './rum/start-rum.js';

export const EARLY_CALLS = 100;
const LOG_LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error'];

export interface RumlinkApi extends RumlinkPublicApi<RumInitConfiguration> {
  /** Starts a new view now (with `trackViewsManually`, the only way views start after the first). */
  startView(name?: string): void;
  addAction(name: string, context?: Context): void;
  addError(error: unknown, context?: Context): void;
  log(message: string, context?: Context, level?: LogLevel): void;
  /** The user of the session's events (`usr`): `{ id, name, email, ... }`; replaces the previous user. */
  setUser(user: Record<string, string | number | boolean>): void;
  clearUser(): void;
}

export interface RumApiOptions {
  onReport?: (report: Report) => void;
  dependencies?: RumDependencies;
  /** Called with the running RUM collection when init starts it (tests). */
  onStart?: (rum: Rum) => void;
}

export function makeRumApi(options: RumApiOptions = {}): RumlinkApi {
  const reporter = createReporter(options.onReport);
  const user = new Map<string, string | number | boolean>();
  const early: ((rum: Rum) => void)[] = [];
  let rum: Rum | undefined;

  const api = makePublicApi<RumInitConfiguration, typeof rumConfigShape>({
    shape_: rumConfigShape,
    reporter_: reporter,
    startExtras_(config, core, _reporter, attributes) {
      const started = startRum(config as RumConfig, core, reporter, window, { user, attributes }, options.dependencies);
      rum = started;
      options.onStart?.(started);
      for (const call of early.splice(0)) guarded(reporter, () => call(started));
      return () => {
        started.stop();
        rum = undefined;
      };
    },
  });
  const withRum = (call: (rum: Rum) => void) =>
    guarded(reporter, () => {
      if (rum) call(rum);
      else if (early.length < EARLY_CALLS) early.push(call);
    });
  const isContext = (value: unknown) => value === undefined || (typeof value === 'object' && value !== null);

  return {
    ...api,
    startView: (name) => withRum((r) => r.startView(name)),
    addAction(name, context) {
      if (typeof name !== 'string' || !isContext(context)) {
        return reporter.configError_('addAction(name, context?) takes a string and an optional object');
      }
      withRum((r) => r.addAction(name, context));
    },
    addError(error, context) {
      if (!isContext(context)) return reporter.configError_('addError(error, context?) takes an optional object');
      withRum((r) => r.addError(error, context));
    },
    log(message, context, level) {
      if (!isContext(context) || (level !== undefined && !LOG_LEVELS.includes(level))) {
        return reporter.configError_(
          `log(message, context?, level?) takes an optional object and a level: ${LOG_LEVELS.join(', ')}`,
        );
      }
      withRum((r) => r.log(message, context, level));
    },
    setUser(newUser) {
      if (typeof newUser !== 'object' || newUser === null) {
        return reporter.configError_('setUser() takes an object such as { id, name, email }');
      }
      user.clear();
      for (const [key, value] of Object.entries(newUser)) if (value != null) user.set(key, value);
    },
    clearUser: () => user.clear(),
  };
}
