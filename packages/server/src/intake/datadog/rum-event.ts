/**
 * Datadog RUM events (the `rum` track) as `rum_events` rows. Shapes follow @datadog/browser-rum-core 7.16: common
 * fields from `domain/assembly.mjs` and `domain/contexts/*` (`application.id`, `session.id`, `view.{id,url,name}`,
 * `service`, `version`, `ddtags`, `context`, `usr`, `account`, `connectivity`), type-specific fields from each
 * `domain/<type>/<type>Collection.mjs`. Durations are nanoseconds on the wire.
 */
import { BoundaryError } from '../../errors.js';
import { decimalToHex16, traceIdFromDatadog } from '../../ids.js';
import { EMPTY_RUM_EVENT_FIELDS, type RumEventRow } from '../../store/rows.js';
import { CLOCK_CORRECTION_ATTRIBUTE } from '../rum/clock-correction.js';
import { AttributeBuilder, truncate } from './attributes.js';
import {
  type BatchLine,
  type DatadogBatch,
  type DatadogBatchOptions,
  expectTrack,
  readBatchLines,
  sameApplication,
} from './batch-body.js';
import {
  firstIdAt,
  identityFields,
  type JsonObject,
  nanosecondsToMs,
  numberAt,
  requireDate,
  requireText,
  statusCodeAt,
  textAt,
  urlPath,
  valueAt,
} from './event-fields.js';
import type { DatadogRequest } from './forwarded-request.js';

type TypeFields = Partial<RumEventRow> & Pick<RumEventRow, 'Type' | 'EventId'>;
type Translator = (event: JsonObject, line: number, attributes: AttributeBuilder) => TypeFields;

/**
 * Types that become rows. Not here, so counted as skipped: `telemetry` (the SDK's own diagnostics, sent on the rum
 * track by browser-core/esm/domain/telemetry/telemetry.mjs) and `view_update` (a partial diff of a view, sent only
 * with the beta `betaEnableViewUpdates`, startRumBatch.mjs; storing it would replace the full view row with a
 * fragment, and the SDK still sends the full view when it ends).
 */
const TRANSLATORS: Record<string, Translator> = {
  view: (event, line) => {
    const url = textAt(event, 'view.url') ?? '';
    return {
      Type: 'view',
      EventId: requireText(event, 'view.id', `line ${line}: view event`),
      Version: documentVersion(event),
      DurationMs: nanosecondsToMs(event, 'view.time_spent'),
      Name: textAt(event, 'view.name') ?? urlPath(url),
      Kind: textAt(event, 'view.loading_type') ?? '',
    };
  },
  resource: (event, line, attributes) => {
    const kind = textAt(event, 'resource.type') ?? '';
    return {
      Type: 'resource',
      EventId: requireText(event, 'resource.id', `line ${line}: resource event`),
      Url: textAt(event, 'resource.url') ?? '',
      Method: textAt(event, 'resource.method') ?? 'GET',
      StatusCode: statusCodeAt(event, 'resource.status_code'),
      DurationMs: nanosecondsToMs(event, 'resource.duration'),
      Name: kind,
      Kind: kind,
      ...resourceTrace(event, kind, attributes),
    };
  },
  action: (event, line, attributes) => {
    const id = requireText(event, 'action.id', `line ${line}: action event`);
    const kind = textAt(event, 'action.type') ?? '';
    attributes.set('action.frustration.type', valueAt(event, 'action.frustration.type'));
    attributes.set('action.target.selector', valueAt(event, '_dd.action.target.selector'));
    return {
      Type: 'action',
      EventId: id,
      ActionId: id,
      Name: textAt(event, 'action.target.name') ?? kind,
      Kind: kind,
      DurationMs: nanosecondsToMs(event, 'action.loading_time'),
    };
  },
  error: (event, line, attributes) => {
    for (const key of ['source', 'handling', 'stack']) attributes.set(`error.${key}`, valueAt(event, `error.${key}`));
    // Errors of failed requests carry the request (`error.resource`); Datadog does not link errors to traces.
    const resourceUrl = textAt(event, 'error.resource.url');
    return {
      Type: 'error',
      EventId: requireText(event, 'error.id', `line ${line}: error event`),
      Name: textAt(event, 'error.message') ?? '',
      Kind: textAt(event, 'error.type') ?? textAt(event, 'error.source') ?? '',
      ...(resourceUrl === undefined
        ? {}
        : {
            Url: resourceUrl,
            Method: textAt(event, 'error.resource.method') ?? '',
            StatusCode: statusCodeAt(event, 'error.resource.status_code'),
          }),
    };
  },
  // Long animation frames are long_task events too, told apart by `long_task.entry_type` (longTaskCollection.mjs).
  long_task: (event, line) => {
    const kind = textAt(event, 'long_task.entry_type') ?? 'long-task';
    return {
      Type: 'long_task',
      EventId: requireText(event, 'long_task.id', `line ${line}: long_task event`),
      DurationMs: nanosecondsToMs(event, 'long_task.duration'),
      Name: kind,
      Kind: kind,
    };
  },
  // `vital.type` is duration | operation_step | websocket (vitalCollection.mjs, serializeWebSocketVital.mjs).
  vital: (event, line) => {
    const kind = textAt(event, 'vital.type') ?? '';
    return {
      Type: 'vital',
      EventId: requireText(event, 'vital.id', `line ${line}: vital event`),
      Name: textAt(event, 'vital.name') ?? kind,
      Kind: kind,
      DurationMs: nanosecondsToMs(event, 'vital.duration'),
    };
  },
};

