/**
 * RUM collection on top of the tracing core: collections (views, resources, actions, errors, long tasks, vitals,
 * console) feed assembly, assembly feeds the batch, the batch feeds the send queue. Page exit flushes everything.
 */
import { observeRequestEnds } from '../instrument/request-completion.js';
import { guarded, type Reporter } from '../reporter.js';
import type { TracingCore } from '../tracing-core.js';
import { createBatch } from '../transport/batch.js';
import { createHttpDelivery } from '../transport/http-delivery.js';
import { createSendQueue, type Delivery, type SendQueue } from '../transport/send-queue.js';
import { startActions } from './actions.js';
import { createAssembly } from './assembly.js';
import { captureConsole } from './console-capture.js';
import { createListen } from './dom-events.js';
import { startErrors } from './errors.js';
import { startLongTasks } from './long-tasks.js';
import { createPageActivity } from './page-activity.js';
import { startResources } from './resources.js';
import type { ConsoleLevel, RumConfig } from './rum-config.js';
import type { Context, RawEvent } from './rum-event.js';
import { startViews } from './views.js';
import { startVitals } from './vitals.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Rum {
  startView(name?: string): void;
  addAction(name: string, context?: Context): void;
  addError(error: unknown, context?: Context): void;
  log(message: string, context?: Context, level?: LogLevel): void;
  stop(): void;
  /** The transport's queue (tests and debugging). */
  queue: SendQueue;
}

export interface RumContext {
  user: Map<string, string | number | boolean>;
  attributes: Map<string, string>;
}

/** What tests may replace. */
export interface RumDependencies {
  delivery?: Delivery;
  maxQueueBytes?: number;
}

const ALL_LEVELS: ConsoleLevel[] = ['debug', 'info', 'log', 'warn', 'error'];

export function startRum(
  config: RumConfig,
  core: TracingCore,
  reporter: Reporter,
  win: Window,
  context: RumContext,
  dependencies: RumDependencies = {},
): Rum {
  const listen = createListen(reporter);
  const activity = createPageActivity(reporter);
  const queue = createSendQueue(
    dependencies.delivery ?? createHttpDelivery(config, core.fetch_),
    reporter,
    win,
    dependencies.maxQueueBytes,
  );
  const batch = createBatch(config.flushIntervalMs, queue.push, reporter);
  const emit: (raw: RawEvent) => void = createAssembly({
    sessions: core.sessions_,
    currentView: () => views.current().fields,
    reporter,
    identity: config,
    user: context.user,
    attributes: context.attributes,
    stripQueryStrings: config.stripQueryStrings,
    beforeSend: config.beforeSend,
    send: batch.add,
  });

  const views = startViews({ win, listen, reporter, activity, emit, manual: config.trackViewsManually });
  const actions = startActions({
    win,
    listen,
    activity,
    views,
    emit,
    privacy: config.defaultPrivacyLevel,
    trackClicks: config.trackUserInteractions,
  });
  const resources = startResources({
    win,
    reporter,
    listen,
    activity,
    views,
    actionOf: actions.actionOf,
    emit,
    endpoint: config.endpoint,
    isTracked: () => core.sessions_().tracked_,
  });
  const requestEnds = observeRequestEnds(win, reporter, resources.observeRequest);
  const errors = startErrors({ win, listen, views, currentActionId: actions.currentId, emit });
  const log = (message: string, logContext?: Context, level: LogLevel = 'info') => {
    emit({ type: 'log', time: Date.now(), log: { message: String(message), level }, context: logContext });
  };
  const forwarded = config.forwardConsoleLogs === 'all' ? ALL_LEVELS : config.forwardConsoleLogs;
  const consoleLevels = ALL_LEVELS.filter(
    (level) => forwarded.includes(level) || (level === 'error' && config.trackConsoleErrors),
  );
  const stops = [
    views.stop,
    actions.stop,
    resources.stop,
    requestEnds.stop,
    errors.stop,
    batch.stop,
    queue.stop,
    captureConsole(
      consoleLevels,
      (level, message, error) => {
        if (level === 'error' && config.trackConsoleErrors) errors.fromConsole(message, error);
        if (forwarded.includes(level)) log(message, undefined, level === 'log' ? 'info' : level);
      },
      reporter,
    ),
    config.trackLongTasks ? startLongTasks(reporter, views, emit) : () => {},
    startVitals(views, reporter),
  ];
  core.observeRequest_ = requestEnds.onRequest;
  // The renewal happens inside whichever call asked for the session: a failing view must not fail that call.
  core.onSessionRenewed_ = () => guarded(reporter, views.renew);

  const exit = () => {
    actions.flush();
    resources.flush();
    views.flush();
    batch.flush();
    queue.exit();
  };
  // Registered after web-vitals' own listeners, so that its final values are in the last view update.
  stops.push(
    listen(win.document, 'visibilitychange', () => win.document.visibilityState === 'hidden' && exit()),
    listen(win, 'pagehide', exit),
  );

  return {
    startView: (name) => views.start(name === undefined ? undefined : String(name)),
    addAction: actions.add,
    addError: errors.add,
    log,
    queue,
    stop() {
      core.observeRequest_ = undefined;
      core.onSessionRenewed_ = undefined;
      exit();
      for (const stop of stops) stop();
    },
  };
}
