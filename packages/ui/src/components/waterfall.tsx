/** A trace's spans as a waterfall; selecting a span shows its attributes, resource, events and status message. */
import { useState } from 'preact/hooks';
import type { Span } from '../api/types';
import { formatDuration, formatTimeOfDay } from '../format/format';
import { Link } from '../routing/router';
import { sessionHref } from '../routing/routes';
import { AttributeTable } from './attribute-table';
import { traceBounds, waterfallRows } from './span-tree';

function SpanDetails(props: { span: Span }) {
  const { span } = props;
  return (
    <section class="span-details" aria-label={`span ${span.name}`}>
      <h3>
        {span.service} · {span.name}
      </h3>
      <dl class="facts">
        <dt>span id</dt>
        <dd class="id">{span.spanId}</dd>
        <dt>parent</dt>
        <dd class="id">{span.parentSpanId ?? '(none)'}</dd>
        <dt>kind</dt>
        <dd>{span.kind}</dd>
        <dt>start</dt>
        <dd>{formatTimeOfDay(span.start)}</dd>
        <dt>duration</dt>
        <dd>{formatDuration(span.durationMs)}</dd>
        <dt>status</dt>
        <dd>
          {span.status}
          {span.statusMessage && `: ${span.statusMessage}`}
        </dd>
        {span.sessionId && (
          <>
            <dt>session</dt>
            <dd>
              <Link href={sessionHref(span.sessionId)}>{span.sessionId}</Link>
            </dd>
          </>
        )}
      </dl>
      <AttributeTable caption="attributes" attributes={span.attributes} />
      <AttributeTable caption="resource" attributes={span.resourceAttributes} />
      {span.events.length > 0 && (
        <ul class="span-events">
          {span.events.map((event) => (
            <li key={`${event.time}-${event.name}`}>
              {formatTimeOfDay(event.time)} <strong>{event.name}</strong>
              <AttributeTable attributes={event.attributes} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function Waterfall(props: { spans: Span[] }) {
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const rows = waterfallRows(props.spans);
  const bounds = traceBounds(props.spans);
  const scale = bounds.durationMs > 0 ? 100 / bounds.durationMs : 0;
  const selectedSpan = props.spans.find((span) => span.spanId === selected);
  return (
    <div class="waterfall">
      <table>
        <thead>
          <tr>
            <th scope="col">service</th>
            <th scope="col">span</th>
            <th scope="col" class="bar-column">
              0 – {formatDuration(bounds.durationMs)}
            </th>
            <th scope="col">duration</th>
            <th scope="col">status</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ span, depth }) => (
            <tr key={span.spanId} class={span.spanId === selected ? 'selected' : undefined}>
              <td class="service">{span.service}</td>
              <td>
                <button
                  type="button"
                  class="span-name"
                  style={{ marginLeft: `${depth * 0.9}em` }}
                  aria-pressed={span.spanId === selected}
                  onClick={() => setSelected(span.spanId === selected ? undefined : span.spanId)}
                >
                  {span.name}
                </button>
              </td>
              <td class="bar-column">
                <span
                  class={`bar${span.status === 'Error' ? ' error' : ''}`}
                  style={{
                    marginLeft: `${(span.start - bounds.start) * scale}%`,
                    width: `${Math.max(span.durationMs * scale, 0.5)}%`,
                  }}
                />
              </td>
              <td class="number">{formatDuration(span.durationMs)}</td>
              <td class={span.status === 'Error' ? 'status error' : 'status'}>{span.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {selectedSpan ? <SpanDetails span={selectedSpan} /> : <p class="hint">Select a span to see its attributes.</p>}
    </div>
  );
}
