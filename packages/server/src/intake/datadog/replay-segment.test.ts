import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { rejection } from '../../../test/boundary-error.js';
import { parseReplayUpload } from './replay-segment.js';

const APP = 'a1b2c3d4-0000-4000-8000-000000000001';
const SESSION = 'cdeb1422-2873-4512-81c3-17314b9d87c9';
const VIEW = '0263f133-d582-4b12-817d-53e746ec114b';
const OPTIONS = { receivedAt: 1_795_248_700_000, maxDecompressedBytes: 1_000_000 };
const REQUEST = { track: 'replay', clientToken: 'pub0123456789abcdef0123456789abcd', encoding: 'identity' } as const;

/** Segment metadata as `createSegment` builds it (browser-rum esm/domain/segmentCollection/segment.mjs). */
const METADATA = {
  start: 1_795_248_642_196,
  end: 1_795_248_643_644,
  creation_reason: 'init',
  records_count: 3,
  has_full_snapshot: true,
  index_in_view: 0,
  source: 'browser',
  application: { id: APP },
  session: { id: SESSION },
  view: { id: VIEW },
};
const RECORDS = [
  { data: { height: 720, href: 'https://shop.example.com/', width: 1280 }, type: 4, timestamp: 1_795_248_642_196 },
  { data: { has_focus: true }, type: 6, timestamp: 1_795_248_642_196 },
  { data: { source: 2, type: 2, id: 8, x: 37, y: 11 }, type: 3, timestamp: 1_795_248_643_644 },
];

/** The request body exactly as `buildReplayPayload` (buildReplayPayload.mjs) builds it, serialised by fetch. */
async function replayUpload(metadata: Record<string, unknown> = METADATA, parts = { segment: true, event: true }) {
  const raw = `{"records":${JSON.stringify(RECORDS)},${JSON.stringify(metadata).slice(1)}\n`;
  const segment = deflateSync(raw);
  const event = JSON.stringify({
    raw_segment_size: raw.length,
    compressed_segment_size: segment.byteLength,
    ...metadata,
  });
  const formData = new FormData();
  if (parts.segment) {
    formData.append(
      'segment',
      new Blob([segment], { type: 'application/octet-stream' }),
      `${SESSION}-${metadata.start}`,
    );
  }
  if (parts.event) formData.append('event', new Blob([event], { type: 'application/json' }));
  const response = new Response(formData);
  return {
    body: Buffer.from(await response.arrayBuffer()),
    contentType: response.headers.get('content-type')!,
    segment,
    event,
  };
}

describe('parseReplayUpload', () => {
  it('stores the segment file as sent and the event part as metadata', async () => {
    const { body, contentType, segment, event } = await replayUpload();
    expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(await parseReplayUpload(body, contentType, REQUEST, OPTIONS)).toEqual({
      applicationId: APP,
      skipped: 0,
      rows: [
        {
          ApplicationId: APP,
          SessionId: SESSION,
          ViewId: VIEW,
          Start: 1_795_248_642_196,
          End: 1_795_248_643_644,
          RecordsCount: 3,
          Source: 'datadog',
          Segment: segment.toString('base64'),
          Metadata: event,
          ReceivedAt: OPTIONS.receivedAt,
        },
      ],
    });
  });

  it('skips replay resource uploads (an image and a resource event)', async () => {
    const formData = new FormData();
    formData.append('image', new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' }), 'a1b2c3');
    formData.append(
      'event',
      new Blob([JSON.stringify({ application: { id: APP }, type: 'resource' })], { type: 'application/json' }),
    );
    const response = new Response(formData);
    const body = Buffer.from(await response.arrayBuffer());
    const upload = await parseReplayUpload(body, response.headers.get('content-type')!, REQUEST, OPTIONS);
    expect(upload).toEqual({ applicationId: APP, rows: [], skipped: 1 });
  });

  const { session: _session, ...withoutSession } = METADATA;
  const { application: _application, ...withoutApplication } = METADATA;
  const { end: _end, ...withoutEnd } = METADATA;
  it.each([
    ['no event part', () => replayUpload(METADATA, { segment: true, event: false }), 'invalid_body', /no "event" part/],
    [
      'no segment part',
      () => replayUpload(METADATA, { segment: false, event: true }),
      'invalid_body',
      /no "segment" file part/,
    ],
    ['no session.id', () => replayUpload(withoutSession), 'invalid_event', /the "event" part has no session\.id/],
    ['no application.id', () => replayUpload(withoutApplication), 'invalid_event', /has no application\.id/],
    ['no end', () => replayUpload(withoutEnd), 'invalid_event', /start \/ end/],
  ])('rejects an upload with %s', async (_name, build, code, message) => {
    const { body, contentType } = await build();
    const error = await rejection(parseReplayUpload(body, contentType, REQUEST, OPTIONS));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('rejects an event part that is not JSON', async () => {
    const formData = new FormData();
    formData.append('segment', new Blob([deflateSync('{}')]), 's-1');
    formData.append('event', new Blob(['{"start":']));
    const response = new Response(formData);
    const body = Buffer.from(await response.arrayBuffer());
    const error = await rejection(parseReplayUpload(body, response.headers.get('content-type')!, REQUEST, OPTIONS));
    expect(error.code).toBe('invalid_event');
  });

  it('rejects a body that is not multipart, and a Content-Type that is not multipart/form-data', async () => {
    const { body } = await replayUpload();
    const garbage = await rejection(
      parseReplayUpload(Buffer.from('hello'), 'multipart/form-data; boundary=x', REQUEST, OPTIONS),
    );
    expect(garbage.code).toBe('invalid_body');
    const json = await rejection(parseReplayUpload(body, 'application/json', REQUEST, OPTIONS));
    expect(json.code).toBe('unsupported_media_type');
  });
});
