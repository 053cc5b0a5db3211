import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BoundaryError } from '../../errors.js';
import { encodeRows } from '../../store/row-encoding.js';
import {
  DECODE_THREAD_NAME,
  type OtlpDecodePool,
  type OtlpDecodePoolOptions,
  startOtlpDecodePool,
} from './decode-pool.js';
import { decodeLogsRequest, decodeTraceRequest } from './index.js';
import { otlpProtoTypes } from './proto-types.js';

const LIMITS = { maxDecompressedBytes: 1024 * 1024, maxAttributeLength: 8192 };
const TRACE_ID = '5b8efff798038103d269b633813fc60c';

function traceBody(spans: number, spanIdOffset = 0): Buffer {
  const { traceRequest } = otlpProtoTypes();
  const request = traceRequest.fromObject({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] },
        scopeSpans: [
          {
            scope: { name: 'test' },
            spans: Array.from({ length: spans }, (_, i) => ({
              traceId: Buffer.from(TRACE_ID, 'hex'),
              spanId: Buffer.from((spanIdOffset + i + 1).toString(16).padStart(16, '0'), 'hex'),
              name: `span ${i}`,
              kind: 2,
              startTimeUnixNano: '1700000000000000000',
              endTimeUnixNano: '1700000000250000000',
              attributes: [{ key: 'session.id', value: { stringValue: `s-${i}` } }],
            })),
          },
        ],
      },
    ],
  });
  return Buffer.from(traceRequest.encode(request).finish());
}

const logsBody = (body: string) =>
  Buffer.from(
    JSON.stringify({
      resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNano: '1', body: { stringValue: body } }] }] }],
    }),
  );

let pool: OtlpDecodePool | undefined;
const start = (options: Partial<OtlpDecodePoolOptions> = {}) => {
  pool = startOtlpDecodePool({ threads: 1, limits: LIMITS, ...options });
  return pool;
};
afterEach(async () => {
  await pool?.stop();
  pool = undefined;
});

async function rejection(promise: Promise<unknown>): Promise<BoundaryError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(BoundaryError);
  return error as BoundaryError;
}

