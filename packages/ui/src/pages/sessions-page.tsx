/** Home: recent sessions, newest first, in a chosen time range, paged with the API's `nextCursor`. */
import { useMemo, useState } from 'preact/hooks';
import { queryString } from '../api/client';
import type { SessionSummary, SessionsResponse } from '../api/types';
import { useApi } from '../api/use-api';
import { ApiView, EmptyNotice } from '../components/api-view';
import { ListTable } from '../components/list-table';
import { formatDateTime, formatDuration, shortId } from '../format/format';
import { Link, navigate } from '../routing/router';
import { sessionHref } from '../routing/routes';

const RANGES = [
  { id: '15m', label: 'last 15 minutes', ms: 15 * 60_000 },
  { id: '1h', label: 'last hour', ms: 3_600_000 },
  { id: '24h', label: 'last 24 hours', ms: 86_400_000 },
  { id: '7d', label: 'last 7 days', ms: 7 * 86_400_000 },
  { id: '30d', label: 'last 30 days', ms: 30 * 86_400_000 },
] as const;
const DEFAULT_RANGE = '24h';
const PAGE_SIZE = 50;

function SessionRow(props: { session: SessionSummary }) {
  const { session } = props;
  return (
    <tr>
      <td>
        <Link href={sessionHref(session.sessionId)} class="id">
          {shortId(session.sessionId)}
        </Link>
      </td>
      <td>{formatDateTime(session.start)}</td>
      <td class="number">{formatDuration(session.end - session.start)}</td>
      <td class="number">{session.views}</td>
      <td class="number">{session.resources}</td>
      <td class={session.errors > 0 ? 'number error' : 'number'}>{session.errors}</td>
      <td class="number">
        {session.linkedResources} / {session.tracedResources}
      </td>
      <td>{session.services.join(', ')}</td>
    </tr>
  );
}

function SessionsTable(props: { sessions: SessionSummary[] }) {
  return (
    <ListTable
      columns={[
        'session',
        'start',
        'duration',
        'views',
        'resources',
        'errors',
        { label: 'linked / traced', title: 'resources whose trace is stored / resources that carried a trace id' },
        'services',
      ]}
    >
      {props.sessions.map((session) => (
        <SessionRow key={session.sessionId} session={session} />
      ))}
    </ListTable>
  );
}

export function SessionsPage(props: { query: URLSearchParams }) {
  const rangeId = props.query.get('range') ?? DEFAULT_RANGE;
  const range = RANGES.find((candidate) => candidate.id === rangeId) ?? RANGES[2];
  // The window is fixed when the range is chosen, so paging walks one stable list.
  const window = useMemo(() => ({ from: Date.now() - range.ms, to: Date.now() + 60_000 }), [range.ms]);
  // Cursors of the pages before the current one, for "newer".
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const state = useApi<SessionsResponse>(`/sessions${queryString({ ...window, limit: PAGE_SIZE, cursor })}`);

  const chooseRange = (id: string) => {
    setCursors([undefined]);
    navigate(id === DEFAULT_RANGE ? '/' : `/?range=${id}`, { replace: true });
  };

  return (
    <section>
      <div class="page-title">
        <h1>Sessions</h1>
        <label>
          Time range{' '}
          <select value={range.id} onChange={(event) => chooseRange(event.currentTarget.value)}>
            {RANGES.map((option) => (
              <option key={option.id} value={option.id}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ApiView state={state} what="sessions">
        {(data) =>
          data.sessions.length === 0 && cursors.length === 1 ? (
            <EmptyNotice>
              No sessions yet in the {range.label}: run <code>npm run demo:traffic</code> or open the shop (
              <code>npm start</code>), or choose a longer time range.
            </EmptyNotice>
          ) : (
            <>
              <SessionsTable sessions={data.sessions} />
              <nav class="pager" aria-label="pages">
                <button type="button" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
                  ← Newer
                </button>
                <button
                  type="button"
                  disabled={!data.nextCursor}
                  onClick={() => data.nextCursor && setCursors([...cursors, data.nextCursor])}
                >
                  Older →
                </button>
              </nav>
            </>
          )
        }
      </ApiView>
    </section>
  );
}
