/**
 * Resources: one event per request. Every fetch/XHR the page makes is merged with its PerformanceResourceTiming
 * entry (duration, sizes, timing phases); every other entry (scripts, images, styles…) is a resource of its own, and
 * the navigation entry is the `document` resource. The link to the backend trace comes from the headers the request
 * carried, else from `Server-Timing: traceparent` in the response headers or the timing entry.
 *
 * Matching a request to its timing entry: same URL, the entry within the request's lifetime, the closest in start
 * and end wins; so concurrent requests to one URL each get their own entry. Entries arrive after the request ends
 * (at the end of its body), so both sides wait for each other up to MATCH_WAIT_MS.
 */
import type { RequestOutcome } from '../instrument/outgoing-request.js';
import type { RequestObserver } from '../instrument/request-completion.js';
import { guarded, type Reporter } from '../reporter.js';
import type { Listen } from './dom-events.js';
import { observePerformance } from './dom-events.js';
import type { PageActivity } from './page-activity.js';
import type { RawEvent, ResourceFields, TraceLink } from './rum-event.js';
import { linkFromTraceparent, traceparentOfEntry, traceparentOfHeader } from './server-timing.js';
import { epochOf } from './time.js';
import type { View, ViewTracker } from './views.js';

export const MATCH_WAIT_MS = 5000;

interface EndedRequest {
  url: string;
  method: string;
  kind: 'fetch' | 'xhr';
  /** performance.now() times. */
  start: number;
  end: number;
  status: number;
  link: TraceLink | undefined;
  view: View;
  actionId: string | undefined;
}

interface ResourceOptions {
  win: Window;
  reporter: Reporter;
  listen: Listen;
  activity: PageActivity;
  views: ViewTracker;
  /** The action a request starting now belongs to; records the request's trace id on it. */
  actionOf: (traceId: string | undefined) => string | undefined;
  emit: (event: RawEvent) => void;
  /** The SDK's own intake: its requests are never resources. */
  endpoint: string;
  isTracked: () => boolean;
}

export interface ResourceCollection {
  observeRequest: RequestObserver;
  /** Sends what still waits for its counterpart (page exit). */
  flush(): void;
  stop(): void;
}

const withoutFragment = (url: string) => url.split('#')[0]!;
const round = (ms: number) => Math.round(ms * 10) / 10;

/** Adds what the timing entry knows to `resource`: sizes, and the phases when the server allows them (same origin or
 *  Timing-Allow-Origin); and, when the request carried no trace context, the entry's Server-Timing link. */
function addEntryDetails(resource: ResourceFields, entry: PerformanceResourceTiming, link: TraceLink | undefined) {
  resource.transferSize = entry.transferSize;
  resource.encodedBodySize = entry.encodedBodySize;
  resource.decodedBodySize = entry.decodedBodySize;
  if (entry.requestStart > 0) {
    resource.timing = {
      dns: round(entry.domainLookupEnd - entry.domainLookupStart),
      connect: round(entry.connectEnd - entry.connectStart),
      tls: round(entry.secureConnectionStart > 0 ? entry.connectEnd - entry.secureConnectionStart : 0),
      firstByte: round(entry.responseStart - entry.requestStart),
      download: round(entry.responseEnd - entry.responseStart),
    };
  }
  Object.assign(resource, link ?? linkFromTraceparent(traceparentOfEntry(entry)));
}

