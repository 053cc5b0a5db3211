import { describe, expect, it } from 'vitest';
import { BoundaryError } from '../errors.js';
import type { SqlExecutor } from './executor.js';
import { startGroupCommitWriter } from './group-commit-writer.js';
import { encodeRows } from './row-encoding.js';
import type { LogRow } from './rows.js';

/** An executor whose inserts finish when the test says so: the writer's batching is what is under test. */
function controllableExecutor() {
  const inserts: Array<{ table: string; body: Buffer; finish: (error?: Error) => void }> = [];
  const executor: SqlExecutor = {
    description: 'test',
    query: async () => [],
    command: async () => {},
    insertRows: (table, _columns, blocks) =>
      new Promise<void>((resolve, reject) => {
        inserts.push({
          table,
          body: Buffer.concat(blocks),
          finish: (error) => (error ? reject(error) : resolve()),
        });
      }),
    close: async () => {},
  };
  return { executor, inserts };
}

const row = (body: string): LogRow => ({
  Timestamp: '1700000000000000000',
  TraceId: '',
  SpanId: '',
  TraceFlags: 0,
  SeverityText: 'INFO',
  SeverityNumber: 9,
  ServiceName: 'svc',
  Body: `<${body}>`,
  ResourceSchemaUrl: '',
  ResourceAttributes: {},
  ScopeSchemaUrl: '',
  ScopeName: '',
  ScopeVersion: '',
  ScopeAttributes: {},
  LogAttributes: {},
});
/** The Body of each row an insert holds, in order (a Native block keeps a string column's bytes as they are). */
const bodies = (body: Buffer) => [...body.toString('latin1').matchAll(/<(\w+)>/g)].map((match) => match[1]);
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('group commit writer', () => {
  it('acknowledges a write only after its batch is inserted, and batches writes that arrive meanwhile', async () => {
    const { executor, inserts } = controllableExecutor();
    const writer = startGroupCommitWriter({ executor, maxBatchRows: 3, maxConcurrentInserts: 1, maxDelayMs: 1 });
    let firstDone = false;
    const first = writer.write('otel_logs', [row('a')]).then(() => (firstDone = true));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(inserts).toHaveLength(1);
    const second = writer.write('otel_logs', [row('b')]);
    const third = writer.write('otel_logs', [row('c'), row('c2')]);
    const fourth = writer.write('otel_logs', [row('d')]);
    await tick();
    expect(inserts).toHaveLength(1); // the one insert slot is busy: b, c, d wait together
    expect(firstDone).toBe(false);
    inserts[0]!.finish();
    await first;
    await tick();
    // The next batch holds whole requests up to the cap: b and c (3 rows); d waits for the next one.
    expect(inserts).toHaveLength(2);
    expect(bodies(inserts[1]!.body)).toEqual(['b', 'c', 'c2']);
    inserts[1]!.finish();
    await Promise.all([second, third]);
    await tick();
    expect(bodies(inserts[2]!.body)).toEqual(['d']);
    inserts[2]!.finish();
    await fourth;
    expect(writer.bufferedBytes()).toBe(0);
  });

  it('runs up to maxConcurrentInserts full batches at once, and never splits a request', async () => {
    const { executor, inserts } = controllableExecutor();
    const writer = startGroupCommitWriter({ executor, maxBatchRows: 2, maxConcurrentInserts: 2, maxDelayMs: 60_000 });
    const writes = [
      writer.write('otel_logs', [row('a'), row('a2')]),
      writer.write('otel_logs', [row('b'), row('b2'), row('b3')]),
      writer.write('otel_logs', [row('c'), row('c2')]),
    ];
    await tick();
    expect(inserts.map((insert) => bodies(insert.body))).toEqual([
      ['a', 'a2'],
      ['b', 'b2', 'b3'],
    ]);
    inserts[0]!.finish();
    await tick();
    expect(bodies(inserts[2]!.body)).toEqual(['c', 'c2']);
    inserts[1]!.finish();
    inserts[2]!.finish();
    await Promise.all(writes);
  });

  it('batches rows encoded elsewhere (writeEncoded) with rows it encodes, and counts their bytes alike', async () => {
    const { executor, inserts } = controllableExecutor();
    const writer = startGroupCommitWriter({ executor, maxBatchRows: 1000, maxDelayMs: 1 });
    const encoded = encodeRows('otel_logs', [row('pre'), row('encoded')]);
    const writes = [
      writer.writeEncoded('otel_logs', { bytes: encoded, rows: 2 }),
      writer.write('otel_logs', [row('plain')]),
      writer.writeEncoded('otel_logs', { bytes: Buffer.alloc(0), rows: 0 }),
    ];
    expect(writer.bufferedBytes()).toBe(encoded.length + encodeRows('otel_logs', [row('plain')]).length);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(inserts).toHaveLength(1);
    expect(bodies(inserts[0]!.body)).toEqual(['pre', 'encoded', 'plain']);
    inserts[0]!.finish();
    await Promise.all(writes);
    expect(writer.bufferedBytes()).toBe(0);
  });

  it('flushes a partial batch after maxDelayMs', async () => {
    const { executor, inserts } = controllableExecutor();
    const writer = startGroupCommitWriter({ executor, maxBatchRows: 1000, maxDelayMs: 5 });
    const done = writer.write('otel_logs', [row('x')]);
    expect(inserts).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(inserts).toHaveLength(1);
    inserts[0]!.finish();
    await done;
  });

  it('refuses writes past the buffer bound with a retryable 429 and keeps what it accepted', async () => {
    const { executor, inserts } = controllableExecutor();
    const maxBufferedBytes = encodeRows('otel_logs', [row('accepted')]).length + 40;
    const writer = startGroupCommitWriter({ executor, maxBatchRows: 1, maxBufferedBytes });
    const accepted = writer.write('otel_logs', [row('accepted')]);
    const refused = writer.write('otel_logs', [row('x'.repeat(64))]);
    await expect(refused).rejects.toMatchObject({ code: 'overloaded', status: 429, retryAfterSeconds: 1 });
    await tick();
    inserts[0]!.finish();
    await accepted;
    expect(inserts).toHaveLength(1);
    expect(bodies(inserts[0]!.body)).toEqual(['accepted']);
  });

  it('fails every write of a failed batch with a retryable 503, and the next batch still goes', async () => {
    const { executor, inserts } = controllableExecutor();
    const writer = startGroupCommitWriter({ executor, maxBatchRows: 1 });
    const failing = writer.write('otel_logs', [row('a')]);
    await tick();
    inserts[0]!.finish(new Error('disk full'));
    const error = await failing.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BoundaryError);
    expect(error).toMatchObject({ code: 'unavailable', status: 503 });
    const next = writer.write('otel_logs', [row('b')]);
    await tick();
    inserts[1]!.finish();
    await next;
  });

  it('stop() flushes what is pending, then refuses new writes', async () => {
    const { executor, inserts } = controllableExecutor();
    const writer = startGroupCommitWriter({ executor, maxBatchRows: 1000, maxDelayMs: 60_000 });
    const pending = writer.write('otel_logs', [row('a')]);
    const stopped = writer.stop();
    await tick();
    expect(inserts).toHaveLength(1);
    inserts[0]!.finish();
    await Promise.all([pending, stopped]);
    await expect(writer.write('otel_logs', [row('late')])).rejects.toMatchObject({ status: 503 });
  });
});
