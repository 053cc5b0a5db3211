/** The log lines that belong to the session (baggage `session.id`, or a trace the session started), in time order. */
import { queryString } from '../api/client';
import type { LogsResponse, SessionSummary } from '../api/types';
import { useApi } from '../api/use-api';
import { ApiView, EmptyNotice } from '../components/api-view';
import { ListTable } from '../components/list-table';
import { formatTimeOfDay } from '../format/format';
import { Link } from '../routing/router';
import { traceHref } from '../routing/routes';
import { sessionWindow } from './session-window';

export function SessionLogs(props: { session: SessionSummary }) {
  const path = `/logs${queryString({ sessionId: props.session.sessionId, ...sessionWindow(props.session), limit: 1000 })}`;
  const state = useApi<LogsResponse>(path);
  return (
    <ApiView state={state} what="logs">
      {({ logs }) =>
        logs.length === 0 ? (
          <EmptyNotice>
            No log line belongs to this session. Backend logs join a session through <code>session.id</code> (see
            @rumlink/node) or the trace id of a request the browser traced.
          </EmptyNotice>
        ) : (
          <ListTable class="logs" columns={['time', 'service', 'severity', 'message', 'trace']}>
            {[...logs].reverse().map((log, index) => (
              <tr key={`${log.time}-${index}`}>
                <td>{formatTimeOfDay(log.time)}</td>
                <td>{log.service}</td>
                <td class={log.severityNumber >= 17 ? 'error' : undefined}>{log.severity}</td>
                <td class="name">{log.body}</td>
                <td>{log.traceId && <Link href={traceHref(log.traceId)}>trace</Link>}</td>
              </tr>
            ))}
          </ListTable>
        )
      }
    </ApiView>
  );
}
