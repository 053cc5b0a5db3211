/**
 * The "chDB alone" peer, in its own process with a fresh store: the same rows the server ingests (decoded by the
 * server's decoder, serialized as JSONEachRow once, before timing) inserted with the server's executor in batches of
 * `batchRows`, one insert at a time like the group-commit writer. Only the inserts are timed.
 */
import { rmSync } from 'node:fs';
import { SERVER_DIST } from '../lib/paths.js';

const { decodeTraceRequest } = await import(`${SERVER_DIST}/intake/otlp/index.js`);
const { openChdbExecutor } = await import(`${SERVER_DIST}/store/chdb.js`);
const { applySchema } = await import(`${SERVER_DIST}/store/schema.js`);

/** Batches of `batchRows` rows (whole bodies, as the writer joins whole requests), cycling through the pool. */
function buildBatches(chunks, rowsPerChunk, batchRows) {
  const chunksPerBatch = Math.max(1, Math.round(batchRows / rowsPerChunk));
  const count = Math.max(1, Math.ceil(chunks.length / chunksPerBatch));
  return Array.from({ length: count }, (_, b) =>
    Buffer.from(Array.from({ length: chunksPerBatch }, (_, i) => chunks[(b * chunksPerBatch + i) % chunks.length]).join('\n')),
  ).map((buffer) => ({ buffer, rows: chunksPerBatch * rowsPerChunk }));
}

process.once('message', async ({ dataDir, bodies, batchRows, warmupS, durationS }) => {
  rmSync(dataDir, { recursive: true, force: true });
  const executor = await openChdbExecutor(dataDir);
  await applySchema(executor, 0);
  const decoded = bodies.map((body) => decodeTraceRequest(Buffer.from(body), 'protobuf').rows);
  const chunks = decoded.map((rows) => rows.map((row) => JSON.stringify(row)).join('\n'));
  const batches = buildBatches(chunks, decoded[0].length, batchRows);

  const start = performance.now();
  const windowStart = start + warmupS * 1000;
  const windowEnd = windowStart + durationS * 1000;
  let inserted = 0;
  let inWindow = 0;
  const insertMs = [];
  for (let i = 0; performance.now() < windowEnd; i++) {
    const batch = batches[i % batches.length];
    const began = performance.now();
    await executor.insertJsonEachRow('otel_traces', batch.buffer);
    const now = performance.now();
    inserted += batch.rows;
    if (now >= windowStart && now < windowEnd) {
      inWindow += batch.rows;
      insertMs.push(now - began);
    }
  }
  const [{ stored }] = await executor.query('SELECT count() AS stored FROM otel_traces');
  await executor.close();
  process.send({ batchRows: batches[0].rows, perSecond: inWindow / durationS, inserted, stored: Number(stored), insertMs }, () =>
    process.exit(0),
  );
});
