/**
 * Benchmark 1: OTLP/protobuf ingest into the embedded store (closed loop for throughput, open loop at half of it for
 * latency), compared with chDB alone inserting the same rows.
 */
import { fork } from 'node:child_process';
import { rmSync } from 'node:fs';
import { closedLoop, createPoster, openLoop } from '../lib/http-load.js';
import { buildTraceBodies } from '../lib/otlp-bodies.js';
import { buildLogBodies } from '../lib/otlp-log-bodies.js';
import { DATA_DIR } from '../lib/paths.js';
import { percentiles } from '../lib/percentiles.js';
import { coresByThreadGroup, cpuSecondsByThreadGroup, sampleRss } from '../lib/process-usage.js';
import { startServerChild } from '../lib/server-child.js';

/** Mean rows and insert time of the server's otel_traces batches, from its Prometheus histograms. */
async function batchStats(queryUrl) {
  const text = await (await fetch(`${queryUrl}/metrics`)).text();
  const value = (name) => Number(new RegExp(`^${name}\\{table="otel_traces"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  const count = value('rumlink_store_batch_rows_count');
  return {
    batches: count,
    meanRows: value('rumlink_store_batch_rows_sum') / count,
    meanInsertMs: value('rumlink_store_insert_duration_ms_sum') / value('rumlink_store_insert_duration_ms_count'),
  };
}

function runChdbAlone(bodies, batchRows, knobs) {
  const child = fork(new URL('./chdb-alone-main.js', import.meta.url), {
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`chDB-alone child exited (code ${code}) without a result`)));
    child.send({
      dataDir: `${DATA_DIR}/ingest-chdb-alone`,
      bodies,
      batchRows,
      warmupS: knobs.warmupS,
      durationS: knobs.durationS,
    });
  });
}

/** A closed loop against the server, with the server's CPU by thread group over it. */
async function closedLoopWithCpu(server, load, { concurrency, warmupS, durationS }) {
  const threadsBefore = cpuSecondsByThreadGroup(server.pid);
  const started = performance.now();
  const run = await closedLoop({ ...load, concurrency, warmupS, durationS });
  const seconds = (performance.now() - started) / 1000;
  return { ...run, threadCores: coresByThreadGroup(threadsBefore, cpuSecondsByThreadGroup(server.pid), seconds) };
}

/** Log records through the same path (informative: no budget), after the span phases, on the same server. */
async function runLogPhase(server, knobs, log) {
  const bodies = buildLogBodies(knobs.bodies, knobs.spansPerBody);
  const post = createPoster(`${server.intakeUrl}/v1/logs`, { 'content-type': 'application/x-protobuf' });
  const load = { post, bodies, itemsPerBody: knobs.spansPerBody };
  log(
    `logs, closed loop: ${knobs.concurrency} in flight, ${knobs.warmupS} s warm-up + ${knobs.logsDurationS} s measured`,
  );
  const rss = sampleRss(server.pid);
  const run = await closedLoopWithCpu(server, load, { ...knobs, durationS: knobs.logsDurationS });
  const { rows } = await server.query('SELECT count() AS stored FROM otel_logs');
  const result = {
    ...run,
    rss: rss.stop(),
    bodyBytes: bodies.reduce((sum, body) => sum + body.length, 0) / bodies.length,
    stored: Number(rows[0].stored),
  };
  log(`  ${Math.round(run.perSecond)} log records/s; acknowledged ${run.acked}, stored ${result.stored}`);
  return result;
}

export async function runIngestBench(knobs, log) {
  log(`building ${knobs.bodies} OTLP/protobuf bodies of ${knobs.spansPerBody} spans`);
  const bodies = buildTraceBodies(knobs.bodies, knobs.spansPerBody);
  const bodyBytes = bodies.reduce((sum, body) => sum + body.length, 0) / bodies.length;

  const dataDir = `${DATA_DIR}/ingest-rumlink`;
  rmSync(dataDir, { recursive: true, force: true });
  const server = await startServerChild(dataDir);
  const post = createPoster(`${server.intakeUrl}/v1/traces`, { 'content-type': 'application/x-protobuf' });
  const load = { post, bodies, itemsPerBody: knobs.spansPerBody };

  log(`closed loop: ${knobs.concurrency} in flight, ${knobs.warmupS} s warm-up + ${knobs.durationS} s measured`);
  let rss = sampleRss(server.pid);
  const loadGenerator = sampleRss(process.pid);
  const { threadCores, ...closed } = await closedLoopWithCpu(server, load, knobs);
  const closedRss = rss.stop();
  const loadGeneratorCores = loadGenerator.stop().cores;
  const batches = await batchStats(server.queryUrl);
  log(`  ${Math.round(closed.perSecond)} spans/s, server batches of ${Math.round(batches.meanRows)} rows on average`);

  const ratePerSecond = closed.perSecond / 2 / knobs.spansPerBody;
  log(`open loop at half of that: ${ratePerSecond.toFixed(1)} requests/s for ${knobs.latencyS} s`);
  rss = sampleRss(server.pid);
  const open = await openLoop({ ...load, ratePerSecond, durationS: knobs.latencyS });
  const openRss = rss.stop();
  const latency = percentiles(open.latencies);
  log(`  p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms`);

  let probe;
  if (knobs.probeRate > 0) {
    log(`open loop at the budget rate: ${knobs.probeRate} spans/s for ${knobs.latencyS} s (informative)`);
    rss = sampleRss(server.pid);
    const run = await openLoop({
      ...load,
      ratePerSecond: knobs.probeRate / knobs.spansPerBody,
      durationS: knobs.latencyS,
    });
    probe = { ...run, rate: knobs.probeRate, latency: percentiles(run.latencies), rss: rss.stop() };
    log(
      `  ${Math.round(run.acked / run.elapsedS)} spans/s acknowledged, p50 ${probe.latency.p50.toFixed(1)} ms, ${run.failed} refused`,
    );
  }

  const acknowledged = closed.acked + open.acked + (probe?.acked ?? 0);
  const { rows } = await server.query('SELECT count() AS stored FROM otel_traces');
  const stored = Number(rows[0].stored);
  log(`  acknowledged ${acknowledged} spans, stored ${stored}`);
  const logs = knobs.logsDurationS > 0 ? await runLogPhase(server, knobs, log) : undefined;
  await server.stop();

  // The server's own mean batch first, then the largest batch the closed loop can form (every request in flight in
  // one insert), then the sweep's larger sizes, which only a heavier load could fill.
  const inFlightRows = knobs.concurrency * knobs.spansPerBody;
  const meanRows = Math.max(knobs.spansPerBody, Math.round(batches.meanRows));
  const sizes = [...new Set([meanRows, inFlightRows, ...knobs.peerBatches])];
  const peers = [];
  for (const batchRows of sizes) {
    log(`chDB alone: batches of ~${batchRows} rows, ${knobs.warmupS} s warm-up + ${knobs.durationS} s measured`);
    const peer = await runChdbAlone(bodies, batchRows, knobs);
    peers.push({ ...peer, insert: percentiles(peer.insertMs) });
    log(
      `  ${Math.round(peer.perSecond)} rows/s (batches of ${peer.batchRows}; stored ${peer.stored} of ${peer.inserted})`,
    );
  }

  return {
    knobs,
    bodyBytes,
    closed: {
      ...closed,
      latency: percentiles(closed.latencies),
      rss: closedRss,
      batches,
      loadGeneratorCores,
      threadCores,
    },
    open: { ...open, ratePerSecond, latency, rss: openRss },
    probe,
    store: server.store,
    acknowledged,
    stored,
    peers,
    logs,
  };
}
