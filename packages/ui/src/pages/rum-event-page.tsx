/** One RUM event: its fields, attributes, the payload as received, and a summary of the trace it links to. */
import { type ComponentChildren, Fragment } from 'preact';
import type { RumEventResponse, TraceSummary } from '../api/types';
import { useApi } from '../api/use-api';
import { ApiView } from '../components/api-view';
import { AttributeTable } from '../components/attribute-table';
import { ExternalUrl } from '../components/external-url';
import { formatDateTime, formatDuration } from '../format/format';
import { Link } from '../routing/router';
import { rumEventHref, sessionHref, traceHref } from '../routing/routes';

function LinkedTrace(props: { event: RumEventResponse }) {
  const { event } = props;
  const trace: TraceSummary | null = event.trace;
  if (!event.traceId) return <p class="muted">This event carried no trace id.</p>;
  if (!trace) {
    return (
      <p class="warning">
        Trace <span class="id">{event.traceId}</span> is not stored: no backend service exported a span of it (was the
        URL allow-listed, did the backend sample it out, did the request fail before reaching it?).
      </p>
    );
  }
  return (
    <dl class="facts">
      <dt>trace</dt>
      <dd>
        <Link href={traceHref(trace.traceId)}>{trace.traceId}</Link>
      </dd>
      <dt>root</dt>
      <dd>
        {trace.rootService} · {trace.rootName}
      </dd>
      <dt>duration</dt>
      <dd>{formatDuration(trace.durationMs)}</dd>
      <dt>spans</dt>
      <dd>
        {trace.spanCount} ({trace.errorCount} with errors)
      </dd>
      <dt>services</dt>
      <dd>{trace.services.join(', ')}</dd>
    </dl>
  );
}

function EventFields(props: { event: RumEventResponse }) {
  const { event } = props;
  const rows: Array<[string, ComponentChildren]> = [
    ['event id', <span class="id">{event.eventId}</span>],
    ['type', event.type],
    ['time', formatDateTime(event.time)],
    ['session', <Link href={sessionHref(event.sessionId)}>{event.sessionId}</Link>],
    ['view', event.viewId && <Link href={rumEventHref(event.viewId)}>{event.viewName || event.viewId}</Link>],
    ['view url', <ExternalUrl url={event.viewUrl} />],
    ['action', event.actionId && <Link href={rumEventHref(event.actionId)}>{event.actionId}</Link>],
    ['name', event.name],
    ['url', <ExternalUrl url={event.url} />],
    ['method', event.method],
    ['status', event.statusCode],
    ['duration', formatDuration(event.durationMs)],
    ['kind', event.kind],
    ['trace id', event.traceId],
    ['span id', event.spanId],
    ['trace sampled', String(event.traceSampled)],
    ['linked through', event.linkSource],
    ['source', event.source],
    ['service', [event.service, event.env, event.version].filter(Boolean).join(' · ')],
  ];
  return (
    <dl class="facts">
      {rows
        .filter(([, value]) => value !== null && value !== undefined && value !== '')
        .map(([label, value]) => (
          <Fragment key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
    </dl>
  );
}

export function RumEventPage(props: { eventId: string }) {
  const state = useApi<RumEventResponse>(`/rum/events/${encodeURIComponent(props.eventId)}`);
  return (
    <section>
      <h1>RUM event</h1>
      <ApiView state={state} what="the event">
        {(event) => (
          <>
            <EventFields event={event} />
            <h2>Linked trace</h2>
            <LinkedTrace event={event} />
            <AttributeTable caption="attributes" attributes={event.attributes} />
            <details>
              <summary>Payload as received</summary>
              <pre class="payload">{JSON.stringify(event.payload, null, 2)}</pre>
            </details>
          </>
        )}
      </ApiView>
    </section>
  );
}
