/**
 * Group commit: intake requests hand rows to the writer and are acknowledged only once the batch holding them is
 * inserted. Requests that arrive while inserts run wait together for the next batch, so each request costs one
 * serialisation, not one insert.
 *
 * A batch is capped at `maxBatchRows` (whole requests only: a request's rows always land in one insert, all or
 * nothing), which bounds an insert's time and memory, and up to `maxConcurrentInserts` run per table so decoding and
 * inserting overlap. chDB alone inserts more rows/s the larger its batches (bench/RESULTS.md), but a larger cap did not
 * raise the server's rate: batches form from the requests decoded while an insert runs, about 3,000 spans at 16
 * requests of 512 in flight whatever the cap, and 8,192-span requests (a Collector's default batch) gave
 * 61k/69k/80k spans/s with the 10,000-row cap against 61k/70k/76k with 65,536. The buffer is bounded in bytes: past it,
 * writes are refused at once (429 with Retry-After) instead of growing without bound.
 */
import { BoundaryError, shuttingDownError } from '../errors.js';
import type { SqlExecutor } from './executor.js';
import { type EncodedRows, encodeRows, TABLE_COLUMNS } from './row-encoding.js';
import type { TableName, TableRows } from './rows.js';

export interface GroupCommitOptions {
  executor: SqlExecutor;
  /** A batch closes once it holds this many rows (a single larger request still goes whole). */
  maxBatchRows?: number;
  /** Inserts running at once per table. */
  maxConcurrentInserts?: number;
  /** Longest a row waits for companions while no insert of its table is running. */
  maxDelayMs?: number;
  /** Bytes accepted but not yet inserted (all tables) before new writes are refused. */
  maxBufferedBytes?: number;
  onBatchInserted?: (table: TableName, rows: number, bytes: number, elapsedMs: number) => void;
  onBatchFailed?: (table: TableName, rows: number, error: unknown) => void;
}

export interface GroupCommitWriter {
  /** Resolves once every row is durably inserted; rejects (writing nothing of this call) otherwise. */
  write<T extends TableName>(table: T, rows: readonly TableRows[T][]): Promise<void>;
  /** `write` for rows already encoded (by the OTLP decode workers, off the event loop). */
  writeEncoded(table: TableName, encoded: EncodedRows): Promise<void>;
  /** Bytes accepted and not yet inserted. */
  bufferedBytes(): number;
  /** Flushes everything pending, then refuses further writes. */
  stop(): Promise<void>;
}

/** One write call: its encoded rows and the promise to settle when they are stored. */
interface PendingWrite {
  bytes: Buffer;
  rows: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface TableQueue {
  table: TableName;
  pending: PendingWrite[];
  pendingRows: number;
  inFlight: Set<Promise<void>>;
  timer: NodeJS.Timeout | undefined;
}

export function startGroupCommitWriter(options: GroupCommitOptions): GroupCommitWriter {
  const maxBatchRows = options.maxBatchRows ?? 10_000;
  const maxConcurrentInserts = options.maxConcurrentInserts ?? 2;
  const maxDelayMs = options.maxDelayMs ?? 25;
  const maxBufferedBytes = options.maxBufferedBytes ?? 256 * 1024 * 1024;
  const queues = new Map<TableName, TableQueue>();
  let buffered = 0;
  let stopped = false;

  function queueOf(table: TableName): TableQueue {
    let queue = queues.get(table);
    if (!queue) {
      queue = { table, pending: [], pendingRows: 0, inFlight: new Set(), timer: undefined };
      queues.set(table, queue);
    }
    return queue;
  }

  /** Full batches go while a slot is free; a partial batch goes after maxDelayMs, or when an insert ends. */
  function schedule(queue: TableQueue): void {
    while (queue.inFlight.size < maxConcurrentInserts && queue.pendingRows >= maxBatchRows) insertNext(queue);
    if (queue.pendingRows > 0 && queue.inFlight.size === 0 && !queue.timer) {
      queue.timer = setTimeout(() => {
        queue.timer = undefined;
        if (queue.inFlight.size < maxConcurrentInserts) insertNext(queue);
        schedule(queue);
      }, maxDelayMs);
    }
  }

  function insertNext(queue: TableQueue): void {
    if (queue.pending.length === 0) return;
    const batch: PendingWrite[] = [];
    let rows = 0;
    while (queue.pending.length > 0 && (rows === 0 || rows + queue.pending[0]!.rows <= maxBatchRows)) {
      const write = queue.pending.shift()!;
      batch.push(write);
      rows += write.rows;
    }
    queue.pendingRows -= rows;
    const blocks = batch.map((write) => write.bytes);
    let bytes = 0;
    for (const block of blocks) bytes += block.length;
    const started = performance.now();
    const insert: Promise<void> = options.executor
      .insertRows(queue.table, TABLE_COLUMNS[queue.table], blocks)
      .then(
        () => {
          buffered -= bytes; // before acknowledging: an acknowledged write is no longer buffered
          options.onBatchInserted?.(queue.table, rows, bytes, performance.now() - started);
          for (const write of batch) write.resolve();
        },
        (error: unknown) => {
          buffered -= bytes;
          options.onBatchFailed?.(queue.table, rows, error);
          const failure = new BoundaryError('unavailable', 'the store could not write this batch; retry later', {
            retryAfterSeconds: 1,
            cause: error,
          });
          for (const write of batch) write.reject(failure);
        },
      )
      .finally(() => {
        queue.inFlight.delete(insert);
        // Whatever accumulated meanwhile goes now: that is the group commit.
        if (queue.pendingRows > 0 && queue.inFlight.size < maxConcurrentInserts) insertNext(queue);
        schedule(queue);
      });
    queue.inFlight.add(insert);
  }

  function writeEncoded(table: TableName, { bytes, rows }: EncodedRows): Promise<void> {
    if (stopped) {
      return Promise.reject(shuttingDownError());
    }
    if (rows === 0) return Promise.resolve();
    if (buffered + bytes.length > maxBufferedBytes && buffered > 0) {
      return Promise.reject(
        new BoundaryError(
          'overloaded',
          `the write buffer is full (${maxBufferedBytes} bytes waiting for the store); retry after the delay`,
          { retryAfterSeconds: 1 },
        ),
      );
    }
    buffered += bytes.length;
    const queue = queueOf(table);
    const done = new Promise<void>((resolve, reject) => {
      queue.pending.push({ bytes, rows, resolve, reject });
    });
    queue.pendingRows += rows;
    schedule(queue);
    return done;
  }

  return {
    write(table, rows) {
      return writeEncoded(table, { bytes: encodeRows(table, rows), rows: rows.length });
    },

    writeEncoded,

    bufferedBytes: () => buffered,

    async stop() {
      stopped = true;
      for (;;) {
        const busy = [...queues.values()].filter((queue) => queue.pendingRows > 0 || queue.inFlight.size > 0);
        if (busy.length === 0) return;
        for (const queue of busy) {
          if (queue.timer) clearTimeout(queue.timer);
          queue.timer = undefined;
          while (queue.pendingRows > 0 && queue.inFlight.size < maxConcurrentInserts) insertNext(queue);
        }
        await Promise.allSettled(busy.flatMap((queue) => [...queue.inFlight]));
      }
    },
  };
}
