/**
 * Scale knobs: environment variables with the full-budget defaults; BENCH_QUICK=1 shrinks everything for a smoke run.
 * BENCH_ONLY=server|browser runs one part of the benchmarks (bench/run.js keeps the other part's sections).
 * What-if runs: BENCH_SERVER_WRITER='{"maxBatchRows":8192}' passes group-commit options to the server, BENCH_DECODE_THREADS=2
 * its OTLP decode worker count (server-child-main.js).
 */
const quick = process.env.BENCH_QUICK === '1';
/** BENCH_ONLY=server (sections 1–2), browser (sections 3–4) or node (section 5) runs one part; unset: all. */
const only = process.env.BENCH_ONLY ?? '';
if (!['', 'server', 'browser', 'node'].includes(only))
  throw new Error(`BENCH_ONLY=${only}: use server, browser or node`);

function knob(name, full, small) {
  const value = process.env[name];
  if (value === undefined || value === '') return quick ? small : full;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) throw new Error(`${name}=${value} is not a non-negative number`);
  return number;
}

export const knobs = {
  quick,
  only,
  /** Ingest: distinct request bodies, spans per body, requests in flight, and phase durations (seconds). */
  bodies: knob('BENCH_BODIES', 64, 16),
  spansPerBody: knob('BENCH_SPANS_PER_BODY', 512, 512),
  concurrency: knob('BENCH_CONCURRENCY', 16, 16),
  warmupS: knob('BENCH_WARMUP_S', 5, 1),
  durationS: knob('BENCH_DURATION_S', 20, 5),
  /** Rounds of (server closed loop, then chDB alone at each batch size); throughput figures are medians of rounds. */
  ratioRounds: knob('BENCH_RATIO_ROUNDS', 3, 1),
  latencyS: knob('BENCH_LATENCY_S', 30, 5),
  /** Log ingest closed loop after the span phases, informative (0: skip). */
  logsDurationS: knob('BENCH_LOGS_DURATION_S', 15, 3),
  /** Spans/s offered open loop after the latency phase, to see whether the server sustains it (0: skip). */
  probeRate: knob('BENCH_PROBE_RATE', 50_000, 50_000),
  /** Extra batch sizes (rows) the chDB-alone peer tries besides the server's own mean batch size. */
  peerBatches: (process.env.BENCH_PEER_BATCHES ?? '16384,65536').split(',').filter(Boolean).map(Number),
  /** Query: stored spans and logs, requests per route, and how long background merges may settle (seconds). */
  spans: knob('BENCH_SPANS', 10_000_000, 200_000),
  logs: knob('BENCH_LOGS', 10_000_000, 200_000),
  queries: knob('BENCH_QUERIES', 200, 20),
  settleS: knob('BENCH_SETTLE_S', 60, 5),
  /** Browser: sequential fetches per page and rounds of the interleaved variants (medians over the rounds). 25
   *  rounds, not 15: on this 2-core VM a round's figure swings by ±100 µs per fetch, and the verdicts sit near ½. */
  browserFetches: knob('BENCH_BROWSER_FETCHES', 500, 100),
  browserRounds: knob('BENCH_BROWSER_ROUNDS', 25, 3),
  /** Keep a generated query data set whose shape matches instead of generating it again (development aid). */
  reuseData: process.env.BENCH_REUSE_DATA === '1',
};
