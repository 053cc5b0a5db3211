/**
 * Benchmark 1: OTLP/protobuf ingest into the embedded store (closed loop for throughput, open loop at half of it for
 * latency), compared with chDB alone inserting the same rows.
 *
 * Throughput and the comparison run in rounds: the server's closed loop, then chDB alone at each batch size, again and
 * again, and each figure is the median of its rounds. This VM's speed drifts by a quarter over minutes; phases run
 * one after the other would compare a fast minute with a slow one. Each run ends once its merges have finished, and
 * that wait counts in its rate (lib/merges.js), so no run starts while another's merges still take CPU.
 */
import { rmSync } from 'node:fs';
import { closedLoop, createPoster, openLoop } from '../lib/http-load.js';
import { waitForMerges } from '../lib/merges.js';
import { buildTraceBodies } from '../lib/otlp-bodies.js';
import { buildLogBodies } from '../lib/otlp-log-bodies.js';
import { DATA_DIR } from '../lib/paths.js';
import { median, percentiles } from '../lib/percentiles.js';
import {
  coresByThreadGroup,
  cpuSecondsBetween,
  cpuSecondsByThreadGroup,
  sampleRss,
  totalCpuSeconds,
} from '../lib/process-usage.js';
import { startServerChild } from '../lib/server-child.js';
import { startChdbAlone } from './chdb-alone.js';

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

/**
 * A closed loop against the server, then (with `mergesOf`) the wait for that table's merges: the loop's figures, the
 * server's CPU seconds by thread group and the load generator's over both, and the seconds they took.
 */
async function serverClosedLoop(server, load, { concurrency, warmupS, durationS }, mergesOf) {
  const threadsBefore = cpuSecondsByThreadGroup(server.pid);
  const started = performance.now();
  const loadGeneratorStart = process.cpuUsage();
  const run = await closedLoop({ ...load, concurrency, warmupS, durationS });
  const drainS = mergesOf
    ? await waitForMerges(async (sql, params) => (await server.query(sql, params)).rows, mergesOf)
    : 0;
  const loadGenerator = process.cpuUsage(loadGeneratorStart);
  return {
    ...run,
    drainS,
    threadCpu: cpuSecondsBetween(threadsBefore, cpuSecondsByThreadGroup(server.pid)),
    elapsedS: (performance.now() - started) / 1000,
    loadGeneratorCpuS: (loadGenerator.user + loadGenerator.system) / 1e6,
  };
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
  const { threadCpu, elapsedS, ...run } = await serverClosedLoop(server, load, {
    ...knobs,
    durationS: knobs.logsDurationS,
  });
  const { rows } = await server.query('SELECT count() AS stored FROM otel_logs');
  const result = {
    ...run,
    threadCores: coresByThreadGroup(threadCpu, elapsedS),
    rss: rss.stop(),
    bodyBytes: bodies.reduce((sum, body) => sum + body.length, 0) / bodies.length,
    stored: Number(rows[0].stored),
  };
  log(`  ${Math.round(run.perSecond)} log records/s; acknowledged ${run.acked}, stored ${result.stored}`);
  return result;
}

/** One round's closed loop against the server and the wait for its merges, in the shape `summarize` takes. */
async function serverRun(server, load, knobs) {
  const run = await serverClosedLoop(server, load, knobs, 'otel_traces');
  return {
    ...run,
    rows: run.perSecond * knobs.durationS,
    // CPU from the first request to the end of the wait: per span over every span acknowledged in that time.
    cpuRows: run.acked,
    durationS: knobs.durationS,
  };
}

/** Rows per second of a run with the wait for its merges counted. */
const settledRate = (run) => run.rows / (run.durationS + run.drainS);

