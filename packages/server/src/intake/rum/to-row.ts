/** Maps a validated rumlink RUM event to its `rum_events` row. */
import { normalizeSpanId, normalizeTraceId } from '../../ids.js';
import { type AttributeMap, EMPTY_RUM_EVENT_FIELDS, type RumEventRow } from '../../store/rows.js';
import { CLOCK_CORRECTION_ATTRIBUTE } from './clock-correction.js';
import type { RumEvent } from './event-schema.js';

export interface RowContext {
  applicationId: string;
  receivedAt: number;
  clockCorrectionMs: number;
  maxAttributeLength: number;
  /** The validated event as received, stored verbatim for detail views. */
  payload: string;
}

export function rumEventToRow(event: RumEvent, context: RowContext): RumEventRow {
  const row: RumEventRow = {
    ...EMPTY_RUM_EVENT_FIELDS,
    // Stored with millisecond precision (DateTime64(3)); the wire format allows fractions.
    Timestamp: Math.round(event.time + context.clockCorrectionMs),
    ApplicationId: context.applicationId,
    SessionId: event.session.id,
    ViewId: event.view.id,
    EventId: event.id,
    Type: event.type,
    Source: 'rumlink',
    Service: event.service ?? '',
    Env: event.env ?? '',
    AppVersion: event.version ?? '',
    ViewUrl: event.view.url,
    ViewName: event.view.name ?? '',
    Url: event.view.url,
    ActionId: event.type === 'action' ? '' : (event.action?.id ?? ''),
    Attributes: contextAttributes(event, context),
    Payload: context.payload,
    ReceivedAt: context.receivedAt,
  };
  switch (event.type) {
    case 'view':
      row.EventId = event.view.id;
      row.Version = event.view.version;
      row.DurationMs = event.view.timeSpentMs ?? 0;
      row.Name = event.view.name ?? '';
      break;
    case 'resource': {
      const { resource } = event;
      Object.assign(row, traceFields(resource));
      row.Url = resource.url;
      row.Method = resource.method.toUpperCase();
      row.StatusCode = resource.statusCode;
      row.DurationMs = resource.durationMs;
      row.Kind = resource.kind;
      break;
    }
    case 'action':
      row.EventId = event.action.id;
      row.Name = event.action.name;
      row.Kind = event.action.type;
      row.DurationMs = event.action.durationMs ?? 0;
      if (event.action.traceIds?.length) {
        row.Attributes['action.trace_ids'] = event.action.traceIds.map((id) => id.toLowerCase()).join(',');
      }
      break;
    case 'error':
      Object.assign(row, traceFields(event.error));
      row.Name = event.error.message;
      row.Kind = event.error.type ?? '';
      row.Attributes['error.source'] = event.error.source;
      if (event.error.stack) row.Attributes['error.stack'] = truncate(event.error.stack, context.maxAttributeLength);
      break;
    case 'long_task':
      row.DurationMs = event.longTask.durationMs;
      row.Kind = event.longTask.kind;
      break;
    case 'vital':
      row.Name = event.vital.name;
      row.DurationMs = event.vital.value;
      break;
    case 'log':
      row.Name = event.log.message;
      row.Kind = event.log.level;
      break;
  }
  return row;
}

function traceFields(link: {
  traceId?: string | undefined;
  spanId?: string | undefined;
  sampled?: boolean | undefined;
  linkSource?: string | undefined;
}): Pick<RumEventRow, 'TraceId' | 'SpanId' | 'TraceSampled' | 'LinkSource'> {
  const traceId = normalizeTraceId(link.traceId);
  return {
    TraceId: traceId ?? '',
    SpanId: normalizeSpanId(link.spanId) ?? '',
    TraceSampled: traceId && link.sampled !== false ? 1 : 0,
    LinkSource: traceId ? (link.linkSource ?? 'header') : '',
  };
}

function contextAttributes(
  event: RumEvent,
  { maxAttributeLength: maxLength, clockCorrectionMs }: RowContext,
): AttributeMap {
  const attributes: AttributeMap = {};
  for (const [key, value] of Object.entries(event.attributes ?? {})) {
    if (value !== null) attributes[key] = truncate(String(value), maxLength);
  }
  for (const [key, value] of Object.entries(event.usr ?? {})) {
    if (value !== null) attributes[`usr.${key}`] = truncate(String(value), maxLength);
  }
  if (event.session.previousId) attributes['session.previous_id'] = event.session.previousId;
  if (clockCorrectionMs) attributes[CLOCK_CORRECTION_ATTRIBUTE] = String(clockCorrectionMs);
  return attributes;
}

function truncate(value: string, maxLength: number): string {
  return value.length > maxLength ? value.slice(0, maxLength) : value;
}
