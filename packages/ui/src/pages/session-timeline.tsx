/**
 * Everything a session did across tiers in one time-ordered list: views, resources, actions, errors, long tasks,
 * vitals (browser) and the spans and logs that belong to it (backend), filterable by kind.
 */
import { useState } from 'preact/hooks';
import {
  type SessionSummary,
  TIMELINE_KINDS,
  type TimelineItem,
  type TimelineKind,
  type TimelineResponse,
} from '../api/types';
import { useApi } from '../api/use-api';
import { ApiView, EmptyNotice } from '../components/api-view';
import { ListTable } from '../components/list-table';
import { formatDuration } from '../format/format';
import { Link } from '../routing/router';
import { rumEventHref, traceHref } from '../routing/routes';

function offset(ms: number): string {
  const sign = ms < 0 ? '−' : '+';
  return `${sign}${(Math.abs(ms) / 1000).toFixed(3)} s`;
}

function TraceCell(props: { item: TimelineItem }) {
  const { item } = props;
  if (!item.traceId) return null;
  if (item.tier === 'rum' && !item.hasTrace) return <span class="muted">trace not stored</span>;
  return <Link href={traceHref(item.traceId)}>trace</Link>;
}

function TimelineRow(props: { item: TimelineItem; sessionStart: number }) {
  const { item } = props;
  return (
    <tr class={`kind-${item.kind} tier-${item.tier}`} data-kind={item.kind}>
      <td class="number">{offset(item.time - props.sessionStart)}</td>
      <td>
        <span class={`badge kind-${item.kind}`}>{item.kind}</span>
      </td>
      <td>{item.tier === 'rum' ? 'browser' : item.service}</td>
      <td class="name">{item.name}</td>
      <td class="number">{formatDuration(item.durationMs)}</td>
      <td>{item.status}</td>
      <td>
        {item.eventId && <Link href={rumEventHref(item.eventId)}>event</Link>} <TraceCell item={item} />
      </td>
    </tr>
  );
}

function KindFilter(props: {
  counts: Map<TimelineKind, number>;
  hidden: Set<TimelineKind>;
  toggle: (kind: TimelineKind) => void;
}) {
  return (
    <fieldset class="kind-filter">
      <legend>Show</legend>
      {TIMELINE_KINDS.filter((kind) => props.counts.has(kind)).map((kind) => (
        <label key={kind}>
          <input type="checkbox" checked={!props.hidden.has(kind)} onChange={() => props.toggle(kind)} />
          {`${kind} (${props.counts.get(kind)})`}
        </label>
      ))}
    </fieldset>
  );
}

export function SessionTimeline(props: { session: SessionSummary }) {
  const state = useApi<TimelineResponse>(`/sessions/${encodeURIComponent(props.session.sessionId)}/timeline`);
  const [hidden, setHidden] = useState<Set<TimelineKind>>(new Set());
  const toggle = (kind: TimelineKind) => {
    const next = new Set(hidden);
    if (next.has(kind)) next.delete(kind);
    else next.add(kind);
    setHidden(next);
  };
  return (
    <ApiView state={state} what="the timeline">
      {({ items, truncated }) => {
        const counts = new Map<TimelineKind, number>();
        for (const item of items) counts.set(item.kind, (counts.get(item.kind) ?? 0) + 1);
        const shown = items.filter((item) => !hidden.has(item.kind));
        return (
          <>
            <KindFilter counts={counts} hidden={hidden} toggle={toggle} />
            {truncated && (
              <p class="notice">This session has more items than one timeline shows; the latest ones are left out.</p>
            )}
            {shown.length === 0 ? (
              <EmptyNotice>Nothing to show: every kind is filtered out.</EmptyNotice>
            ) : (
              <ListTable class="timeline" columns={['time', 'kind', 'service', 'name', 'duration', 'status', 'links']}>
                {shown.map((item, index) => (
                  <TimelineRow
                    key={`${item.kind}-${item.eventId ?? item.spanId ?? ''}-${index}`}
                    item={item}
                    sessionStart={props.session.start}
                  />
                ))}
              </ListTable>
            )}
          </>
        );
      }}
    </ApiView>
  );
}
