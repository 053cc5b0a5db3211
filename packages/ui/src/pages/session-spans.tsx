/** The backend spans that belong to the session, in time order, each leading to its trace. */
import { queryString } from '../api/client';
import type { SessionSummary, SpansResponse } from '../api/types';
import { useApi } from '../api/use-api';
import { ApiView, EmptyNotice } from '../components/api-view';
import { ListTable } from '../components/list-table';
import { formatDuration, formatTimeOfDay } from '../format/format';
import { Link } from '../routing/router';
import { traceHref } from '../routing/routes';
import { sessionWindow } from './session-window';

export function SessionSpans(props: { session: SessionSummary }) {
  const path = `/spans${queryString({ sessionId: props.session.sessionId, ...sessionWindow(props.session), limit: 1000 })}`;
  const state = useApi<SpansResponse>(path);
  return (
    <ApiView state={state} what="spans">
      {({ spans }) =>
        spans.length === 0 ? (
          <EmptyNotice>No backend span belongs to this session.</EmptyNotice>
        ) : (
          <ListTable class="spans" columns={['time', 'service', 'span', 'duration', 'status', 'trace']}>
            {[...spans].reverse().map((span) => (
              <tr key={span.spanId}>
                <td>{formatTimeOfDay(span.start)}</td>
                <td>{span.service}</td>
                <td class="name">{span.name}</td>
                <td class="number">{formatDuration(span.durationMs)}</td>
                <td class={span.status === 'Error' ? 'error' : undefined}>{span.status}</td>
                <td>
                  <Link href={traceHref(span.traceId)}>trace</Link>
                </td>
              </tr>
            ))}
          </ListTable>
        )
      }
    </ApiView>
  );
}
