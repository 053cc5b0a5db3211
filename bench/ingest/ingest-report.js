/** RESULTS.md section for the ingest benchmark. */
import { mib, ms, num, table, verdict } from '../lib/markdown.js';

export const INGEST_BUDGET = { spansPerSecond: 50_000, ratioToChdb: 0.6 };

export function ingestReport(r, machine) {
  const { knobs, closed, open, probe, peers } = r;
  const best = peers.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
  const sameSize = peers[0];
  const inFlight = peers.find((peer) => peer.batchRows === knobs.concurrency * knobs.spansPerBody) ?? sameSize;
  const ratio = closed.perSecond / best.perSecond;
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
          `rumlink sustained throughput (closed loop, ${knobs.concurrency} requests in flight, ${knobs.durationS} s after ${knobs.warmupS} s warm-up)`,
          `${num(closed.perSecond)} spans/s`,
          `≥ ${num(INGEST_BUDGET.spansPerSecond)} spans/s`,
          verdict(pass.throughput),
        ],
        [
          'chDB alone, same rows, best batch size of the sweep below',
          `${num(best.perSecond)} rows/s (batches of ${num(best.batchRows)})`,
          '',
          '',
        ],
        [
          'rumlink ÷ chDB alone (best)',
          `${num(ratio, 2)} (÷ same batch size: ${num(closed.perSecond / sameSize.perSecond, 2)}; ÷ ${num(inFlight.batchRows)}-row batches, all ${knobs.concurrency} requests in flight in one insert: ${num(closed.perSecond / inFlight.perSecond, 2)})`,
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
      `p99 ${ms(closed.latency.p99)}. CPU: server ${num(closed.rss.cores, 2)} cores, load generator ${num(closed.loadGeneratorCores, 2)} cores (of ${machine.nproc}).`,
    '',
    "**Where the server's CPU goes** in the closed loop (threads of the server process, grouped by name; µs per span = cores ÷ spans/s):",
    '',
    table(
      ['threads', 'cores', 'µs per span'],
      Object.entries(closed.threadCores).map(([group, cores]) => [
        group,
        num(cores, 2),
        num((cores * 1e6) / closed.perSecond, 1),
      ]),
    ),
    '',
    '**chDB alone** (separate process, fresh store, same schema, same rows decoded by the server decoder; inserts only are timed, one at a time):',
    '',
    table(
      ['batch rows', 'rows/s', 'insert p50', 'insert p99', 'CPU cores', 'rumlink ÷ this'],
      peers.map((peer) => [
        num(peer.batchRows),
        num(peer.perSecond),
        ms(peer.insert.p50),
        ms(peer.insert.p99),
        num(peer.cores, 2),
        num(closed.perSecond / peer.perSecond, 2),
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
        ['closed loop (max throughput)', mib(closed.rss.peakMiB), mib(closed.rss.steadyMiB), num(closed.rss.cores, 2)],
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
