/**
 * The session's RUM resources with a "has trace" column; the trace panel below shows the chosen resource's backend
 * trace as a waterfall (its id is in the URL, `?tab=resources&trace=`, so the panel survives a reload).
 */
import { queryString } from '../api/client';
import type { RumEvent, RumEventsResponse, SessionSummary, TraceResponse } from '../api/types';
import { useApi } from '../api/use-api';
import { ApiView, EmptyNotice } from '../components/api-view';
import { ExternalUrl } from '../components/external-url';
import { ListTable } from '../components/list-table';
import { Waterfall } from '../components/waterfall';
import { formatDuration, formatTimeOfDay } from '../format/format';
import { Link } from '../routing/router';
import { rumEventHref, sessionHref, traceHref } from '../routing/routes';
import { sessionWindow } from './session-window';

function HasTraceCell(props: { resource: RumEvent; open: boolean }) {
  const { resource } = props;
  if (!resource.traceId) return <span class="muted">not traced</span>;
  if (!resource.hasTrace) return <span class="warning">no trace stored</span>;
  return (
    <Link href={sessionHref(resource.sessionId, { tab: 'resources', trace: resource.traceId })}>
      {props.open ? 'yes (shown below)' : 'yes: show trace'}
    </Link>
  );
}

function TracePanel(props: { traceId: string }) {
  const state = useApi<TraceResponse>(`/traces/${encodeURIComponent(props.traceId)}`);
  return (
    <section class="trace-panel" aria-label="trace">
      <h2>
        Trace <span class="id">{props.traceId}</span> <Link href={traceHref(props.traceId)}>open trace page</Link>
      </h2>
      <ApiView state={state} what="the trace">
        {(trace) =>
          trace.spans.length === 0 ? (
            <EmptyNotice>No span of this trace is stored (yet).</EmptyNotice>
          ) : (
            <Waterfall spans={trace.spans} />
          )
        }
      </ApiView>
    </section>
  );
}

export function SessionResources(props: { session: SessionSummary; openTrace: string | null }) {
  const path = `/rum/events${queryString({
    type: 'resource',
    sessionId: props.session.sessionId,
    ...sessionWindow(props.session),
    limit: 1000,
  })}`;
  const state = useApi<RumEventsResponse>(path);
  return (
    <>
      <ApiView state={state} what="resources">
        {({ events }) =>
          events.length === 0 ? (
            <EmptyNotice>This session loaded no resources.</EmptyNotice>
          ) : (
            <ListTable
              class="resources"
              columns={['time', 'method', 'url', 'status', 'duration', 'has trace', 'event']}
            >
              {[...events].reverse().map((resource) => (
                <tr key={resource.eventId} class={resource.traceId === props.openTrace ? 'selected' : undefined}>
                  <td>{formatTimeOfDay(resource.time)}</td>
                  <td>{resource.method}</td>
                  <td>
                    <ExternalUrl url={resource.url} />
                  </td>
                  <td class="number">{resource.statusCode}</td>
                  <td class="number">{formatDuration(resource.durationMs)}</td>
                  <td>
                    <HasTraceCell resource={resource} open={resource.traceId === props.openTrace} />
                  </td>
                  <td>
                    <Link href={rumEventHref(resource.eventId)}>details</Link>
                  </td>
                </tr>
              ))}
            </ListTable>
          )
        }
      </ApiView>
      {props.openTrace && <TracePanel key={props.openTrace} traceId={props.openTrace} />}
    </>
  );
}
