/**
 * Malformed trace headers and baggage from the internet, through the real http instrumentation and rumlink's
 * propagators: every request is served, the bad context is ignored (a new trace starts, no session is attached),
 * and a diag.debug line says what was ignored.
 */
import { createServer } from 'node:http';
import { type DiagLogger, DiagLogLevel, diag } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../../test-support/eventually.mjs';
import { BROWSER, type InProcessRumlink, listen, startInProcessRumlink } from './in-process-rumlink.js';

const SESSION = `session.id=${BROWSER.sessionId}`;
const VALID_TRACEPARENT = `00-${BROWSER.traceId}-${BROWSER.spanId}-01`;
const members = (count: number) => Array.from({ length: count }, (_, i) => `k${i}=v`);

let rumlink: InProcessRumlink;
let url: string;
const debug: string[] = [];
let requests = 0;

beforeAll(async () => {
  const logger: DiagLogger = {
    debug: (message) => void debug.push(message),
    error: () => {},
    warn: () => {},
    info: () => {},
    verbose: () => {},
  };
  diag.setLogger(logger, DiagLogLevel.DEBUG);
  rumlink = startInProcessRumlink();
  url = await listen(createServer((_req, res) => res.end('served')));
});
afterAll(async () => {
  await rumlink.handle.shutdown();
  diag.disable();
});

type Case = [
  name: string,
  headers: Record<string, string>,
  expected: { traceId?: string; session?: string; debug: string },
];

describe('a request with bad trace context or baggage is served, and the bad part ignored', () => {
  it.each<Case>([
    [
      'traceparent that is not one',
      { traceparent: 'garbage', baggage: SESSION },
      { session: BROWSER.sessionId, debug: 'ignored traceparent' },
    ],
    [
      'traceparent with a non-hex trace id',
      { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e47zz-00f067aa0ba902b7-01' },
      { debug: 'ignored traceparent' },
    ],
    [
      'traceparent with an all-zero trace id',
      { traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` },
      { debug: 'ignored traceparent' },
    ],
    [
      'traceparent with an all-zero span id',
      { traceparent: `00-${BROWSER.traceId}-${'0'.repeat(16)}-01` },
      { debug: 'ignored traceparent' },
    ],
    [
      'traceparent version ff',
      { traceparent: `ff-${BROWSER.traceId}-${BROWSER.spanId}-01` },
      { debug: 'ignored traceparent' },
    ],
    [
      'traceparent version 00 with extra fields',
      { traceparent: `${VALID_TRACEPARENT}-extra` },
      { debug: 'ignored traceparent' },
    ],
    ['a 10 kB traceparent', { traceparent: `00-${'a'.repeat(10_000)}` }, { debug: 'ignored traceparent' }],
    [
      'baggage with 65 members (session.id first)',
      { traceparent: VALID_TRACEPARENT, baggage: [SESSION, ...members(64)].join(',') },
      { traceId: BROWSER.traceId, debug: 'ignored the baggage header: more than 64 list-members' },
    ],
    [
      'baggage over 8192 bytes',
      { traceparent: VALID_TRACEPARENT, baggage: `${SESSION},pad=${'x'.repeat(8192)}` },
      { traceId: BROWSER.traceId, debug: 'over the 8192-byte limit' },
    ],
    [
      'a session.id with bad percent-encoding',
      { baggage: 'session.id=%E0%A4%A' },
      { debug: 'value of "session.id" is not valid percent-encoded UTF-8' },
    ],
    [
      'another member with bad percent-encoding (session.id kept)',
      { baggage: `note=100%,${SESSION}` },
      { session: BROWSER.sessionId, debug: 'value of "note" is not valid percent-encoded UTF-8' },
    ],
    [
      'datadog ids that are not decimal',
      { 'x-datadog-trace-id': 'abc', 'x-datadog-parent-id': '456' },
      { debug: 'ignored x-datadog-*' },
    ],
    [
      'a zero datadog trace id',
      { 'x-datadog-trace-id': '0', 'x-datadog-parent-id': '456' },
      { debug: 'ignored x-datadog-*' },
    ],
    [
      'a datadog id over 64 bits',
      { 'x-datadog-trace-id': '99999999999999999999', 'x-datadog-parent-id': '1' },
      { debug: 'ignored x-datadog-*' },
    ],
    ['a datadog trace id without parent', { 'x-datadog-trace-id': '123' }, { debug: 'ignored x-datadog-*' }],
    [
      'garbage datadog tags (ids kept, 64-bit)',
      {
        'x-datadog-trace-id': '123',
        'x-datadog-parent-id': '456',
        'x-datadog-sampling-priority': '1',
        'x-datadog-tags': '_dd.p.tid=zz,;;',
      },
      { traceId: '0000000000000000000000000000007b', debug: 'ignored x-datadog-tags' },
    ],
    ['b3 garbage', { b3: 'not-a-b3-header' }, { debug: 'ignored b3' }],
    [
      'everything bad at once',
      { traceparent: 'x', baggage: 'session.id=%', 'x-datadog-trace-id': '-', b3: '-', 'x-b3-traceid': 'q' },
      { debug: 'ignored' },
    ],
  ])('%s', async (_, headers, expected) => {
    const id = `case=${++requests}`;
    debug.length = 0;
    const response = await fetch(`${url}/?${id}`, { headers });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('served');
    const span = await eventually(
      () => rumlink.serverSpans().find((s) => s.attributes['url.query'] === id),
      `the server span of ?${id}`,
    );
    if (expected.traceId) {
      expect(span.spanContext().traceId).toBe(expected.traceId);
    } else {
      // The bad context was not continued: this span is the root of a new trace.
      expect(span.parentSpanContext).toBeUndefined();
      expect(span.spanContext().traceId).not.toBe(BROWSER.traceId);
    }
    expect(span.attributes['session.id']).toBe(expected.session);
    expect(debug.join('\n')).toContain(expected.debug);
  });
});
