/**
 * Benchmark 2: query latency of `/traces/:id` and `/sessions/:id/timeline` over a generated store (10M spans, 10M logs,
 * RUM events of their sessions), plus a per-statement breakdown of each route and EXPLAIN of its slowest statement.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { diskBytes } from '../lib/disk-usage.js';
import { DATA_DIR, SERVER_DIST } from '../lib/paths.js';
import { median, percentiles } from '../lib/percentiles.js';
import { sampleRss } from '../lib/process-usage.js';
import { startServerChild } from '../lib/server-child.js';
import { datasetShape } from './dataset-sql.js';
import { generateDataset } from './generate-data.js';
import { sampleIds } from './sample-ids.js';

const WARMUP_REQUESTS = 10;
const PROFILED_REQUESTS = 5;

export const ROUTES = [
  {
    name: 'trace',
    route: 'GET /api/v1/traces/:traceId',
    budgetMs: 50,
    path: (id) => `/api/v1/traces/${id}`,
    count: (body) => ({ items: body.spans.length, 'with RUM origin': body.rum ? 1 : 0 }),
  },
  {
    name: 'timeline',
    route: 'GET /api/v1/sessions/:sessionId/timeline',
    budgetMs: 150,
    path: (id) => `/api/v1/sessions/${id}/timeline`,
    count: (body) => ({
      items: body.items.length,
      'RUM events': body.items.filter((item) => item.tier === 'rum').length,
      spans: body.items.filter((item) => item.kind === 'span').length,
      logs: body.items.filter((item) => item.tier === 'backend' && item.kind === 'log').length,
    }),
  },
];

/** The table definitions the data set was written with: a data set from another schema (sort key, granules) is stale. */
const schemaDigest = () =>
  createHash('sha256')
    .update(readFileSync(`${SERVER_DIST}/store/schema.js`))
    .digest('hex')
    .slice(0, 16);

/** Generates the data set unless BENCH_REUSE_DATA=1 and a data set of the same shape and schema is there. */
async function prepareData(knobs, shape, dataDir, log) {
  const markerFile = `${dataDir}.json`;
  const marker = existsSync(markerFile) ? JSON.parse(readFileSync(markerFile, 'utf8')) : undefined;
  const schema = schemaDigest();
  const same = marker && JSON.stringify(marker.shape) === JSON.stringify(shape) && marker.schema === schema;
  if (knobs.reuseData && same) {
    log(`reusing the data set in ${dataDir} (generated ${new Date(marker.endMs).toISOString()})`);
    return { ...marker, reused: true };
  }
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(markerFile, { force: true });
  log(`generating ${shape.spans} spans, ${shape.logs} logs, ${shape.sessions} sessions (${shape.traces} traces)`);
  const server = await startServerChild(dataDir);
  const endMs = Date.now();
  const generated = await generateDataset(server, shape, { settleS: knobs.settleS, endMs }, log);
  await server.stop();
  const result = { shape, schema, endMs, ...generated };
  writeFileSync(markerFile, JSON.stringify(result));
  return { ...result, reused: false };
}

async function timedGet(url) {
  const started = performance.now();
  const response = await fetch(url);
  const text = await response.text();
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${text.slice(0, 300)}`);
  return { ms, body: JSON.parse(text) };
}

/**
 * Median time and rows of each SQL statement the route runs (in the route, where some run concurrently, and alone),
 * over a few requests; EXPLAIN of the slowest.
 */
async function profileRoute(server, route, ids) {
  const runs = [];
  for (const id of ids) runs.push(await server.profile(route.name, id));
  const statements = [];
  for (const [i, statement] of runs[0].statements.entries()) {
    const alone = [];
    for (let k = 0; k < 3; k++) alone.push((await server.query(statement.sql, statement.params)).ms);
    statements.push({
      sql: statement.sql,
      params: statement.params,
      medianMs: median(runs.map((run) => run.statements[i]?.ms ?? NaN)),
      aloneMs: median(alone),
      rows: median(runs.map((run) => run.statements[i]?.rows ?? NaN)),
    });
  }
  const slowest = statements.reduce((a, b) => (b.medianMs > a.medianMs ? b : a));
  const { rows } = await server.query(`EXPLAIN indexes = 1 ${slowest.sql}`, slowest.params);
  return { totalMs: median(runs.map((run) => run.totalMs)), statements, explain: rows.map((row) => row.explain) };
}

export async function runQueryBench(knobs, log) {
  const shape = datasetShape(knobs.spans, knobs.logs);
  const dataDir = `${DATA_DIR}/query-${shape.spans}-spans-${shape.logs}-logs`;
  const data = await prepareData(knobs, shape, dataDir, log);
  const dataBytes = diskBytes(dataDir);
  log(`data dir: ${(dataBytes / 2 ** 30).toFixed(2)} GiB; starting the server on it`);

  const server = await startServerChild(dataDir);
  const ids = await sampleIds(server, shape, knobs.queries + WARMUP_REQUESTS);
  const results = [];
  const rss = sampleRss(server.pid);
  for (const route of ROUTES) {
    const all = route.name === 'trace' ? ids.traceIds : ids.sessionIds;
    for (const id of all.slice(knobs.queries)) await timedGet(`${server.queryUrl}${route.path(id)}`);
    log(`${route.route}: ${knobs.queries} sequential requests after ${WARMUP_REQUESTS} warm-up`);
    const latencies = [];
    const counts = [];
    for (const id of all.slice(0, knobs.queries)) {
      const { ms, body } = await timedGet(`${server.queryUrl}${route.path(id)}`);
      latencies.push(ms);
      counts.push(route.count(body));
    }
    const latency = percentiles(latencies);
    const averages = Object.fromEntries(
      Object.keys(counts[0]).map((key) => [key, counts.reduce((sum, count) => sum + count[key], 0) / counts.length]),
    );
    log(
      `  p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms, ${averages.items.toFixed(1)} items on average`,
    );
    results.push({ ...route, latency, averages });
  }
  const memory = rss.stop();
  for (const result of results) {
    const sample = (result.name === 'trace' ? ids.traceIds : ids.sessionIds).slice(0, PROFILED_REQUESTS);
    result.profile = await profileRoute(server, result, sample);
  }
  await server.stop();
  return { shape, data, dataBytes, memory, routes: results };
}
