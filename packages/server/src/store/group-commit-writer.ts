/**
 * Group commit: intake requests hand rows to the writer and are acknowledged only once the batch holding them is
 * inserted. While one insert per table is in flight the next batch accumulates, so batch size follows load and
 * every request costs one serialisation, not one insert. The buffer is bounded in bytes: past it, writes are refused
 * at once (429 with Retry-After) instead of growing without bound.
 */
import { BoundaryError } from '../errors.js';
import type { SqlExecutor } from './executor.js';
import type { TableName, TableRows } from './rows.js';

export interface GroupCommitOptions {
  executor: SqlExecutor;
  /** Flush a table as soon as this many rows wait. */
  maxBatchRows?: number;
  /** Flush a table as soon as this many bytes wait. */
  maxBatchBytes?: number;
  /** Longest a row waits for companions before its batch is flushed. */
  maxDelayMs?: number;
  /** Bytes accepted but not yet inserted (all tables) before new writes are refused. */
  maxBufferedBytes?: number;
  onBatchInserted?: (table: TableName, rows: number, bytes: number, elapsedMs: number) => void;
  onBatchFailed?: (table: TableName, rows: number, error: unknown) => void;
}

export interface GroupCommitWriter {
  /** Resolves once every row is durably inserted; rejects (writing nothing of this call) otherwise. */
  write<T extends TableName>(table: T, rows: readonly TableRows[T][]): Promise<void>;
  /** Bytes accepted and not yet inserted. */
  bufferedBytes(): number;
  /** Flushes everything pending, then refuses further writes. */
  stop(): Promise<void>;
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface TableQueue {
  chunks: string[];
  rows: number;
  bytes: number;
  waiters: Waiter[];
  inFlight: Promise<void> | undefined;
  timer: NodeJS.Timeout | undefined;
}

export function startGroupCommitWriter(options: GroupCommitOptions): GroupCommitWriter {
  const maxBatchRows = options.maxBatchRows ?? 100_000;
  const maxBatchBytes = options.maxBatchBytes ?? 32 * 1024 * 1024;
  const maxDelayMs = options.maxDelayMs ?? 25;
  const maxBufferedBytes = options.maxBufferedBytes ?? 256 * 1024 * 1024;
  const queues = new Map<TableName, TableQueue>();
  let buffered = 0;
  let stopped = false;

  function queueOf(table: TableName): TableQueue {
    let queue = queues.get(table);
    if (!queue) {
      queue = { chunks: [], rows: 0, bytes: 0, waiters: [], inFlight: undefined, timer: undefined };
      queues.set(table, queue);
    }
    return queue;
  }

  function schedule(table: TableName, queue: TableQueue): void {
    if (queue.inFlight) return; // the batch accumulating now goes when the current insert ends
    if (queue.rows >= maxBatchRows || queue.bytes >= maxBatchBytes) {
      flush(table, queue);
    } else if (!queue.timer && queue.rows > 0) {
      queue.timer = setTimeout(() => flush(table, queue), maxDelayMs);
    }
  }

  function flush(table: TableName, queue: TableQueue): void {
    if (queue.timer) clearTimeout(queue.timer);
    queue.timer = undefined;
    if (queue.rows === 0 || queue.inFlight) return;
    const { chunks, rows, bytes, waiters } = queue;
    queue.chunks = [];
    queue.rows = 0;
    queue.bytes = 0;
    queue.waiters = [];
    const started = performance.now();
    queue.inFlight = options.executor
      .insertJsonEachRow(table, Buffer.from(chunks.join('\n')))
      .then(
        () => {
          options.onBatchInserted?.(table, rows, bytes, performance.now() - started);
          for (const waiter of waiters) waiter.resolve();
        },
        (error: unknown) => {
          options.onBatchFailed?.(table, rows, error);
          const failure = new BoundaryError('unavailable', 'the store could not write this batch; retry later', {
            retryAfterSeconds: 1,
            cause: error,
          });
          for (const waiter of waiters) waiter.reject(failure);
        },
      )
      .finally(() => {
        buffered -= bytes;
        queue.inFlight = undefined;
        schedule(table, queue);
      });
  }

  return {
    write(table, rows) {
      if (stopped) {
        return Promise.reject(
          new BoundaryError('unavailable', 'the server is shutting down; retry against another node or later', {
            retryAfterSeconds: 1,
          }),
        );
      }
      if (rows.length === 0) return Promise.resolve();
      const chunk = rows.map((row) => JSON.stringify(row)).join('\n');
      const bytes = Buffer.byteLength(chunk);
      if (buffered + bytes > maxBufferedBytes && buffered > 0) {
        return Promise.reject(
          new BoundaryError(
            'overloaded',
            `the write buffer is full (${maxBufferedBytes} bytes waiting for the store); retry after the delay`,
            {
              retryAfterSeconds: 1,
            },
          ),
        );
      }
      buffered += bytes;
      const queue = queueOf(table);
      queue.chunks.push(chunk);
      queue.rows += rows.length;
      queue.bytes += bytes;
      const done = new Promise<void>((resolve, reject) => queue.waiters.push({ resolve, reject }));
      schedule(table, queue);
      return done;
    },

    bufferedBytes: () => buffered,

    async stop() {
      stopped = true;
      // A flush can schedule the next batch when it ends; loop until every queue is empty and idle.
      for (;;) {
        const busy = [...queues.entries()].filter(([, queue]) => queue.rows > 0 || queue.inFlight);
        if (busy.length === 0) return;
        for (const [table, queue] of busy) flush(table, queue);
        await Promise.allSettled(busy.map(([, queue]) => queue.inFlight));
      }
    },
  };
}
