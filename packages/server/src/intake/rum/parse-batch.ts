/** Parses and validates one NDJSON batch of rumlink RUM events. All lines are valid or the batch is refused. */
import { BoundaryError } from '../../errors.js';
import type { RumEventRow } from '../../store/rows.js';
import { rumEventSchema } from './event-schema.js';
import { rumEventToRow } from './to-row.js';

export interface RumBatchOptions {
  applicationId: string;
  receivedAt: number;
  /** Added to every event time: how far the sender's clock is off (clock-correction.ts). */
  clockCorrectionMs: number;
  maxEvents: number;
  maxAttributeLength: number;
}

export function parseRumBatch(body: Buffer, options: RumBatchOptions): RumEventRow[] {
  const lines = body.toString('utf8').split('\n');
  const rows: RumEventRow[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line.length === 0) continue;
    if (rows.length === options.maxEvents) {
      throw new BoundaryError(
        'too_many_events',
        `a batch may hold at most ${options.maxEvents} events; send the rest in another request`,
      );
    }
    rows.push(parseLine(line, index + 1, options));
  }
  if (rows.length === 0) {
    throw new BoundaryError('invalid_body', 'the body holds no events: send one JSON event per line (NDJSON)');
  }
  return rows;
}

function parseLine(line: string, lineNumber: number, options: RumBatchOptions): RumEventRow {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    throw new BoundaryError('invalid_event', `line ${lineNumber}: not valid JSON; send one JSON object per line`);
  }
  const parsed = rumEventSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.join('.') || 'event';
    throw new BoundaryError(
      'invalid_event',
      `line ${lineNumber}: ${path}: ${issue.message} (see docs/wire-formats.md for the event schema)`,
    );
  }
  return rumEventToRow(parsed.data, { ...options, payload: line });
}
