/** RESULTS.md section for the ingest benchmark. */
import { mib, ms, num, table, verdict } from '../lib/markdown.js';
import { median } from '../lib/percentiles.js';
import { THREAD_GROUPS, totalCpuSeconds } from '../lib/process-usage.js';

export const INGEST_BUDGET = { spansPerSecond: 50_000, ratioToChdb: 0.6 };

export function ingestReport(r, machine) {
  const { knobs, closed, open, probe, peers } = r;
  const best = peers.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
  const sameSize = peers[0];
  const inFlight = peers.find((peer) => peer.batchRows === knobs.concurrency * knobs.spansPerBody) ?? sameSize;
  const ratio = ratioTo(closed, best);
  const pass = {
    throughput: closed.perSecond >= INGEST_BUDGET.spansPerSecond,
    ratio: ratio >= INGEST_BUDGET.ratioToChdb,
    stored: r.stored === r.acknowledged,
  };
  const latencyRow = (label, run, rate) => [
    label,
    `${num(rate)} spans/s (${num(rate / knobs.spansPerBody, 1)} req/s)`,
    `${num(run.acked / run.elapsedS)} spans/s`,
    ms(run.latency.p50),
    ms(run.latency.p90),
    ms(run.latency.p99),
    ms(run.latency.max),
    num(run.failed),
  ];
  const section = [
    '## 1. Ingest: OTLP/protobuf into the embedded store',
    '',
    table(
      ['measure', 'figure', 'budget', 'result'],
      [
        [
          `rumlink sustained throughput (closed loop, ${knobs.concurrency} requests in flight, ${knobs.durationS} s after ${knobs.warmupS} s warm-up, the wait for its merges counted; median of ${knobs.ratioRounds} rounds)`,
          `${num(closed.perSecond)} spans/s`,
          `≥ ${num(INGEST_BUDGET.spansPerSecond)} spans/s`,
          verdict(pass.throughput),
        ],
        [
          'chDB alone, same rows, best batch size of the sweep below (measured the same way, in the same rounds)',
          `${num(best.perSecond)} rows/s (batches of ${num(best.batchRows)})`,
          '',
          '',
        ],
        [
          'rumlink ÷ chDB alone (best), median of the rounds’ ratios',
          `${num(ratio, 2)} (÷ same batch size: ${num(ratioTo(closed, sameSize), 2)}; ÷ ${num(inFlight.batchRows)}-row batches, all ${knobs.concurrency} requests in flight in one insert: ${num(ratioTo(closed, inFlight), 2)})`,
          `≥ ${INGEST_BUDGET.ratioToChdb}`,
          verdict(pass.ratio),
        ],
        [
          'spans acknowledged = spans stored (`SELECT count() FROM otel_traces`)',
          `${num(r.acknowledged)} = ${num(r.stored)}`,
          'equal',
          verdict(pass.stored),
        ],
      ],
    ),
    '',
    `Request bodies: ${knobs.bodies} distinct OTLP/protobuf ExportTraceServiceRequest bodies of ${knobs.spansPerBody} spans ` +
      `(${num(r.bodyBytes / 1024)} KiB each, ~10 attributes per span incl. \`session.id\`), sent round-robin. ` +
      `Server batches during the closed loop: ${num(closed.batches.batches)} inserts of ${num(closed.batches.meanRows)} rows ` +
      `on average, ${ms(closed.batches.meanInsertMs)} per insert. Closed-loop acknowledgement latency: p50 ${ms(closed.latency.p50)}, ` +
      `p99 ${ms(closed.latency.p99)}. CPU while the server's runs lasted: server ${num(closed.cores, 2)} cores, load generator ${num(closed.loadGeneratorCores, 2)} cores (of ${machine.nproc}).`,
    '',
    '**Rounds** (rows/s with the wait for merges counted; the ratio of each round is rumlink ÷ the best batch size):',
    '',
    roundsTable(closed, peers, best),
    '',
    "**Where the CPU goes**, per span in the server's closed loops and per row for chDB alone, over every round and " +
      'the waits for merges (threads grouped by name, the same way in both processes):',
    '',
    cpuTable(closed, sameSize, best),
    '',
    ownCostLine(closed, sameSize, best),
    '',
    batchCeilingLine(sameSize, inFlight, best),
    '',
    '**chDB alone** (a process per batch size with its own store, same schema, same rows decoded by the server decoder; ' +
      'inserts one at a time; medians of the rounds):',
    '',
    table(
      [
        'batch rows',
        'rows/s',
        'rows/s before the wait for merges',
        'wait for merges',
        'insert p50',
        'insert p99',
        'CPU µs per row',
        'rumlink ÷ this',
      ],
      peers.map((peer) => [
        num(peer.batchRows),
        num(peer.perSecond),
        num(peer.inWindowPerSecond),
        `${num(peer.drainS, 1)} s`,
        ms(peer.insert.p50),
        ms(peer.insert.p99),
        num(perRow(peer), 1),
        num(ratioTo(closed, peer), 2),
      ]),
    ),
    '',
    '**Acknowledgement latency, open loop** (requests sent on a fixed schedule; latency counted from the scheduled send time):',
    '',
    table(
      ['load', 'offered', 'acknowledged', 'p50', 'p90', 'p99', 'max', 'refused (429)'],
      [
        latencyRow('half of the measured max throughput', open, open.ratePerSecond * knobs.spansPerBody),
        ...(probe ? [latencyRow('the budget rate (informative)', probe, probe.rate)] : []),
      ],
    ),
    '',
    '**Server memory** (VmRSS of the server process, sampled every 250 ms):',
    '',
    table(
      ['phase', 'peak', 'steady (median)', 'server CPU cores'],
      [
        [
          'closed loop (max throughput) and its rounds',
          mib(closed.rss.peakMiB),
          mib(closed.rss.steadyMiB),
          num(closed.cores, 2),
        ],
        ['open loop at half throughput', mib(open.rss.peakMiB), mib(open.rss.steadyMiB), num(open.rss.cores, 2)],
        ...(probe
          ? [
              [
                'open loop at the budget rate',
                mib(probe.rss.peakMiB),
                mib(probe.rss.steadyMiB),
                num(probe.rss.cores, 2),
              ],
            ]
          : []),
      ],
    ),
    ...(r.logs ? logSection(r.logs, knobs) : []),
  ];
  return { markdown: section.join('\n'), pass };
}