/** The runs of one side (the server, or chDB alone at one batch size) summed and reduced to medians. */
function summarize(runs) {
  const threadCpu = {};
  for (const run of runs)
    for (const [group, seconds] of Object.entries(run.threadCpu)) threadCpu[group] = (threadCpu[group] ?? 0) + seconds;
  const rows = runs.reduce((sum, run) => sum + (run.cpuRows ?? run.rows), 0);
  return {
    perSecond: median(runs.map(settledRate)),
    inWindowPerSecond: median(runs.map((run) => run.rows / run.durationS)),
    drainS: median(runs.map((run) => run.drainS)),
    rounds: runs.map(settledRate),
    /** CPU seconds per thread group over every run, and the rows they were spent on. */
    threadCpu,
    cpuRows: rows,
  };
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

  let rss = sampleRss(server.pid);
  const serverRuns = [];
  const peerRuns = new Map();
  let peers;
  let batches;
  for (let round = 1; round <= knobs.ratioRounds; round++) {
    log(
      `round ${round} of ${knobs.ratioRounds}: server closed loop, ${knobs.concurrency} in flight, ${knobs.warmupS} s warm-up + ${knobs.durationS} s, then its merges`,
    );
    const run = await serverRun(server, load, knobs);
    serverRuns.push(run);
    log(
      `  ${Math.round(settledRate(run))} spans/s (${Math.round(run.perSecond)} before the ${run.drainS.toFixed(1)} s wait for merges)`,
    );
    if (!peers) {
      // The server's own mean batch, then the largest batch this closed loop can form (every request in flight in
      // one insert), then the sweep's larger sizes, which only a heavier load could fill.
      batches = await batchStats(server.queryUrl);
      const meanRows = Math.max(knobs.spansPerBody, Math.round(batches.meanRows));
      const sizes = [...new Set([meanRows, knobs.concurrency * knobs.spansPerBody, ...knobs.peerBatches])];
      peers = [];
      for (const size of sizes) peers.push(await startChdbAlone(bodies, size));
    }
    for (const peer of peers) {
      log(
        `  chDB alone, batches of ${peer.batchRows} rows: ${knobs.warmupS} s warm-up + ${knobs.durationS} s, then its merges`,
      );
      const peerRun = await peer.run(knobs.warmupS, knobs.durationS);
      peerRuns.set(peer, [...(peerRuns.get(peer) ?? []), peerRun]);
      log(
        `    ${Math.round(settledRate(peerRun))} rows/s (${Math.round(peerRun.rows / peerRun.durationS)} before the ${peerRun.drainS.toFixed(1)} s wait)`,
      );
    }
  }
  const closedRss = rss.stop();
  batches = await batchStats(server.queryUrl);
  const serverSeconds = serverRuns.reduce((sum, run) => sum + run.elapsedS, 0);
  const loadGeneratorCores = serverRuns.reduce((sum, run) => sum + run.loadGeneratorCpuS, 0) / serverSeconds;
  const summary = summarize(serverRuns);
  const closed = {
    ...summary,
    /** Server cores while its runs lasted (the rounds' peer runs leave it idle). */
    cores: totalCpuSeconds(summary.threadCpu) / serverSeconds,
    latencies: serverRuns.flatMap((run) => run.latencies),
    acked: serverRuns.reduce((sum, run) => sum + run.acked, 0),
  };
  log(
    `  server: ${Math.round(closed.perSecond)} spans/s (median of ${knobs.ratioRounds}), batches of ${Math.round(batches.meanRows)} rows on average`,
  );
  const peerResults = [];
  for (const peer of peers) {
    const runs = peerRuns.get(peer);
    const { stored, inserted } = await peer.close();
    log(`  chDB alone, batches of ${peer.batchRows} rows: stored ${stored} of ${inserted}`);
    peerResults.push({
      batchRows: peer.batchRows,
      ...summarize(runs),
      insert: percentiles(runs.flatMap((run) => run.insertMs)),
      stored,
      inserted,
    });
  }

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

  return {
    knobs,
    bodyBytes,
    closed: {
      ...closed,
      latency: percentiles(closed.latencies),
      rss: closedRss,
      batches,
      loadGeneratorCores,
    },
    open: { ...open, ratePerSecond, latency, rss: openRss },
    probe,
    store: server.store,
    acknowledged,
    stored,
    peers: peerResults,
    logs,
  };
}