describe('OTLP decode pool', () => {
  it('gives the rows the decoders and the row encoding give in-process, for traces and logs', async () => {
    const decoder = start();
    const body = traceBody(3);
    const traces = await decoder.decode({ signal: 'traces', format: 'protobuf', encoding: 'identity', body });
    expect(traces.bytes).toEqual(encodeRows('otel_traces', decodeTraceRequest(body, 'protobuf').rows));
    expect(traces).toMatchObject({ rows: 3, rejected: 0, errorMessage: '' });

    const logs = await decoder.decode({
      signal: 'logs',
      format: 'json',
      encoding: 'gzip',
      body: gzipSync(logsBody('hi')),
    });
    expect(logs.bytes).toEqual(encodeRows('otel_logs', decodeLogsRequest(logsBody('hi'), 'json').rows));
    expect(logs.rows).toBe(1);
  });

  it('moves a disposable body that owns its buffer to the worker, and copies any other body', async () => {
    const decoder = start();
    const expected = encodeRows('otel_traces', decodeTraceRequest(traceBody(2), 'protobuf').rows);
    const decode = (body: Uint8Array, bodyIsDisposable?: boolean) =>
      decoder.decode({ signal: 'traces', format: 'protobuf', encoding: 'identity', body, bodyIsDisposable });

    const owned = new Uint8Array(traceBody(2)); // its own ArrayBuffer
    expect((await decode(owned, true)).bytes).toEqual(expected);
    expect(owned.byteLength).toBe(0); // moved, not copied

    const encoded = traceBody(2);
    const shared = new Uint8Array(new ArrayBuffer(encoded.length + 8), 4, encoded.length); // a view into a larger buffer
    shared.set(encoded);
    const kept = new Uint8Array(traceBody(2));
    expect((await decode(shared, true)).bytes).toEqual(expected);
    expect((await decode(kept)).bytes).toEqual(expected);
    expect([shared.byteLength, kept.byteLength]).toEqual([encoded.length, encoded.length]);
  });

  it('reports records rejected one by one (partial success) and keeps the rest', async () => {
    const body = Buffer.from(
      JSON.stringify({
        resourceSpans: [
          {
            scopeSpans: [
              {
                spans: [
                  { traceId: TRACE_ID, spanId: '0000000000000001', name: 'kept' },
                  { traceId: 'zz', spanId: '0000000000000002', name: 'bad id' },
                ],
              },
            ],
          },
        ],
      }),
    );
    const decoded = await start().decode({ signal: 'traces', format: 'json', encoding: 'identity', body });
    expect(decoded.rows).toBe(1);
    expect(decoded.rejected).toBe(1);
    expect(decoded.errorMessage).toMatch(/invalid trace_id/);
  });

  it('answers undecodable bodies with the decoders’ own boundary errors, and goes on decoding', async () => {
    const decoder = start();
    const garbage = Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]);
    const invalid = await rejection(
      decoder.decode({ signal: 'traces', format: 'protobuf', encoding: 'identity', body: garbage }),
    );
    expect(invalid.code).toBe('invalid_body');
    expect(invalid.message).toMatch(/not a valid protobuf-encoded ExportTraceServiceRequest/);

    const notGzip = await rejection(
      decoder.decode({ signal: 'logs', format: 'json', encoding: 'gzip', body: logsBody('x') }),
    );
    expect(notGzip.code).toBe('invalid_body');
    expect(notGzip.message).toMatch(/not valid gzip/);

    const bomb = gzipSync(Buffer.alloc(LIMITS.maxDecompressedBytes + 1));
    const tooLarge = await rejection(
      decoder.decode({ signal: 'traces', format: 'protobuf', encoding: 'gzip', body: bomb }),
    );
    expect(tooLarge.status).toBe(413);

    const ok = await decoder.decode({ signal: 'traces', format: 'protobuf', encoding: 'identity', body: traceBody(1) });
    expect(ok.rows).toBe(1);
  });

  it('refuses new bodies with 429 while the bodies waiting to be decoded exceed the bound', async () => {
    const decoder = start({ maxQueuedBytes: 1000 });
    const body = traceBody(20); // more than 1,000 bytes: admitted alone, not beside another
    const first = decoder.decode({ signal: 'traces', format: 'protobuf', encoding: 'identity', body });
    const refused = await rejection(
      decoder.decode({ signal: 'traces', format: 'protobuf', encoding: 'identity', body }),
    );
    expect(refused.status).toBe(429);
    expect(refused.retryAfterSeconds).toBe(1);
    expect(refused.message).toMatch(/waiting to be decoded/);
    expect((await first).rows).toBe(20);
    // Once decoded, the bytes no longer count.
    expect((await decoder.decode({ signal: 'traces', format: 'protobuf', encoding: 'identity', body })).rows).toBe(20);
  });

  it('answers 503 for the bodies a crashed worker held, reports the crash, and replaces the worker', async () => {
    const failures: unknown[] = [];
    const decoder = start({
      workerEntry: new URL('../../../test/fixtures/crashing-decode-worker.mjs', import.meta.url),
      onWorkerFailure: (error) => failures.push(error),
    });
    const crashed = await rejection(
      decoder.decode({ signal: 'traces', format: 'protobuf', encoding: 'identity', body: Buffer.from('CRASH') }),
    );
    expect(crashed.status).toBe(503);
    expect(crashed.retryAfterSeconds).toBe(1);
    expect(failures).toHaveLength(1);
    const after = await decoder.decode({
      signal: 'traces',
      format: 'protobuf',
      encoding: 'identity',
      body: traceBody(2),
    });
    expect(after.rows).toBe(2);
  });

  it('does not restart a worker that never started, and answers 503 instead of hanging', async () => {
    const failures: unknown[] = [];
    const decoder = start({
      workerEntry: new URL('../../../test/fixtures/no-such-worker.mjs', import.meta.url),
      onWorkerFailure: (error) => failures.push(error),
    });
    const body = traceBody(1);
    const first = await rejection(decoder.decode({ signal: 'traces', format: 'protobuf', encoding: 'identity', body }));
    expect(first.status).toBe(503);
    const later = await rejection(decoder.decode({ signal: 'traces', format: 'protobuf', encoding: 'identity', body }));
    expect(later.message).toMatch(/could not start/);
    expect(failures).toHaveLength(1);
  });

  it.runIf(process.platform === 'linux')('names its worker threads, so their CPU can be told apart', async () => {
    const named = () =>
      readdirSync('/proc/self/task').filter(
        (tid) => readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim() === DECODE_THREAD_NAME,
      ).length;
    const before = named();
    start({ threads: 2 });
    // Each worker names its thread as its module loads, before it reports ready.
    await vi.waitFor(() => expect(named() - before).toBe(2), { timeout: 10_000 });
    expect(DECODE_THREAD_NAME.length).toBeLessThanOrEqual(15); // Linux keeps 15 bytes of a thread's name
  });

  it('spreads bodies over its workers and finishes the ones in flight before stopping', async () => {
    const decoder = start({ threads: 2 });
    const pending = Array.from({ length: 8 }, (_, i) =>
      decoder.decode({ signal: 'traces', format: 'protobuf', encoding: 'identity', body: traceBody(50, i * 50) }),
    );
    await decoder.stop();
    pool = undefined;
    const decoded = await Promise.all(pending);
    expect(decoded.map((batch) => batch.rows)).toEqual(Array(8).fill(50));
    const refused = await rejection(
      decoder.decode({ signal: 'traces', format: 'protobuf', encoding: 'identity', body: traceBody(1) }),
    );
    expect(refused.status).toBe(503);
  });
});
