/** One session: its summary and views, then tabs for the cross-tier timeline, RUM resources, logs and spans. */
import type { RumEvent, SessionResponse, SessionSummary } from '../api/types';
import { useApi } from '../api/use-api';
import { ApiView } from '../components/api-view';
import { ExternalUrl } from '../components/external-url';
import { ListTable } from '../components/list-table';
import { countOf, formatDateTime, formatDuration, formatTimeOfDay } from '../format/format';
import { Link } from '../routing/router';
import { rumEventHref, type SessionTab, sessionHref } from '../routing/routes';
import { SessionLogs } from './session-logs';
import { SessionResources } from './session-resources';
import { SessionSpans } from './session-spans';
import { SessionTimeline } from './session-timeline';

const TABS: Array<{ id: SessionTab; label: string }> = [
  { id: 'timeline', label: 'Timeline' },
  { id: 'resources', label: 'Resources' },
  { id: 'logs', label: 'Logs' },
  { id: 'spans', label: 'Spans' },
];

function SessionFacts(props: { session: SessionSummary }) {
  const { session } = props;
  return (
    <dl class="facts">
      <dt>session</dt>
      <dd class="id">{session.sessionId}</dd>
      <dt>application</dt>
      <dd>{session.applicationId}</dd>
      <dt>start</dt>
      <dd>{formatDateTime(session.start)}</dd>
      <dt>duration</dt>
      <dd>{formatDuration(session.end - session.start)}</dd>
      <dt>events</dt>
      <dd>
        {[
          countOf(session.views, 'view'),
          countOf(session.resources, 'resource'),
          countOf(session.actions, 'action'),
          countOf(session.errors, 'error'),
        ].join(', ')}
      </dd>
      <dt>traces</dt>
      <dd>
        {session.linkedResources} of {session.tracedResources} traced resources have a stored trace
      </dd>
      <dt>services</dt>
      <dd>{session.services.length > 0 ? session.services.join(', ') : '(no backend data)'}</dd>
    </dl>
  );
}

function ViewList(props: { views: RumEvent[] }) {
  if (props.views.length === 0) return null;
  return (
    <ListTable caption="Views" columns={['time', 'view', 'url', 'time on view']}>
      {props.views.map((view) => (
        <tr key={view.eventId}>
          <td>{formatTimeOfDay(view.time)}</td>
          <td>
            <Link href={rumEventHref(view.eventId)}>{view.name || view.viewName || '(unnamed view)'}</Link>
          </td>
          <td>
            <ExternalUrl url={view.url || view.viewUrl} />
          </td>
          <td class="number">{formatDuration(view.durationMs)}</td>
        </tr>
      ))}
    </ListTable>
  );
}

function currentTab(query: URLSearchParams): SessionTab {
  const tab = query.get('tab');
  return TABS.find((candidate) => candidate.id === tab)?.id ?? 'timeline';
}

export function SessionPage(props: { sessionId: string; query: URLSearchParams }) {
  const state = useApi<SessionResponse>(`/sessions/${encodeURIComponent(props.sessionId)}`);
  const tab = currentTab(props.query);
  return (
    <section>
      <h1>Session</h1>
      <ApiView state={state} what="the session">
        {({ session, views }) => (
          <>
            <SessionFacts session={session} />
            <ViewList views={views} />
            <nav class="tabs" aria-label="session data">
              {TABS.map(({ id, label }) => (
                <Link
                  key={id}
                  href={sessionHref(session.sessionId, { tab: id })}
                  aria-current={id === tab ? 'page' : undefined}
                >
                  {label}
                </Link>
              ))}
            </nav>
            {tab === 'timeline' && <SessionTimeline session={session} />}
            {tab === 'resources' && <SessionResources session={session} openTrace={props.query.get('trace')} />}
            {tab === 'logs' && <SessionLogs session={session} />}
            {tab === 'spans' && <SessionSpans session={session} />}
          </>
        )}
      </ApiView>
    </section>
  );
}
