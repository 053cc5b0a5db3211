/** A trace: its span waterfall, and (RUM tab) the browser session, view, resource and action that started it. */
import type { ComponentChildren } from 'preact';
import type { RumEvent, RumOrigin, TraceResponse } from '../api/types';
import { useApi } from '../api/use-api';
import { ApiView, EmptyNotice } from '../components/api-view';
import { ExternalUrl } from '../components/external-url';
import { Waterfall } from '../components/waterfall';
import { formatDateTime, formatDuration, formatTimeOfDay } from '../format/format';
import { Link } from '../routing/router';
import { rumEventHref, sessionHref, traceHref } from '../routing/routes';

function EventLine(props: { label: string; event: RumEvent | null; children?: ComponentChildren }) {
  if (!props.event) return null;
  const { event } = props;
  return (
    <li>
      <strong>{props.label}</strong>{' '}
      <Link href={rumEventHref(event.eventId)}>{event.name || event.url || event.eventId}</Link>{' '}
      <span class="muted">at {formatTimeOfDay(event.time)}</span> {props.children}
    </li>
  );
}

function RumOriginChain(props: { rum: RumOrigin | null; traceId: string }) {
  const { rum } = props;
  if (!rum) {
    return (
      <EmptyNotice>
        No browser event carries this trace id: the trace did not start in a session that rumlink's RUM collected.
      </EmptyNotice>
    );
  }
  const sessionId = rum.session?.sessionId ?? rum.event.sessionId;
  const resource = rum.resource;
  return (
    <ol class="rum-origin">
      <li>
        <strong>session</strong> <Link href={sessionHref(sessionId)}>{sessionId}</Link>
        {rum.session && <span class="muted"> started {formatDateTime(rum.session.start)}</span>}
      </li>
      <EventLine label="view" event={rum.view}>
        <ExternalUrl url={rum.view?.url} />
      </EventLine>
      <EventLine label="resource" event={resource}>
        {resource && (
          <>
            {resource.method} {resource.statusCode} in {formatDuration(resource.durationMs)} ·{' '}
            <Link href={sessionHref(sessionId, { tab: 'resources', trace: props.traceId })}>
              in the session's resources
            </Link>
          </>
        )}
      </EventLine>
      <EventLine label="action" event={rum.action} />
      {!resource && rum.event.type !== 'action' && <EventLine label={rum.event.type} event={rum.event} />}
    </ol>
  );
}

export function TracePage(props: { traceId: string; query: URLSearchParams }) {
  const state = useApi<TraceResponse>(`/traces/${encodeURIComponent(props.traceId)}`);
  const rumTab = props.query.get('tab') === 'rum';
  return (
    <section>
      <h1>
        Trace <span class="id">{props.traceId}</span>
      </h1>
      <ApiView state={state} what="the trace">
        {(trace) => (
          <>
            <nav class="tabs" aria-label="trace data">
              <Link href={traceHref(trace.traceId)} aria-current={rumTab ? undefined : 'page'}>
                Spans ({trace.spans.length})
              </Link>
              <Link href={traceHref(trace.traceId, 'rum')} aria-current={rumTab ? 'page' : undefined}>
                RUM
              </Link>
            </nav>
            {rumTab ? (
              <RumOriginChain rum={trace.rum} traceId={trace.traceId} />
            ) : trace.spans.length === 0 ? (
              <EmptyNotice>
                No span of this trace is stored: the browser sent its trace id, but no backend service exported it.
              </EmptyNotice>
            ) : (
              <Waterfall spans={trace.spans} />
            )}
          </>
        )}
      </ApiView>
    </section>
  );
}