/** Median over the rounds of one side's rate (rumlink's, or a chDB-alone batch size's) ÷ the peer's in the same round. */
const ratioTo = (side, peer) => median(side.rounds.map((rate, i) => rate / peer.rounds[i]));

/** CPU µs per span (row) of one thread group, or of all, over every run of one side. */
const perRow = (side, group) =>
  ((group === undefined ? totalCpuSeconds(side.threadCpu) : (side.threadCpu[group] ?? 0)) * 1e6) / side.cpuRows;

function roundsTable(closed, peers, best) {
  return table(
    ['round', 'rumlink spans/s', ...peers.map((peer) => `chDB alone, ${num(peer.batchRows)} rows`), 'rumlink ÷ best'],
    closed.rounds.map((rate, i) => [
      String(i + 1),
      num(rate),
      ...peers.map((peer) => num(peer.rounds[i])),
      num(rate / best.rounds[i], 2),
    ]),
  );
}

function cpuTable(closed, sameSize, best) {
  const peers = best === sameSize ? [sameSize] : [sameSize, best];
  return table(
    [
      'threads',
      'rumlink: µs per span',
      ...peers.map((peer) => `chDB alone, ${num(peer.batchRows)}-row batches: µs per row`),
    ],
    [
      ...Object.values(THREAD_GROUPS).map((group) => [
        group,
        num(perRow(closed, group), 1),
        ...peers.map((peer) => num(perRow(peer, group), 1)),
      ]),
      ['all', num(perRow(closed), 1), ...peers.map((peer) => num(perRow(peer), 1))],
    ],
  );
}

/**
 * rumlink's own CPU per span: its decode workers and main thread, and what its other Node threads spend beyond chDB
 * alone's at the same batch size (libuv runs the engine's calls in both). With that cost, and inserts as large as chDB
 * alone's best batch, the ratio could reach at most best ÷ (own + best).
 */
function ownCostLine(closed, sameSize, best) {
  const own =
    perRow(closed, THREAD_GROUPS.decode) +
    perRow(closed, THREAD_GROUPS.main) +
    Math.max(0, perRow(closed, THREAD_GROUPS.node) - perRow(sameSize, THREAD_GROUPS.node));
  const bestRow = perRow(best);
  return (
    `rumlink's own CPU per span (decode workers, main thread, and its other Node threads beyond chDB alone's at the same ` +
    `batch size): ${num(own, 1)} µs. chDB alone spends ${num(bestRow, 1)} µs per row at its best batch ` +
    `(${num(best.batchRows)} rows): with inserts that large and its own cost unchanged, rumlink ÷ chDB alone (best) ` +
    `could reach at most ${num(bestRow, 1)} ÷ (${num(own, 1)} + ${num(bestRow, 1)}) = ${num(bestRow / (own + bestRow), 2)}.`
  );
}

/**
 * The ratio a server with no cost of its own would reach: chDB alone itself, held to the batch sizes the load lets a
 * server form (what it formed, and every request in flight in one insert), ÷ chDB alone at its best batch.
 */
function batchCeilingLine(sameSize, inFlight, best) {
  const ceiling = (peer) => `${num(ratioTo(peer, best), 2)} (${num(perRow(best) / perRow(peer), 2)} by CPU per row)`;
  return (
    `What batch size alone allows: chDB alone itself, held to ${num(sameSize.batchRows)}-row batches (the server's), ` +
    `reaches ${ceiling(sameSize)} of its best rate; held to ${num(inFlight.batchRows)}-row batches (every request in ` +
    `flight in one insert, the largest this load lets a server form when it acknowledges only stored rows), ` +
    `${ceiling(inFlight)}. A server costing nothing of its own could go no further with these batches.`
  );
}

/** Log ingest through the same path (informative: issue 2 budgets spans only). */
function logSection(logs, knobs) {
  const perRecord = (cores) => num((cores * 1e6) / logs.perSecond, 1);
  return [
    '',
    `**Log ingest** (informative, no budget): OTLP/protobuf ExportLogsServiceRequest bodies of ${knobs.spansPerBody} records ` +
      `made by the OpenTelemetry logs SDK (${num(logs.bodyBytes / 1024)} KiB each, 6 attributes per record incl. \`session.id\`, ` +
      `inside spans), same server after the span phases, closed loop of ${knobs.concurrency} in flight for ${knobs.logsDurationS} s.`,
    '',
    table(
      ['log records/s', 'acknowledged = stored', 'server CPU cores', 'peak RSS', 'CPU µs per record by thread group'],
      [
        [
          num(logs.perSecond),
          `${num(logs.acked)} = ${num(logs.stored)} ${verdict(logs.acked === logs.stored)}`,
          num(logs.rss.cores, 2),
          mib(logs.rss.peakMiB),
          Object.entries(logs.threadCores)
            .map(([group, cores]) => `${group.replace(/ \(.*\)$/, '')} ${perRecord(cores)}`)
            .join('; '),
        ],
      ],
    ),
  ];
}
