/**
 * The "chDB alone" peer, in its own process with its own store: the same rows the server ingests (decoded by the
 * server's decoder, encoded once before timing with the server's own row encoding) inserted with the server's executor
 * in batches of `batchRows`, one insert at a time like the group-commit writer. It stays up between runs, so runs
 * interleave with the server's (chdb-alone.js); each run times its inserts, then waits for the merges they started.
 */
import { rmSync } from 'node:fs';
import { answerCalls } from '../lib/child-calls.js';
import { waitForMerges } from '../lib/merges.js';
import { SERVER_DIST } from '../lib/paths.js';
import { cpuSecondsBetween, cpuSecondsByThreadGroup } from '../lib/process-usage.js';

const { decodeTraceRequest } = await import(`${SERVER_DIST}/intake/otlp/index.js`);
const { openChdbExecutor } = await import(`${SERVER_DIST}/store/chdb.js`);
const { applySchema } = await import(`${SERVER_DIST}/store/schema.js`);
const { TABLE_COLUMNS, encodeRows } = await import(`${SERVER_DIST}/store/row-encoding.js`);

/** Batches of `batchRows` rows (whole bodies, as the writer joins whole requests), cycling through the pool. */
function buildBatches(chunks, rowsPerChunk, batchRows) {
  const chunksPerBatch = Math.max(1, Math.round(batchRows / rowsPerChunk));
  const count = Math.max(1, Math.ceil(chunks.length / chunksPerBatch));
  return Array.from({ length: count }, (_, b) =>
    Array.from({ length: chunksPerBatch }, (_, i) => chunks[(b * chunksPerBatch + i) % chunks.length]),
  ).map((blocks) => ({ blocks, rows: chunksPerBatch * rowsPerChunk }));
}

let executor;
let batches;
let next = 0;
let inserted = 0;

const ops = {
  async open({ dataDir, bodies, batchRows }) {
    rmSync(dataDir, { recursive: true, force: true });
    executor = await openChdbExecutor(dataDir);
    await applySchema(executor, 0);
    const decoded = bodies.map((body) => decodeTraceRequest(Buffer.from(body), 'protobuf').rows);
    const chunks = decoded.map((rows) => encodeRows('otel_traces', rows));
    batches = buildBatches(chunks, decoded[0].length, batchRows);
    return { batchRows: batches[0].rows };
  },

  /** Inserts for warmupS + durationS, then waits for merges; CPU by thread group from the window's start to the end. */
  async run({ warmupS, durationS }) {
    const start = performance.now();
    const windowStart = start + warmupS * 1000;
    const windowEnd = windowStart + durationS * 1000;
    let inWindow = 0;
    let threadsAtWindow;
    const insertMs = [];
    while (performance.now() < windowEnd) {
      if (!threadsAtWindow && performance.now() >= windowStart) threadsAtWindow = cpuSecondsByThreadGroup(process.pid);
      const batch = batches[next++ % batches.length];
      const began = performance.now();
      await executor.insertRows('otel_traces', TABLE_COLUMNS.otel_traces, batch.blocks);
      const now = performance.now();
      inserted += batch.rows;
      if (now >= windowStart && now < windowEnd) {
        inWindow += batch.rows;
        insertMs.push(now - began);
      }
    }
    const drainS = await waitForMerges((sql, params) => executor.query(sql, params), 'otel_traces');
    const threadCpu = cpuSecondsBetween(threadsAtWindow ?? {}, cpuSecondsByThreadGroup(process.pid));
    return { rows: inWindow, durationS, drainS, threadCpu, insertMs };
  },

  async close() {
    const [{ stored }] = await executor.query('SELECT count() AS stored FROM otel_traces');
    await executor.close();
    return { stored: Number(stored), inserted };
  },
};

answerCalls(ops, 'close');
process.send({ ready: true });
