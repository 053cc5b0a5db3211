/**
 * The "chDB alone" peer, in its own process with a fresh store: the same rows the server ingests (decoded by the
 * server's decoder, encoded once before timing with the server's own row encoding) inserted with the server's executor in batches of
 * `batchRows`, one insert at a time like the group-commit writer. Only the inserts are timed.
 */
import { rmSync } from 'node:fs';
import { SERVER_DIST } from '../lib/paths.js';

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

process.once('message', async ({ dataDir, bodies, batchRows, warmupS, durationS }) => {
  rmSync(dataDir, { recursive: true, force: true });
  const executor = await openChdbExecutor(dataDir);
  await applySchema(executor, 0);
  const decoded = bodies.map((body) => decodeTraceRequest(Buffer.from(body), 'protobuf').rows);
  const chunks = decoded.map((rows) => encodeRows('otel_traces', rows));
  const batches = buildBatches(chunks, decoded[0].length, batchRows);

  const start = performance.now();
  const windowStart = start + warmupS * 1000;
  const windowEnd = windowStart + durationS * 1000;
  const cpuStart = process.cpuUsage();
  let inserted = 0;
  let inWindow = 0;
  const insertMs = [];
  for (let i = 0; performance.now() < windowEnd; i++) {
    const batch = batches[i % batches.length];
    const began = performance.now();
    await executor.insertRows('otel_traces', TABLE_COLUMNS.otel_traces, batch.blocks);
    const now = performance.now();
    inserted += batch.rows;
    if (now >= windowStart && now < windowEnd) {
      inWindow += batch.rows;
      insertMs.push(now - began);
    }
  }
  const cpu = process.cpuUsage(cpuStart);
  const cores = (cpu.user + cpu.system) / 1000 / (performance.now() - start);
  const [{ stored }] = await executor.query('SELECT count() AS stored FROM otel_traces');
  await executor.close();
  process.send(
    { batchRows: batches[0].rows, perSecond: inWindow / durationS, cores, inserted, stored: Number(stored), insertMs },
    () => process.exit(0),
  );
});
