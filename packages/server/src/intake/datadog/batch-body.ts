/**
 * The body of a Datadog SDK batch: optionally zlib-deflated, then events as JSON separated by `\n`
 * (`createBatch` in browser-core/esm/transport/batch.mjs joins `jsonStringify(event)` with newlines; there is no
 * array wrapper and no trailing newline, but a page-exit flush can start with one, so blank lines are skipped).
 */

import { constants as bufferConstants } from 'node:buffer';
import { BoundaryError } from '../../errors.js';
import type { RumEventRow } from '../../store/rows.js';
import { decompressBody } from '../decompress.js';
import { isJsonObject, type JsonObject } from './event-fields.js';
import type { DatadogRequest } from './forwarded-request.js';

export interface DatadogBatchOptions {
  /** Server receive time, epoch milliseconds. */
  receivedAt: number;
  /** Limit on the body after decompression (and on an uncompressed body). */
  maxDecompressedBytes: number;
  /** Limit on the number of events (non-blank lines) in one batch. */
  maxEvents: number;
  /** Attribute values (and names, messages) longer than this are truncated. */
  maxAttributeLength: number;
  /** Added to every event time: how far the page's clock is off (rum/clock-correction.ts); 0 when absent. */
  clockCorrectionMs?: number;
}

/** What a batch translates to. */
export interface DatadogBatch {
  /** The one application every row belongs to; '' when no row names one. */
  applicationId: string;
  rows: RumEventRow[];
  /** Events read but not stored: other event types (telemetry, view_update, …) or, for logs, logs without a session. */
  skipped: number;
}

export interface BatchLine {
  /** 1-based line number in the decompressed body, for error messages. */
  number: number;
  /** The line exactly as sent: stored as the row's Payload. */
  text: string;
  event: JsonObject;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as sent before compression, bounded in inflated size (a small zip bomb cannot exhaust memory). */
export function decodeBody(body: Buffer, encoding: DatadogRequest['encoding'], maxBytes: number): Promise<Buffer> {
  const limit = Math.min(Math.max(1, Math.floor(maxBytes)), bufferConstants.MAX_LENGTH);
  return decompressBody(body, encoding, limit, 'dd-evp-encoding=deflate');
}

/** Every event line of a batch, parsed; rejects the whole batch on the first bad line. */
export async function readBatchLines(
  body: Buffer,
  request: DatadogRequest,
  options: DatadogBatchOptions,
): Promise<BatchLine[]> {
  const bytes = await decodeBody(body, request.encoding, options.maxDecompressedBytes);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch (error) {
    throw new BoundaryError('invalid_body', 'the batch is not valid UTF-8 text', { cause: error });
  }
  const lines = text.split('\n');
  const eventCount = lines.reduce((count, line) => (line.trim() === '' ? count : count + 1), 0);
  if (eventCount > options.maxEvents) {
    throw new BoundaryError(
      'too_many_events',
      `the batch holds ${eventCount} events; at most ${options.maxEvents} are accepted per request`,
    );
  }
  const parsed: BatchLine[] = [];
  lines.forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    parsed.push({ number: index + 1, text: line, event: parseEvent(line, index + 1) });
  });
  return parsed;
}

/**
 * Every row a request writes is authorised against one application's client token, so a batch may not mix
 * applications (the SDK never does: one batch per SDK instance).
 */
export function sameApplication(current: string | undefined, next: string, lineNumber: number): string {
  if (current !== undefined && current !== next) {
    throw new BoundaryError(
      'invalid_body',
      `line ${lineNumber}: application ${next} differs from ${current} earlier in the batch; send one application per request`,
    );
  }
  return next;
}

export function expectTrack(request: DatadogRequest, track: DatadogRequest['track']): void {
  if (request.track !== track) {
    throw new BoundaryError('bad_request', `a ${request.track} request cannot be read as a ${track} batch`);
  }
}

function parseEvent(line: string, lineNumber: number): JsonObject {
  let event: unknown;
  try {
    event = JSON.parse(line);
  } catch (error) {
    throw new BoundaryError('invalid_event', `line ${lineNumber}: not JSON (${(error as Error).message})`);
  }
  if (!isJsonObject(event)) {
    const kind = Array.isArray(event) ? 'an array' : event === null ? 'null' : `a ${typeof event}`;
    throw new BoundaryError('invalid_event', `line ${lineNumber}: expected one JSON object per line, got ${kind}`);
  }
  return event;
}