export function startResources(options: ResourceOptions): ResourceCollection {
  const { win, reporter, activity, views, actionOf, emit, endpoint } = options;
  /** Requests that ended and wait for their timing entry; entries that wait for their request. */
  let ended: EndedRequest[] = [];
  let entries: PerformanceResourceTiming[] = [];
  let sweeper: ReturnType<typeof setInterval> | undefined;

  // The intake's URLs all start with the endpoint (validated as an absolute http(s) URL); resolved URLs are compared
  // by prefix, which costs no parsing per request.
  const ownPrefix = new URL(endpoint).href.replace(/\/*$/, '/');
  const isOwn = (url: string) => url.startsWith(ownPrefix) || `${url}/` === ownPrefix;

  const emitRequest = (request: EndedRequest, entry?: PerformanceResourceTiming) => {
    const resource: ResourceFields = {
      url: request.url,
      method: request.method,
      statusCode: request.status,
      durationMs: round(entry ? entry.duration : request.end - request.start),
      kind: request.kind,
    };
    if (entry) addEntryDetails(resource, entry, request.link);
    else Object.assign(resource, request.link);
    views.count(request.view, 'resources');
    emit({
      type: 'resource',
      time: epochOf(entry?.startTime ?? request.start),
      resource,
      viewRef: request.view.fields,
      actionId: request.actionId,
    });
  };

  const emitEntry = (entry: PerformanceResourceTiming, kind: string, view = views.current()) => {
    // The status only when the browser knows it (0 for opaque cross-origin responses: unknown, not failed).
    const status = (entry as { responseStatus?: number }).responseStatus;
    const resource = (
      status ? { url: entry.name, method: 'GET', statusCode: status } : { url: entry.name, method: 'GET' }
    ) as ResourceFields;
    resource.durationMs = round(entry.duration);
    resource.kind = kind;
    addEntryDetails(resource, entry, undefined);
    views.count(view, 'resources');
    emit({ type: 'resource', time: epochOf(entry.startTime), resource, viewRef: view.fields });
  };

  /** Sends what waited MATCH_WAIT_MS in vain (everything, at page exit) without its counterpart. */
  const sweep = (all?: boolean) => {
    const deadline = all ? Number.POSITIVE_INFINITY : performance.now() - MATCH_WAIT_MS;
    for (const request of ended.filter((request) => request.end <= deadline)) emitRequest(request);
    for (const entry of entries.filter((entry) => entry.responseEnd <= deadline)) {
      emitEntry(entry, kindOf(entry.initiatorType));
    }
    ended = ended.filter((request) => request.end > deadline);
    entries = entries.filter((entry) => entry.responseEnd > deadline);
    if (!ended.length && !entries.length) {
      clearInterval(sweeper);
      sweeper = undefined;
    }
  };
  const waitForCounterparts = () => {
    sweeper ??= setInterval(() => guarded(reporter, sweep), 1000);
  };

  const onRequestEnd = (request: EndedRequest) => {
    const index = closest(entries, (entry) => distance(request, entry));
    if (index >= 0) emitRequest(request, entries.splice(index, 1)[0]);
    else {
      ended.push(request);
      waitForCounterparts();
    }
  };

  const onEntry = (entry: PerformanceResourceTiming) => {
    if (isOwn(entry.name)) return;
    const kind = kindOf(entry.initiatorType);
    if (kind !== 'fetch' && kind !== 'xhr') return emitEntry(entry, kind);
    const index = closest(ended, (request) => distance(request, entry));
    if (index >= 0) emitRequest(ended.splice(index, 1)[0]!, entry);
    else {
      entries.push(entry);
      waitForCounterparts();
    }
  };

  const stopResources = observePerformance('resource', reporter, (entry) =>
    onEntry(entry as PerformanceResourceTiming),
  );
  const stopDocument = whenLoaded(win, options.listen, reporter, () => {
    const entry = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    if (!entry) return;
    emitEntry(entry, 'document', views.initial);
    views.initial.fields.loadingTimeMs = round(entry.loadEventEnd);
    views.changed(views.initial);
  });

  return {
    observeRequest(request, target, trace) {
      const url = target.href;
      if (isOwn(url) || !options.isTracked()) return undefined;
      const start = performance.now();
      const view = views.current();
      const actionId = actionOf(trace?.traceId_);
      const activityEnded = activity.requestStarted();
      return ({ status, response }: RequestOutcome) => {
        activityEnded();
        const link: TraceLink | undefined = trace
          ? { traceId: trace.traceId_, spanId: trace.spanId_, sampled: trace.sampled_, linkSource: 'header' }
          : linkFromTraceparent(traceparentOfHeader(serverTimingOf(response)));
        // Only what the resource needs: the request object holds the page's headers.
        const ended = {
          url,
          method: request.method,
          kind: request.kind,
          start,
          end: performance.now(),
          status,
          link,
          view,
          actionId,
        };
        if (!status || status >= 500) {
          views.count(view, 'errors');
          emit({
            type: 'error',
            time: epochOf(ended.end),
            error: {
              message: `${request.kind === 'xhr' ? 'XHR' : 'Fetch'} error ${request.method} ${url}${status ? ` (${status})` : ''}`,
              type: status ? 'HttpError' : 'NetworkError',
              source: 'network',
              ...link,
            },
            viewRef: view.fields,
            actionId,
          });
        }
        onRequestEnd(ended);
      };
    },
    flush: () => sweep(true),
    stop() {
      stopResources();
      stopDocument();
      clearInterval(sweeper);
    },
  };
}

/** The response's Server-Timing header, when the page may read it (same origin or CORS-exposed). For XHR,
 *  `getAllResponseHeaders` lists only readable headers and, unlike `getResponseHeader`, never logs a console error
 *  for one that is not. */
const serverTimingOf = (response: Response | XMLHttpRequest | undefined): string | null =>
  !response
    ? null
    : 'headers' in response
      ? response.headers.get('server-timing')
      : (/^server-timing: *(.*)/im.exec(response.getAllResponseHeaders())?.[1] ?? null);

/**
 * How far apart a request and a timing entry are in time, both at the start and at the end (a fetch ends when its
 * headers arrive, an XHR when its body has); undefined when they cannot be the same request: another URL, an entry
 * starting outside the request's lifetime, or a first byte after the request ended. 1 ms of tolerance: the two
 * clocks are read at slightly different points.
 */
function distance(request: EndedRequest, entry: PerformanceResourceTiming): number | undefined {
  const { start, end } = request;
  if (withoutFragment(request.url) !== withoutFragment(entry.name)) return undefined;
  if (entry.startTime < start - 1 || entry.startTime > end + 1 || entry.responseStart > end + 1) return undefined;
  const endGap = Math.min(Math.abs(entry.responseStart - end), Math.abs(entry.responseEnd - end));
  return Math.abs(entry.startTime - start) + endGap;
}

/** Index of the closest item, by `distanceTo`; -1 when none can match. */
function closest<T>(items: T[], distanceTo: (item: T) => number | undefined): number {
  let best = -1;
  let bestDistance = Number.POSITIVE_INFINITY;
  items.forEach((item, index) => {
    const d = distanceTo(item);
    if (d !== undefined && d < bestDistance) {
      best = index;
      bestDistance = d;
    }
  });
  return best;
}

const kindOf = (initiatorType: string) => (initiatorType === 'xmlhttprequest' ? 'xhr' : initiatorType);

/** Runs `callback` once the load event is over (navigation timing is final then), now or later. */
function whenLoaded(win: Window, listen: Listen, reporter: Reporter, callback: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const later = () => {
    timer = setTimeout(() => guarded(reporter, callback));
  };
  if (win.document.readyState === 'complete') {
    later();
    return () => clearTimeout(timer);
  }
  const unlisten = listen(win, 'load', later);
  return () => {
    unlisten();
    clearTimeout(timer);
  };
}
