/**
 * Actions: clicks, named after their target (see action-name.ts), and custom actions (`rumlink.addAction`).
 * A click lasts until the page has settled (page-activity.ts); the requests and errors that start meanwhile carry
 * its id, and it records the trace ids of those requests: the action's own link to the backend.
 */
import { createUuid } from '../tracing/ids.js';
import { actionName } from './action-name.js';
import type { Listen } from './dom-events.js';
import type { PageActivity } from './page-activity.js';
import type { PrivacyLevel } from './rum-config.js';
import type { Context, RawEvent } from './rum-event.js';
import type { View, ViewTracker } from './views.js';

/** The backend links an action keeps (the wire format's limit). */
export const MAX_TRACE_IDS = 100;

interface Click {
  id: string;
  name: string;
  start: number;
  view: View;
  traceIds: string[];
  cancel: () => void;
}

export interface ActionCollection {
  /** The action a request starting now belongs to; keeps the request's trace id on it. */
  actionOf(traceId: string | undefined): string | undefined;
  currentId(): string | undefined;
  add(name: string, context?: Context): void;
  /** Ends the click in progress now (page exit). */
  flush(): void;
  stop(): void;
}

interface ActionOptions {
  win: Window;
  listen: Listen;
  activity: PageActivity;
  views: ViewTracker;
  emit: (event: RawEvent) => void;
  privacy: PrivacyLevel;
  trackClicks: boolean;
}

export function startActions({ win, listen, activity, views, emit, privacy, trackClicks }: ActionOptions) {
  let current: Click | undefined;

  const send = (
    view: View,
    time: number,
    action: Extract<RawEvent, { type: 'action' }>['action'],
    context?: Context,
  ) => {
    views.count(view, 'actions');
    emit({ type: 'action', time, action, viewRef: view.fields, context });
  };
  const finish = (click: Click, end: number) => {
    click.cancel();
    if (current === click) current = undefined;
    send(click.view, click.start, {
      id: click.id,
      type: 'click',
      name: click.name,
      durationMs: end - click.start,
      ...(click.traceIds.length && { traceIds: click.traceIds }),
    });
  };

  const onClick = (event: MouseEvent) => {
    const target = event.composedPath?.()[0] ?? event.target;
    if (!(target instanceof Element)) return;
    if (current) finish(current, Date.now());
    const click: Click = {
      id: createUuid(),
      name: actionName(target, privacy),
      start: Date.now(),
      view: views.current(),
      traceIds: [],
      cancel: () => {},
    };
    current = click;
    click.cancel = activity.whenSettled(click.start, (end) => finish(click, end));
  };
  const unlisten = trackClicks ? listen(win, 'click', onClick, true) : () => {};

  return {
    actionOf(traceId) {
      if (current && traceId && current.traceIds.length < MAX_TRACE_IDS && !current.traceIds.includes(traceId)) {
        current.traceIds.push(traceId);
      }
      return current?.id;
    },
    currentId: () => current?.id,
    add(name, context) {
      send(views.current(), Date.now(), { id: createUuid(), type: 'custom', name: String(name) }, context);
    },
    flush() {
      if (current) finish(current, Date.now());
    },
    stop() {
      current?.cancel();
      unlisten();
    },
  } satisfies ActionCollection;
}
