/**
 * `npm run bench`: the server benchmarks (ingest, query), the browser SDK benchmarks (bundle size, added time per
 * fetch in Chromium) and the @rumlink/node correlation costs in one go; writes bench/RESULTS.md (BENCH_QUICK=1: a smoke run with small sizes, written to
 * bench/RESULTS-quick.md instead). BENCH_ONLY=server, browser or node runs one part and keeps the other part's
 * sections of the file (lib/results-file.js). Knobs: see lib/knobs.js.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { browserHowMeasured, fetchReport, sizeReport } from './browser/browser-report.js';
import { runFetchOverhead } from './browser/fetch-overhead.js';
import { runSizeBench } from './browser/size.js';
import { runIngestBench } from './ingest/ingest-bench.js';
import { ingestReport } from './ingest/ingest-report.js';
import { knobs } from './lib/knobs.js';
import { machineFacts } from './lib/machine.js';
import { num, table } from './lib/markdown.js';
import { DATA_DIR, NODE_DIST, ROOT, SERVER_DIST } from './lib/paths.js';
import { writeResults } from './lib/results-file.js';
import { runCorrelationBench } from './node/correlation-bench.js';
import { runQueryBench } from './query/query-bench.js';
import { queryReport } from './query/query-report.js';

const started = performance.now();
const log = (message) => {
  const seconds = Math.round((performance.now() - started) / 1000);
  console.log(
    `[${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}] ${message}`,
  );
};

const SERVER_HOW_MEASURED = [
  '## How measured: server (sections 1–2)',
  '',
  '- Every store lives in its own process (libchdb binds one data directory per process): the rumlink server runs in a ' +
    'child process started through its programmatic API (`startServer`, default intake limits and group-commit settings, ' +
    'data under `bench/.data/`); the load generator and the query client run in the parent process, over HTTP on loopback ' +
    '(keep-alive). The load generator shares the 2 CPUs with the server; its CPU use is reported above.',
  '- Ingest throughput: closed loop, each of the N concurrent senders posts the next pre-built body as soon as its previous one ' +
    'is acknowledged (HTTP 200, which the server sends only after the batch holding the rows is inserted). After the ' +
    'measured window the run waits until no merge of the table runs (`system.merges`). Spans/s = spans of the requests ' +
    'acknowledged inside the window ÷ (its length + that wait): large inserts leave merges running after the window, and ' +
    'a rate that stopped the clock there would count rows whose merge work is still owed (chDB alone at 65,536-row ' +
    'batches: 222k rows/s over 30 s, 197k over 120 s, 183k for both with the wait counted). At the end, ' +
    '`SELECT count() FROM otel_traces` must equal every span acknowledged in all phases.',
  '- chDB alone: the same bodies decoded once with the server decoder (`decodeTraceRequest`), encoded with the server row encoding (Native blocks) ' +
    'once, grouped in batches of whole requests, then inserted with the server executor (`insertRows`) one insert ' +
    'at a time, each batch size in its own process and store with the same schema (`applySchema`), for the same warm-up + ' +
    'measured time as rumlink and with the same wait for merges: at the mean batch size the server used, at concurrency × ' +
    'body size (the largest batch the closed loop can fill), and at the other sizes of the sweep.',
  '- Rounds: the server run, then chDB alone at each batch size, repeated; each rate is the median of its rounds and each ' +
    'ratio the median of the rounds’ ratios, because this VM’s speed drifts by a quarter over minutes. The budget ratio ' +
    'uses the best batch size.',
  '- Log ingest (informative): after the span phases, on the same server, a closed loop of OTLP/protobuf log bodies made ' +
    'by the OpenTelemetry logs SDK; `SELECT count() FROM otel_logs` must equal the records acknowledged.',
  '- Latency: open loop at half of the measured throughput (fixed send schedule, latency from the scheduled time, so a ' +
    'slow server cannot slow the sender down); the optional probe at the budget rate shows whether the server keeps up ' +
    'when the load does not wait for it.',
  '- Query data: generated with `INSERT … SELECT … FROM numbers()` inside a server child that owns the data directory ' +
    '(bench/query/dataset-sql.js; ids are hashes of row numbers, so the data set is deterministic), in 1M-row inserts, ' +
    'measured as ingested (merges allowed to settle, no OPTIMIZE). Then a fresh server child on that directory; ids ' +
    'picked with a seeded random generator; 10 warm-up requests per route, then the measured requests one after ' +
    'another; latency = request sent → full response body received.',
  '- Memory: VmRSS from /proc/<pid>/status of the server process every 250 ms; "steady" is the median sample, CPU cores ' +
    '= CPU time of the process ÷ wall time of the phase.',
  '',
].join('\n');

const runServer = !knobs.only || knobs.only === 'server';
const runBrowser = !knobs.only || knobs.only === 'browser';
const runNode = !knobs.only || knobs.only === 'node';
mkdirSync(DATA_DIR, { recursive: true });
log(`rumlink benchmarks (${knobs.quick ? 'QUICK smoke run' : 'full'}): ${JSON.stringify(knobs)}`);

const quickCommand = knobs.quick ? 'BENCH_QUICK=1 ' : '';
const smoke = knobs.quick ? ' **Smoke run with small sizes: the figures are not the budgeted ones.**' : '';
/** "`npm run bench`, 4.4 minutes, <date>. Budgets missed: …" for a part's status line. */
function status(partStarted, verdicts) {
  const failed = Object.entries(verdicts).filter(([, pass]) => !pass);
  const minutes = (performance.now() - partStarted) / 60_000;
  return (
    `\`${quickCommand}${knobs.only ? `BENCH_ONLY=${knobs.only} ` : ''}npm run bench\`, ${num(minutes, 1)} minutes, ` +
    `${new Date().toISOString()}. ` +
    `${failed.length ? `Budgets missed: ${failed.map(([name]) => name).join(', ')}.` : 'All budgets met.'}${smoke}`
  );
}

