/**
 * Session replay uploads (the `replay` track) as `rum_replay_segments` rows.
 *
 * browser-rum 7.16 posts multipart/form-data (`buildReplayPayload`, esm/domain/segmentCollection):
 * - `segment`: a file named `<session id>-<start>`, the zlib-deflated `{"records":[...],...metadata}` JSON;
 * - `event`: a JSON blob `{ raw_segment_size, compressed_segment_size, start, end, creation_reason, records_count,
 *   has_full_snapshot, index_in_view, source, application: { id }, session: { id }, view: { id } }`.
 * The multipart body itself is not compressed and the URL has no dd-evp-encoding (only the segment file is).
 * The same track also receives replay resources (`buildResourcePayload`: an `image` file and an event
 * `{ application: { id }, type: 'resource' }`); rumlink keeps no replay assets, so those count as skipped.
 */
import { BoundaryError } from '../../errors.js';
import type { ReplaySegmentRow } from '../../store/rows.js';
import { type DatadogBatchOptions, decodeBody, expectTrack } from './batch-body.js';
import { isJsonObject, numberAt, requireText, textAt } from './event-fields.js';
import type { DatadogRequest } from './forwarded-request.js';

export type ReplayUploadOptions = Pick<DatadogBatchOptions, 'receivedAt' | 'maxDecompressedBytes'>;

export interface ReplayUpload {
  applicationId: string;
  rows: ReplaySegmentRow[];
  /** Uploads read but not stored (replay resources). */
  skipped: number;
}

/** Error messages name the part, since there are no lines to point at. */
const EVENT_PART = 'the "event" part';

export async function parseReplayUpload(
  body: Buffer,
  contentType: string,
  request: DatadogRequest,
  options: ReplayUploadOptions,
): Promise<ReplayUpload> {
  expectTrack(request, 'replay');
  if (!/^multipart\/form-data\s*;.*\bboundary=/i.test(contentType)) {
    throw new BoundaryError(
      'unsupported_media_type',
      `a replay upload is multipart/form-data with "segment" and "event" parts; got Content-Type "${contentType.slice(0, 80)}"`,
    );
  }
  const bytes = await decodeBody(body, request.encoding, options.maxDecompressedBytes);
  const form = await readForm(bytes, contentType);
  const { text: metadata, event } = await readEventPart(form.get('event'));
  const applicationId = requireText(event, 'application.id', EVENT_PART);
  if (textAt(event, 'type') === 'resource') return { applicationId, rows: [], skipped: 1 };

  const segment = form.get('segment');
  if (typeof segment === 'string' || segment === null || segment.size === 0) {
    throw new BoundaryError('invalid_body', 'the replay upload has no "segment" file part (the deflated records)');
  }
  const start = numberAt(event, 'start');
  const end = numberAt(event, 'end');
  if (start === undefined || end === undefined) {
    throw new BoundaryError('invalid_event', 'the "event" part has no numeric start / end (epoch milliseconds)');
  }
  const recordsCount = numberAt(event, 'records_count') ?? 0;
  return {
    applicationId,
    rows: [
      {
        ApplicationId: applicationId,
        SessionId: requireText(event, 'session.id', EVENT_PART),
        ViewId: requireText(event, 'view.id', EVENT_PART),
        Start: Math.round(start),
        End: Math.round(end),
        RecordsCount: Number.isSafeInteger(recordsCount) && recordsCount > 0 ? recordsCount : 0,
        Source: 'datadog',
        Segment: Buffer.from(await segment.arrayBuffer()).toString('base64'),
        Metadata: metadata,
        ReceivedAt: options.receivedAt,
      },
    ],
    skipped: 0,
  };
}

/** Node's fetch implementation parses multipart bodies, so no dependency is needed. */
async function readForm(bytes: Buffer, contentType: string): Promise<FormData> {
  try {
    // A copy typed as a plain ArrayBuffer view, which both Node's and the DOM's fetch typings accept.
    return await new Response(new Uint8Array(bytes), { headers: { 'content-type': contentType } }).formData();
  } catch (error) {
    throw new BoundaryError(
      'invalid_body',
      `the replay upload is not valid multipart/form-data (${(error as Error).message})`,
      {
        cause: error,
      },
    );
  }
}

async function readEventPart(
  part: ReturnType<FormData['get']>,
): Promise<{ text: string; event: Record<string, unknown> }> {
  if (part === null) {
    throw new BoundaryError('invalid_body', 'the replay upload has no "event" part (the segment metadata JSON)');
  }
  const text = typeof part === 'string' ? part : await part.text();
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch (error) {
    throw new BoundaryError('invalid_event', `the "event" part is not JSON (${(error as Error).message})`);
  }
  if (!isJsonObject(event)) throw new BoundaryError('invalid_event', 'the "event" part is not a JSON object');
  return { text, event };
}
