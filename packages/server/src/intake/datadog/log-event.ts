/**
 * Datadog browser logs (the `logs` track) as `rum_events` rows of Type `log`.
 *
 * @datadog/browser-logs 7.16 sends newline-separated JSON, never compressed (`startLogsBatch` creates its batch
 * without an encoder). A log is flat, not namespaced like RUM: `{ date, message, status, origin, service, version,
 * session_id, session: { id }, view: { url, referrer, id? }, usr, ddtags, ...logger context, ...global context }`
 * (logs `domain/assembly.mjs`, `domain/contexts/sessionContext.mjs`; the global context is merged at the top level,
 * `startGlobalContext(..., false)`). Network errors add `http.{method,status_code,url}` and errors add `error.*`.
 *
 * Logs carry an application only when browser-rum runs on the same page: RUM's internal context then adds
 * `application_id`, `view.id` / `view.name` and `user_action.id` (rumInternalContext.mjs → browser-rum-core
 * internalContext.mjs). A logs-only page sends none, so `applicationId` is '' and the route authorises by client
 * token alone. Every row takes the batch's application, including logs written before RUM started.
 *
 * A log whose session is no longer tracked has no `session_id` (sessionContext.mjs keeps it, without the id); such
 * logs cannot be placed in a session, so they are counted as skipped rather than failing the batch.
 */
import { createHash } from 'node:crypto';
import { EMPTY_RUM_EVENT_FIELDS, type RumEventRow } from '../../store/rows.js';
import { AttributeBuilder, truncate } from './attributes.js';
import {
  type DatadogBatch,
  type DatadogBatchOptions,
  expectTrack,
  readBatchLines,
  sameApplication,
} from './batch-body.js';
import { firstIdAt, identityFields, requireDate, statusCodeAt, textAt, valueAt } from './event-fields.js';
import type { DatadogRequest } from './forwarded-request.js';

/** Top-level keys that become columns or are SDK plumbing; every other key is an attribute under its own name. */
const COLUMN_KEYS = new Set([
  'date',
  'message',
  'status',
  'service',
  'version',
  'env',
  'session_id',
  'session',
  'application_id',
  'view',
  'user_action',
  'ddtags',
  '_dd',
  'tab',
]);

export async function translateLogsBatch(
  body: Buffer,
  request: DatadogRequest,
  options: DatadogBatchOptions,
): Promise<DatadogBatch> {
  expectTrack(request, 'logs');
  const lines = await readBatchLines(body, request, options);
  let applicationId: string | undefined;
  let skipped = 0;
  const rows: RumEventRow[] = [];
  for (const { event, number, text } of lines) {
    const sessionId = textAt(event, 'session_id') ?? textAt(event, 'session.id');
    const timestamp = requireDate(event, number);
    const application = textAt(event, 'application_id');
    if (application !== undefined) applicationId = sameApplication(applicationId, application, number);
    if (sessionId === undefined) {
      skipped += 1;
      continue;
    }
    const attributes = new AttributeBuilder(options.maxAttributeLength);
    for (const [key, value] of Object.entries(event)) if (!COLUMN_KEYS.has(key)) attributes.flatten(key, value);
    const message = valueAt(event, 'message');
    const viewUrl = textAt(event, 'view.url') ?? '';
    rows.push({
      ...EMPTY_RUM_EVENT_FIELDS,
      Timestamp: timestamp,
      ApplicationId: '',
      SessionId: sessionId,
      ViewId: textAt(event, 'view.id') ?? '',
      // Logs have no id; a hash of the line is stable across the SDK's retries (it resends the same payload), so
      // the store's replacing merge keeps one copy.
      EventId: createHash('sha256').update(text).digest('hex').slice(0, 32),
      Type: 'log',
      Source: 'datadog',
      ...identityFields(event),
      ViewUrl: viewUrl,
      ViewName: textAt(event, 'view.name') ?? '',
      Url: textAt(event, 'http.url') ?? viewUrl,
      Method: textAt(event, 'http.method') ?? '',
      StatusCode: statusCodeAt(event, 'http.status_code'),
      ActionId: firstIdAt(event, 'user_action.id'),
      Name: truncate(typeof message === 'string' ? message : '', options.maxAttributeLength),
      Kind: textAt(event, 'status') ?? 'info',
      Attributes: attributes.build(),
      Payload: text,
      ReceivedAt: options.receivedAt,
    });
  }
  for (const row of rows) row.ApplicationId = applicationId ?? '';
  return { applicationId: applicationId ?? '', rows, skipped };
}