const runs = {};
let machine;
if (runServer) {
  const partStarted = performance.now();
  if (!existsSync(`${SERVER_DIST}/index.js`)) {
    log('packages/server/dist is missing: building the server');
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }
  log('--- 1. ingest throughput');
  const ingest = await runIngestBench(knobs, log);
  log('--- 2. query latency');
  const query = await runQueryBench(knobs, log);

  machine = machineFacts(ingest.store);
  const ingestSection = ingestReport(ingest, machine);
  const querySection = queryReport(query, knobs);
  runs.server = {
    status: status(partStarted, { ...ingestSection.pass, ...querySection.pass }),
    sections: [ingestSection.markdown, querySection.markdown, SERVER_HOW_MEASURED],
  };
}

if (runBrowser) {
  const partStarted = performance.now();
  // rumlink is measured as npm ships it (packages/browser/dist, built from the source being measured).
  log('building packages/browser/dist');
  execFileSync('npm', ['run', '--silent', 'build', '-w', '@rumlink/browser'], { cwd: ROOT, stdio: 'inherit' });
  log('--- 3. browser SDK bundle size');
  const size = await runSizeBench(log);
  log(`--- 4. browser SDK: added time per fetch (${knobs.browserRounds} rounds of ${knobs.browserFetches} fetches)`);
  const fetches = await runFetchOverhead({ fetches: knobs.browserFetches, rounds: knobs.browserRounds }, log);
  const sizeSection = sizeReport(size);
  const fetchSection = fetchReport(fetches);
  runs.browser = {
    status: status(partStarted, { ...sizeSection.pass, ...fetchSection.pass }),
    sections: [sizeSection.markdown, fetchSection.markdown, browserHowMeasured(fetches)],
  };
}

if (runNode) {
  const partStarted = performance.now();
  if (!existsSync(`${NODE_DIST}/index.js`)) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  log('--- 5. @rumlink/node: baggage and log correlation cost');
  const correlation = await runCorrelationBench({
    ...(knobs.quick ? { rounds: 1, spanOps: 20_000, logOps: 5_000 } : {}),
    log,
  });
  runs.node = { status: status(partStarted, correlation.pass), sections: [correlation.markdown] };
}

machine ??= machineFacts();
const machineTable = table(
  ['machine', ''],
  [
    ['nproc', machine.nproc],
    ['CPU', machine.cpu],
    ['memory', `${num(machine.memoryGiB, 1)} GiB`],
    ['Node.js', machine.node],
    ['chDB', machine.chdb],
    ['kernel', machine.kernel],
    ['date', machine.date],
  ],
);

const file = `${ROOT}bench/${knobs.quick ? 'RESULTS-quick.md' : 'RESULTS.md'}`;
writeResults(file, { runs, machine: machineTable });
const missed = Object.entries(runs)
  .map(([name, run]) => [name, /Budgets missed: [^.]*/.exec(run.status)?.[0]])
  .filter(([, text]) => text)
  .map(([name, text]) => `${name}: ${text}`);
log(`wrote ${file}${missed.length ? `; ${missed.join('; ')}` : ''}`);
