/** Fills a store with the query benchmark's data set (dataset-sql.js), in chunks, printing progress. */
import { DAY_MS, INSERT_LOGS, INSERT_RUM_EVENTS, INSERT_SPANS, RUM_ROWS_PER_SESSION } from './dataset-sql.js';

const CHUNK_ROWS = 1_000_000;

async function insertInChunks(server, label, sql, total, params, log) {
  const started = performance.now();
  for (let offset = 0; offset < total; offset += CHUNK_ROWS) {
    const count = Math.min(CHUNK_ROWS, total - offset);
    await server.command(sql, { ...params, offset, count });
    const seconds = (performance.now() - started) / 1000;
    log(`  ${label}: ${offset + count} / ${total} rows (${Math.round((offset + count) / seconds)} rows/s)`);
  }
  return (performance.now() - started) / 1000;
}

/** Waits until no merge runs (or `settleS` passes); returns the active parts per table afterwards. */
async function settleMerges(server, settleS, log) {
  const started = performance.now();
  const deadline = started + settleS * 1000;
  for (;;) {
    const { rows } = await server.query('SELECT count() AS merges FROM system.merges');
    if (Number(rows[0].merges) === 0 || performance.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const { rows } = await server.query(
    `SELECT table, count() AS parts, sum(rows) AS rows FROM system.parts
     WHERE active AND database = currentDatabase() GROUP BY table ORDER BY table`,
  );
  const waitedS = (performance.now() - started) / 1000;
  log(`  waited ${waitedS.toFixed(0)} s; parts: ${rows.map((row) => `${row.table} ${row.parts}`).join(', ')}`);
  const parts = rows.map((row) => ({ table: row.table, parts: Number(row.parts), rows: Number(row.rows) }));
  return { waitedS, parts };
}

export async function generateDataset(server, shape, { settleS, endMs }, log) {
  const spreadMs = 3 * DAY_MS - 15 * 60_000;
  const params = {
    startMs: endMs - 3 * DAY_MS,
    spreadMs,
    sessions: shape.sessions,
    spans: shape.spans,
    logs: shape.logs,
  };
  const seconds = {
    spans: await insertInChunks(server, 'otel_traces', INSERT_SPANS, shape.spans, params, log),
    logs: await insertInChunks(server, 'otel_logs', INSERT_LOGS, shape.logs, params, log),
    rumEvents: await insertInChunks(
      server,
      'rum_events',
      INSERT_RUM_EVENTS,
      shape.sessions * RUM_ROWS_PER_SESSION,
      params,
      log,
    ),
  };
  log(`settling background merges (up to ${settleS} s)`);
  const settled = await settleMerges(server, settleS, log);
  return { seconds, ...settled };
}
