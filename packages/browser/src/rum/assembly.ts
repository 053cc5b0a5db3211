/**
 * Assembly: turns what a collection observed into a complete event (session, view, action, the front end's
 * identity, user and global context), applies privacy (`stripQueryStrings`), a per-type rate limit and
 * `beforeSend`, and hands the event to the transport. Events of an untracked session go nowhere.
 */
import type { Reporter } from '../reporter.js';
import type { SessionManager } from '../session/session-manager.js';
import { createSpanId } from '../tracing/ids.js';
import type { Context, RawEvent, RumEvent, ViewFields } from './rum-event.js';

/** Events of one type per minute, beyond which the rest of the minute is dropped (an error in a render loop must
 *  not flood the queue and push out everything else). Views are never limited. */
export const EVENTS_PER_MINUTE = 3000;

export interface AssemblyOptions {
  sessions: SessionManager;
  /** The view an event belongs to when the collection did not say. */
  currentView: () => ViewFields;
  reporter: Reporter;
  identity: { service: string; env: string; version: string };
  user: Map<string, string | number | boolean>;
  attributes: Map<string, string>;
  stripQueryStrings: boolean;
  beforeSend: ((event: RumEvent) => boolean | undefined) | undefined;
  send: (event: RumEvent) => void;
}

/** Query strings out of every URL in a text (URLs, messages and stacks alike). */
export const stripQuery = (text: string) => text.replace(/(\w+:\/\/[^\s?#"\\]*)\?[^\s#"\\]*/g, '$1');

/** The context of an event: a map (user, global attributes) plus the call's own context; undefined when empty.
 *  The common case, nothing set, allocates nothing. */
const contextOf = (map: Map<string, unknown>, extra?: Context): Context | undefined => {
  if (!map.size && !extra) return undefined;
  const context: Context = {};
  for (const [key, value] of map) context[key] = value as Context[string];
  if (extra) Object.assign(context, extra);
  for (const _ in context) return context;
  return undefined;
};

/** Where each type's own fields go in the event. */
const PAYLOAD_KEY = {
  view: 'view',
  resource: 'resource',
  action: 'action',
  error: 'error',
  long_task: 'longTask',
  log: 'log',
} as const;

export function createAssembly(options: AssemblyOptions): (raw: RawEvent) => void {
  const { sessions, currentView, reporter, identity } = options;
  // Event ids need only be unique: 64 random bits per page, then a counter (no random draw per event).
  const idPrefix = `${createSpanId()}-`;
  let eventCount = 0;
  let minute = 0;
  let counts: Record<string, number> = {};

  return (raw) => {
    const session = sessions();
    if (!session.tracked_) return;
    const thisMinute = Math.floor(Date.now() / 60_000);
    if (thisMinute !== minute) {
      minute = thisMinute;
      counts = {};
    }
    counts[raw.type] = (counts[raw.type] ?? 0) + 1;
    if (raw.type !== 'view' && counts[raw.type]! > EVENTS_PER_MINUTE) return;

    const { type, time, context } = raw;
    const { viewRef, actionId } = raw as { viewRef?: ViewFields; actionId?: string };
    const view = raw.type === 'view' ? raw.view : (viewRef ?? currentView());
    let event: RumEvent = {
      type,
      id:
        raw.type === 'view'
          ? raw.view.id
          : raw.type === 'action'
            ? raw.action.id
            : idPrefix + (++eventCount).toString(36),
      time: Math.round(time * 1000) / 1000,
      // Objects of its own: beforeSend may edit one event without touching the next.
      session: session.previousId_ ? { id: session.id, previousId: session.previousId_ } : { id: session.id },
      view:
        raw.type === 'view'
          ? view
          : view.name
            ? { id: view.id, url: view.url, name: view.name }
            : { id: view.id, url: view.url },
    };
    const payloadKey = PAYLOAD_KEY[type];
    if (payloadKey !== 'view')
      (event as unknown as Record<string, unknown>)[payloadKey] = raw[payloadKey as keyof RawEvent];
    for (const key of ['service', 'env', 'version'] as const) if (identity[key]) event[key] = identity[key];
    if (actionId) event.action = { id: actionId };
    const usr = contextOf(options.user);
    if (usr) event.usr = usr;
    const attributes = contextOf(options.attributes, context);
    if (attributes) event.attributes = attributes;
    // On the serialized event, so that every URL is covered: in messages and stacks too. A query string stops at a
    // quote or backslash, so the JSON stays valid.
    if (options.stripQueryStrings) event = JSON.parse(stripQuery(JSON.stringify(event)));
    try {
      if (options.beforeSend?.(event) === false) return;
    } catch (error) {
      reporter.configError_(`beforeSend threw (${String(error)}); the event is sent as it is`);
    }
    options.send(event);
  };
}
