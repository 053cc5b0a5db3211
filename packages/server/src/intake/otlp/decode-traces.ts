import type { AttributeMap, SpanRow } from '../../store/rows.js';
import { attributesToMap } from './any-value.js';
import {
  DEFAULT_MAX_ATTRIBUTE_LENGTH,
  type DecodedBatch,
  type DecodeLimits,
  type OtlpFormat,
} from './decoded-batch.js';
import { uint64Difference, uint64ToDecimal } from './int64.js';
import type { ExportTraceRequestMessage, SpanMessage } from './messages.js';
import { otlpProtoTypes } from './proto-types.js';
import { otlpIdToHex } from './record-ids.js';
import { RejectionTally } from './rejections.js';
import { decodeRequestBody } from './request-body.js';

/** Indexed by the OTLP enum value; spelled as the Collector's ClickHouse exporter writes them. */
const SPAN_KIND_NAMES = ['Unspecified', 'Internal', 'Server', 'Client', 'Producer', 'Consumer'];
const STATUS_CODE_NAMES = ['Unset', 'Ok', 'Error'];

const INVALID_TRACE_ID = 'invalid trace_id (must be 16 bytes / 32 hex digits, not all zeros)';
const INVALID_SPAN_ID = 'invalid span_id (must be 8 bytes / 16 hex digits, not all zeros)';
const INVALID_PARENT_SPAN_ID = 'invalid parent_span_id (must be empty or 8 bytes / 16 hex digits)';
const INVALID_LINK_TRACE_ID = 'invalid link trace_id (must be 16 bytes / 32 hex digits)';
const INVALID_LINK_SPAN_ID = 'invalid link span_id (must be 8 bytes / 16 hex digits)';

/**
 * An OTLP/HTTP trace export body → `otel_traces` rows. Spans with unusable ids are rejected one by one (partial
 * success); a body that cannot be decoded at all throws BoundaryError `invalid_body`.
 * Rows of one resource share the same `ResourceAttributes` object: treat rows as read-only.
 */
export function decodeTraceRequest(
  body: Uint8Array,
  format: OtlpFormat,
  limits: DecodeLimits = {},
): DecodedBatch<SpanRow> {
  const request = decodeRequestBody(otlpProtoTypes().traceRequest, body, format) as ExportTraceRequestMessage;
  const maxLength = limits.maxAttributeLength ?? DEFAULT_MAX_ATTRIBUTE_LENGTH;
  const rows: SpanRow[] = [];
  const rejections = new RejectionTally('span', 'spans');
  for (const resourceSpans of request.resourceSpans) {
    const resourceAttributes = attributesToMap(resourceSpans.resource?.attributes ?? [], maxLength);
    for (const scopeSpans of resourceSpans.scopeSpans) {
      const shared: SharedColumns = {
        serviceName: resourceAttributes['service.name'] ?? '',
        resourceAttributes,
        scopeName: scopeSpans.scope?.name ?? '',
        scopeVersion: scopeSpans.scope?.version ?? '',
      };
      for (const span of scopeSpans.spans) {
        const row = spanToRow(span, shared, maxLength);
        if (typeof row === 'string') rejections.add(row);
        else rows.push(row);
      }
    }
  }
  return { rows, rejected: rejections.count, errorMessage: rejections.message() };
}

/** Columns every span of one ScopeSpans has in common. */
interface SharedColumns {
  serviceName: string;
  resourceAttributes: AttributeMap;
  scopeName: string;
  scopeVersion: string;
}

/** The row, or why the span is rejected. */
function spanToRow(span: SpanMessage, shared: SharedColumns, maxLength: number): SpanRow | string {
  const traceId = otlpIdToHex(span.traceId, 16);
  if (!traceId) return INVALID_TRACE_ID;
  const spanId = otlpIdToHex(span.spanId, 8);
  if (!spanId) return INVALID_SPAN_ID;
  const parentSpanId = otlpIdToHex(span.parentSpanId, 8);
  if (parentSpanId === null) return INVALID_PARENT_SPAN_ID;

  const linkCount = span.links.length;
  const linkTraceIds = new Array<string>(linkCount);
  const linkSpanIds = new Array<string>(linkCount);
  const linkTraceStates = new Array<string>(linkCount);
  const linkAttributes = new Array<AttributeMap>(linkCount);
  for (let i = 0; i < linkCount; i++) {
    const link = span.links[i] as SpanMessage['links'][number];
    const linkTraceId = otlpIdToHex(link.traceId, 16);
    if (linkTraceId === null) return INVALID_LINK_TRACE_ID;
    const linkSpanId = otlpIdToHex(link.spanId, 8);
    if (linkSpanId === null) return INVALID_LINK_SPAN_ID;
    linkTraceIds[i] = linkTraceId;
    linkSpanIds[i] = linkSpanId;
    linkTraceStates[i] = link.traceState;
    linkAttributes[i] = attributesToMap(link.attributes, maxLength);
  }

  const eventCount = span.events.length;
  const eventTimestamps = new Array<string>(eventCount);
  const eventNames = new Array<string>(eventCount);
  const eventAttributes = new Array<AttributeMap>(eventCount);
  for (let i = 0; i < eventCount; i++) {
    const event = span.events[i] as SpanMessage['events'][number];
    eventTimestamps[i] = uint64ToDecimal(event.timeUnixNano.low, event.timeUnixNano.high);
    eventNames[i] = event.name;
    eventAttributes[i] = attributesToMap(event.attributes, maxLength);
  }

  const start = span.startTimeUnixNano;
  return {
    Timestamp: uint64ToDecimal(start.low, start.high),
    TraceId: traceId,
    SpanId: spanId,
    ParentSpanId: parentSpanId,
    TraceState: span.traceState,
    SpanName: span.name,
    SpanKind: SPAN_KIND_NAMES[span.kind] ?? 'Unspecified',
    ServiceName: shared.serviceName,
    ResourceAttributes: shared.resourceAttributes,
    ScopeName: shared.scopeName,
    ScopeVersion: shared.scopeVersion,
    SpanAttributes: attributesToMap(span.attributes, maxLength),
    Duration: uint64Difference(span.endTimeUnixNano, start),
    StatusCode: STATUS_CODE_NAMES[span.status?.code ?? 0] ?? 'Unset',
    StatusMessage: span.status?.message ?? '',
    'Events.Timestamp': eventTimestamps,
    'Events.Name': eventNames,
    'Events.Attributes': eventAttributes,
    'Links.TraceId': linkTraceIds,
    'Links.SpanId': linkSpanIds,
    'Links.TraceState': linkTraceStates,
    'Links.Attributes': linkAttributes,
  };
}