export async function translateRumBatch(
  body: Buffer,
  request: DatadogRequest,
  options: DatadogBatchOptions,
): Promise<DatadogBatch> {
  expectTrack(request, 'rum');
  const lines = await readBatchLines(body, request, options);
  let applicationId: string | undefined;
  let skipped = 0;
  const rows: RumEventRow[] = [];
  /** Row index of each view in this batch: one row per view, the highest `_dd.document_version` wins. */
  const viewRows = new Map<string, number>();
  for (const line of lines) {
    const type = textAt(line.event, 'type');
    if (type === undefined) throw new BoundaryError('invalid_event', `line ${line.number}: event has no "type"`);
    const translate = Object.hasOwn(TRANSLATORS, type) ? TRANSLATORS[type] : undefined;
    if (!translate) {
      skipped += 1;
      continue;
    }
    const row = translateEvent(line, `line ${line.number}: ${type} event`, translate, options);
    applicationId = sameApplication(applicationId, row.ApplicationId, line.number);
    if (row.Type !== 'view') {
      rows.push(row);
      continue;
    }
    const key = `${row.SessionId}\n${row.EventId}`;
    const index = viewRows.get(key);
    if (index === undefined) {
      viewRows.set(key, rows.push(row) - 1);
    } else if (row.Version >= rows[index]!.Version) {
      rows[index] = row;
    }
  }
  return { applicationId: applicationId ?? '', rows, skipped };
}

function translateEvent(
  line: BatchLine,
  where: string,
  translate: Translator,
  options: DatadogBatchOptions,
): RumEventRow {
  const { event, number } = line;
  const applicationId = requireText(event, 'application.id', where);
  const sessionId = requireText(event, 'session.id', where);
  const timestamp = requireDate(event, number);
  const attributes = new AttributeBuilder(options.maxAttributeLength);
  const fields = translate(event, number, attributes);
  addCommonAttributes(event, attributes);
  const clockCorrectionMs = options.clockCorrectionMs ?? 0;
  if (clockCorrectionMs) attributes.set(CLOCK_CORRECTION_ATTRIBUTE, String(clockCorrectionMs));
  const viewUrl = textAt(event, 'view.url') ?? '';
  return {
    ...EMPTY_RUM_EVENT_FIELDS,
    Timestamp: timestamp + clockCorrectionMs,
    ApplicationId: applicationId,
    SessionId: sessionId,
    ViewId: textAt(event, 'view.id') ?? '',
    Source: 'datadog',
    ...identityFields(event),
    ViewUrl: viewUrl,
    ViewName: textAt(event, 'view.name') ?? '',
    Url: viewUrl,
    ActionId: firstIdAt(event, 'action.id'),
    Payload: line.text,
    ReceivedAt: options.receivedAt,
    ...fields,
    Name: truncate(fields.Name ?? '', options.maxAttributeLength),
    Attributes: attributes.build(),
  };
}

/**
 * What is worth filtering on besides the row columns: the global context (`context.*`, RUM namespaces it), user and
 * account (`usr.*`, `account.*`), connectivity, session type (user / synthetics / ci_test) and the referrer.
 */
function addCommonAttributes(event: JsonObject, attributes: AttributeBuilder): void {
  attributes.flatten('context', valueAt(event, 'context'));
  attributes.flatten('usr', valueAt(event, 'usr'));
  attributes.flatten('account', valueAt(event, 'account'));
  for (const key of ['status', 'effective_type', 'interfaces']) {
    attributes.set(`connectivity.${key}`, valueAt(event, `connectivity.${key}`));
  }
  attributes.set('session.type', valueAt(event, 'session.type'));
  attributes.set('view.referrer', valueAt(event, 'view.referrer'));
}

function documentVersion(event: JsonObject): number {
  const version = numberAt(event, '_dd.document_version');
  return version !== undefined && Number.isSafeInteger(version) && version > 0 ? version : 0;
}

/**
 * The trace a resource started. The SDK reports `_dd.trace_id` / `_dd.span_id` as unsigned 64-bit decimals, and only
 * for sampled traced requests (`computeRequestTracingInfo`, resourceCollection.mjs); the headers it injected carry the
 * same ids (`traceparent: 00-0000000000000000<16 hex>-<16 hex>-01`, tracing/tracer.mjs), so the 64-bit id left-padded
 * to 32 hex is the backend's trace id. The `document` resource instead takes the trace id the server rendered into
 * `<meta name="dd-trace-id">` (getDocumentTraceId.mjs): LinkSource `meta`, and no SpanId because the SDK makes up a
 * random one that no backend span refers to.
 */
function resourceTrace(event: JsonObject, kind: string, attributes: AttributeBuilder): Partial<RumEventRow> {
  const raw = valueAt(event, '_dd.trace_id');
  if (raw === undefined || raw === null) return {};
  const traceId = traceIdFromDatadog(raw);
  if (!traceId) {
    // A bad id must not cost the user the resource: keep the event unlinked and say why.
    attributes.set('rumlink.invalid_trace_id', raw);
    return {};
  }
  const document = kind === 'document';
  return {
    TraceId: traceId,
    SpanId: document ? '' : (decimalToHex16(valueAt(event, '_dd.span_id')) ?? ''),
    TraceSampled: 1,
    LinkSource: document ? 'meta' : 'header',
  };
}
