/**
 * Views: the page the user is on. The initial page load is the first view; with automatic tracking each route
 * change of a single-page app (history `pushState`/`replaceState`, `popstate`, `hashchange`: a new path or hash)
 * starts the next one, and `rumlink.startView(name)` starts one by hand. A view is sent as versions of one event
 * (the server keeps the highest): when it starts, at most every UPDATE_MS while it changes, when it ends, and at
 * page exit. Each version carries the time spent and the counts of what happened in it.
 */
import { guarded, type Reporter } from '../reporter.js';
import { createUuid } from '../tracing/ids.js';
import type { Listen } from './dom-events.js';
import type { PageActivity } from './page-activity.js';
import type { RawEvent, ViewFields } from './rum-event.js';
import { epochOf } from './time.js';

export const UPDATE_MS = 3000;

export type CountKind = 'resources' | 'errors' | 'actions' | 'longTasks';

export interface View {
  fields: ViewFields & { counts: Record<CountKind, number>; vitals: Record<string, number> };
  /** Epoch ms. */
  start: number;
  end?: number;
  version: number;
}

export interface ViewTracker {
  current(): View;
  /** The view the page loaded in: the document load and the page's web vitals belong to it. */
  readonly initial: View;
  /** Ends the current view and starts a new one. */
  start(name?: string): void;
  /** A new session began: the next view is its first; what the old view had not sent yet stays in the old session. */
  renew(): void;
  count(view: View, kind: CountKind): void;
  /** The view has changed: send a new version soon. */
  changed(view: View): void;
  /** Sends every view with unsent changes, and the current one, now (page exit). */
  flush(): void;
  stop(): void;
}

interface ViewOptions {
  win: Window;
  listen: Listen;
  reporter: Reporter;
  activity: PageActivity;
  emit: (event: RawEvent) => void;
  /** Route changes do not start views (`trackViewsManually`). */
  manual: boolean;
}

export function startViews({ win, listen, reporter, activity, emit, manual }: ViewOptions): ViewTracker {
  const { location, history } = win;
  const unsent = new Set<View>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const send = (view: View) => {
    unsent.delete(view);
    const { fields } = view;
    emit({
      type: 'view',
      time: view.start,
      view: { ...fields, version: ++view.version, timeSpentMs: (view.end ?? Date.now()) - view.start },
    });
  };
  const changed = (view: View) => {
    unsent.add(view);
    timer ??= setTimeout(
      () =>
        guarded(reporter, () => {
          timer = undefined;
          unsent.forEach(send);
        }),
      UPDATE_MS,
    );
  };
  const create = (start: number, referrer: string, name?: string): View => {
    const view: View = {
      fields: {
        id: createUuid(),
        url: location.href,
        referrer,
        counts: { resources: 0, errors: 0, actions: 0, longTasks: 0 },
        vitals: {},
      },
      start,
      version: 0,
    };
    if (name) view.fields.name = name;
    send(view);
    return view;
  };

  const initial = create(epochOf(0), win.document.referrer);
  let current = initial;
  let route = location.pathname + location.hash;

  const start = (name?: string, quiet?: boolean) => {
    current.end = Date.now();
    if (quiet) unsent.clear();
    else send(current);
    const view = create(current.end, current.fields.url, name);
    current = view;
    // A route's loading time: until the requests it started have settled.
    activity.whenSettled(view.start, (end) => {
      view.fields.loadingTimeMs = end - view.start;
      changed(view);
    });
  };
  const onRouteChange = () => {
    const next = location.pathname + location.hash;
    if (next === route) return;
    route = next;
    if (!manual) start();
  };

  const patched = (['pushState', 'replaceState'] as const).map((method) => {
    const original = history[method];
    const wrapper = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      guarded(reporter, onRouteChange);
      return result;
    };
    history[method] = wrapper;
    return () => {
      if (history[method] === wrapper) history[method] = original;
    };
  });
  const unlisten = ['popstate', 'hashchange'].map((type) => listen(win, type, onRouteChange));

  return {
    current: () => current,
    initial,
    start,
    renew: () => start(undefined, true),
    count(view, kind) {
      view.fields.counts[kind]++;
      changed(view);
    },
    changed,
    flush() {
      unsent.add(current);
      unsent.forEach(send);
    },
    stop() {
      clearTimeout(timer);
      for (const stop of [...patched, ...unlisten]) stop();
    },
  };
}
