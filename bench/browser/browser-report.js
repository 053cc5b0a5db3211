/** RESULTS.md sections for the browser SDK benchmarks (bundle size, added time per fetch) and how they were measured. */
import { num, table, verdict } from '../lib/markdown.js';

export const FETCH_BUDGET = { ratioToDatadog: 0.5 };

const bytes = (value) => `${num(value)} B`;
const kib = (value) => `${num(value / 1024, 1)} KiB`;
const shortName = (name) => name.replace(/^@opentelemetry\//, '');
const versions = (list) =>
  list.length === 1 ? list[0].version : list.map(({ name, version }) => `${shortName(name)} ${version}`).join(', ');

export function sizeReport(r) {
  const base = r.rows.find((row) => row.id === 'rumlink-tracing').gzipBytes;
  const { tracing, complete } = r.budgets;
  const pass = {
    'tracing entry size ≤ 4 KB': tracing.gzipBytes <= tracing.goal,
    'complete entry size ≤ 15 KB': complete.gzipBytes <= complete.goal,
  };
  const markdown = [
    '## 3. Browser SDK: bundle size against peers',
    '',
    table(
      [
        'SDK',
        'version',
        'minified',
        'min + gzip',
        '÷ rumlink tracing entry (gzip)',
        'lazy chunks, not loaded here (gzip)',
      ],
      r.rows.map((row) => [
        row.label,
        versions(row.versions),
        bytes(row.minBytes),
        bytes(row.gzipBytes),
        num(row.gzipBytes / base, 1),
        row.lazyChunks ? `${row.lazyChunks} chunks, ${bytes(row.lazyGzipBytes)}` : '',
      ]),
    ),
    '',
    table(
      ['budget (min + gzip)', 'figure', 'budget', 'result'],
      [
        [
          'rumlink tracing entry: goal (`targetBytes`)',
          bytes(tracing.gzipBytes),
          `≤ ${bytes(tracing.goal)} (4 KB)`,
          verdict(pass['tracing entry size ≤ 4 KB']),
        ],
        [
          'rumlink tracing entry: today’s ratchet (`ceilingBytes`, enforced by the size test; informative)',
          bytes(tracing.gzipBytes),
          `≤ ${bytes(tracing.ceiling)}`,
          verdict(tracing.gzipBytes <= tracing.ceiling),
        ],
        [
          'rumlink complete entry',
          bytes(complete.gzipBytes),
          `≤ ${bytes(complete.goal)} (15 KB)`,
          verdict(pass['complete entry size ≤ 15 KB']),
        ],
      ],
    ),
    '',
    `rumlink bundled as npm ships it (\`packages/browser/dist\`, built by the run) at ${r.source}. ` +
      (tracing.gzipBytes > tracing.goal
        ? `The tracing entry is ${bytes(tracing.gzipBytes - tracing.goal)} over its 4 KB goal.`
        : 'The tracing entry meets its 4 KB goal.') +
      (Math.abs(complete.gzipBytes - tracing.gzipBytes) < 64
        ? ' The complete entry is today the tracing core re-exported (no RUM collection yet), hence the same size.'
        : ''),
    '',
  ];
  return { markdown: markdown.join('\n'), pass };
}

/** "12 (8 … 15)": median over the rounds, then the smallest and largest round. */
const spread = (s, digits = 0) => {
  const fixed = (value) => num(Number(value.toFixed(digits)) + 0, digits); // no "-0"
  return `${fixed(s.median)} (${fixed(s.min)} … ${fixed(s.max)})`;
};

function headerCell(variant, fetches) {
  const { traceparent, baggageSession, datadog, pings } = variant.headers;
  if (variant.id === 'none')
    return traceparent ? `unexpected: traceparent on ${traceparent}/${pings}` : 'none (expected)';
  const names = [
    traceparent && `traceparent ${traceparent}/${pings}`,
    datadog && `x-datadog-* ${datadog}/${pings}`,
    baggageSession && `baggage session.id ${baggageSession}/${pings}`,
  ].filter(Boolean);
  return `${traceparent === fetches ? '**yes**' : '**NO**'}: ${names.join(', ') || 'no trace header'}`;
}

export function fetchReport(r) {
  const by = (id) => r.variants.find((variant) => variant.id === id);
  const [none, rumlink, datadog] = [by('none'), by('rumlink'), by('datadog')];
  const ratios = [
    ['added script time (CDP `ScriptDuration`)', 'scriptMsPer1000', 'ms / 1,000 fetches', 1],
    [
      'added sync time of the `fetch()` call, within the page (SDK’s `fetch` − page’s own, adjacent calls)',
      'syncPairedUs',
      'µs / fetch',
      0,
    ],
    [
      'added sync time of the `fetch()` call, vs the no-SDK page (median call of each page)',
      'syncMedianUs',
      'µs / fetch',
      0,
    ],
    [
      'added main-thread time (CDP `TaskDuration`, includes promise callbacks)',
      'taskMsPer1000',
      'ms / 1,000 fetches',
      1,
    ],
  ].map(([label, key, unit, digits]) => {
    const ratio = rumlink.added[key].median / datadog.added[key].median;
    return { label, key, unit, digits, ratio, pass: ratio <= FETCH_BUDGET.ratioToDatadog };
  });
  const injected = r.variants.filter((v) => v.id !== 'none').every((v) => v.headers.traceparent === r.fetches);
  const complete = by('rumlink-complete');
  const rumRatios = [
    ['RUM: added script time per 1,000 fetches (CDP `ScriptDuration`)', 'scriptMsPer1000', 'ms / 1,000 fetches'],
    ['RUM: added main-thread time per 1,000 fetches (CDP `TaskDuration`)', 'taskMsPer1000', 'ms / 1,000 fetches'],
    ['RUM: added script time per page view (`ScriptDuration`)', 'pageViewScriptMs', 'ms / page view'],
    ['RUM: added main-thread time per page view (`TaskDuration`)', 'pageViewTaskMs', 'ms / page view'],
  ].map(([label, key, unit]) => {
    const ratio = complete.added[key].median / datadog.added[key].median;
    return { label, key, unit, ratio, pass: ratio <= FETCH_BUDGET.ratioToDatadog };
  });
  const pass = {
    'fetch script time ≤ ½ Datadog': ratios[0].pass && injected,
    'fetch sync time (within page) ≤ ½ Datadog': ratios[1].pass && injected,
    'fetch sync time (vs no-SDK page) ≤ ½ Datadog': ratios[2].pass && injected,
    'fetch main-thread time ≤ ½ Datadog': ratios[3].pass && injected,
    'RUM script time per 1,000 fetches ≤ ½ Datadog': rumRatios[0].pass,
    'RUM main-thread time per 1,000 fetches ≤ ½ Datadog': rumRatios[1].pass,
    'RUM script time per page view ≤ ½ Datadog': rumRatios[2].pass,
    'RUM main-thread time per page view ≤ ½ Datadog': rumRatios[3].pass,
  };
  const rumRows = rumRatios.map(({ label, key, unit, ratio, pass: ok }) => [
    label,
    `${num(complete.added[key].median, 1)} ${unit}`,
    `${num(datadog.added[key].median, 1)} ${unit}`,
    num(ratio, 2),
    `≤ ${FETCH_BUDGET.ratioToDatadog}`,
    verdict(ok),
  ]);
  const rows = ratios.map(({ label, key, unit, digits, ratio }, i) => [
    label,
    `${num(rumlink.added[key].median, digits)} ${unit}`,
    `${num(datadog.added[key].median, digits)} ${unit}`,
    num(ratio, 2),
    `≤ ${FETCH_BUDGET.ratioToDatadog}`,
    verdict(Object.values(pass)[i]),
  ]);
  const intake = (v) => (v.intakeRequests ? `${num(v.intakeRequests)} (${kib(v.intakeBytes)})` : '0');
  const markdown = [
    '## 4. Browser SDK: added time per fetch in Chromium',
    '',
    `rumlink at ${r.source}. Chromium ${r.chromium} (Debian, headless, playwright-core), one page per variant and round in a fresh browser ` +
      `context; ${num(r.fetches)} sequential same-origin \`fetch('/ping')\` per page after ${r.warmup} warm-up fetches; ` +
      `${r.rounds} rounds, variants interleaved round-robin. Each figure: median over the rounds of (variant − no-SDK ` +
      `page of the same round; the within-page column: SDK’s \`fetch\` − the page’s own, on the same page), then ` +
      `(smallest … largest round). Load average (1 min) ${num(r.loadAverage.before, 2)} ` +
      `before, ${num(r.loadAverage.after, 2)} after: other work shared the 2 CPUs.`,
    '',
    table(
      [
        'variant',
        'version',
        'added sync µs per `fetch()` call, within the page',
        'added sync µs per `fetch()` call, vs no-SDK page',
        'added wall µs per fetch',
        'added script ms per 1,000 fetches',
        'added main-thread task ms per 1,000 fetches',
        `deferred task ms in the ${num(r.tailMs / 1000)} s after`,
        'added script ms per page view',
        'added main-thread task ms per page view',
        'trace headers on `/ping` (every round)',
        'intake requests per page (bytes)',
      ],
      r.variants
        .filter((v) => v.id !== 'none')
        .map((v) => [
          v.label,
          versions(v.versions),
          v.fetchWrapped ? spread(v.added.syncPairedUs) : 'fetch not wrapped',
          spread(v.added.syncMedianUs),
          spread(v.added.wallUs),
          spread(v.added.scriptMsPer1000),
          spread(v.added.taskMsPer1000),
          spread(v.added.tailTaskMs, 1),
          spread(v.added.pageViewScriptMs, 1),
          spread(v.added.pageViewTaskMs, 1),
          headerCell(v, r.fetches),
          intake(v),
        ]),
    ),
    '',
    `No-SDK page, for scale (medians): the \`fetch()\` call itself ${num(none.absolute.syncMedianUs)} µs (median call; ` +
      `mean ${num(none.absolute.syncUs)} µs), ` +
      `${num(none.absolute.wallUs)} µs per fetch end to end, script ${num(none.absolute.scriptMsPer1000)} ms and ` +
      `main-thread tasks ${num(none.absolute.taskMsPer1000)} ms per 1,000 fetches; trace headers: ${headerCell(none, r.fetches)}. ` +
      `Control of the within-page figure on this page (the same \`fetch\` both ways): ${spread(none.added.syncPairedUs)} µs.`,
    '',
    table(
      ['budget: rumlink’s added cost ≤ ½ of Datadog’s', 'rumlink', 'Datadog', 'rumlink ÷ Datadog', 'budget', 'result'],
      [
        ...rows.slice(0, 3),
        [
          'same, mean call of each page (informative: also counts calls preempted by other work on the machine)',
          `${num(rumlink.added.syncUs.median)} µs / fetch`,
          `${num(datadog.added.syncUs.median)} µs / fetch`,
          num(rumlink.added.syncUs.median / datadog.added.syncUs.median, 2),
          '',
          '',
        ],
        ...rows.slice(3),
      ],
    ),
    '',
    'The complete entry (issue: RUM collection), same pages and rounds: its cost per fetch includes recording each ' +
      'request as a resource (timing entry matching, batching); a page view is the page load with the SDK, its start ' +
      `and the first ${num(r.settleMs)} ms (first view, document resource, vitals observers).`,
    '',
    table(
      ['budget: rumlink complete ≤ ½ of Datadog RUM', 'rumlink', 'Datadog', 'rumlink ÷ Datadog', 'budget', 'result'],
      rumRows,
    ),
    '',
    `**Where rumlink’s time goes** (CPU profile, sampled every 50 µs, of one page without and one with rumlink, ` +
      `unminified build, ${num(r.profile.fetches)} fetches each; self time per function, rumlink page − no-SDK page, ` +
      `µs per fetch; total added busy time ${num(r.profile.addedBusyUs)} µs per fetch):`,
    '',
    table(
      ['function (native, or rumlink’s with its first source line)', 'added self µs per fetch'],
      r.profile.top.map((row) => [
        row.frame.length > 110 ? `${row.frame.slice(0, 109)}…\`` : row.frame,
        num(row.addedUs, 1),
      ]),
    ),
    '',
  ].join('\n');
  return { markdown, pass };
}

export const browserHowMeasured = (r) =>
  [
    '## How measured: browser SDK (sections 3–4)',
    '',
    '- Bundle size: every SDK bundled in the same run by the same esbuild call (`bundle`, `minify`, `format: esm`, ' +
      '`platform: browser`, `target: es2020`, `legalComments: none`, `process.env.NODE_ENV` = "production", code ' +
      'splitting on) from a tiny app entry that imports the SDK and calls its init with an allow-list (bench/browser/' +
      'sdk-bundles.js), so nothing is tree-shaken away. Size = the entry chunk plus the chunks it imports statically ' +
      '(what the page loads), each gzipped at level 9; chunks reachable only through dynamic `import()` are listed ' +
      'apart (Datadog’s session-replay recorder and profiler: loaded only when those features are sampled). rumlink ' +
      'is bundled as npm ships it (`@rumlink/browser` → `packages/browser/dist`, which the run builds first: one ESM ' +
      'module per entry with internal property names mangled); peers from the npm packages installed at the ' +
      'repository root.',
    '- Fetch cost: a loopback HTTP server in the bench process serves the page (cross-origin isolated: COOP + COEP, ' +
      'so `performance.now()` has 5 µs resolution), the SDK scripts (esbuild IIFE builds made at bench time), `/ping` ' +
      '(200, body `ok`, recording whether the request carried `traceparent`, `x-datadog-trace-id` and a `session.id` ' +
      'baggage member) and a sink answering 202 to everything under `/intake` (Datadog’s `proxy` and the OTLP ' +
      'exporter point there). Variants: no SDK (an empty script); rumlink tracing entry `init({})` (same origin is ' +
      "traced by default); rumlink complete entry `init({ applicationId, clientToken, endpoint: origin + '/intake' })` " +
      '(RUM collection with its defaults: every `/ping` becomes a resource event, batched, gzip-compressed and posted ' +
      'to the sink); `@datadog/browser-rum` with `allowedTracingUrls: [origin]`, `sessionSampleRate` and ' +
      '`traceSampleRate` 100, `trackResources: true`; OpenTelemetry `WebTracerProvider` (default context manager and ' +
      'W3C propagators) + `FetchInstrumentation` propagating to the origin, `BatchSpanProcessor` and OTLP HTTP exporter.',
    `- Per page view: CDP \`ScriptDuration\` / \`TaskDuration\` from the new tab (before navigation) to ${r.settleMs} ms ` +
      'after the load event: the page load with the SDK, its start, what it observes of the load (first view, the ' +
      'document and script resources, vitals observers), its first timers; minus the same on the no-SDK page.',
    `- Per page: load, ${r.settleMs} ms for the SDK to start, ${r.warmup} warm-up fetches, then the measured sequence ` +
      `of ${num(r.fetches)}: each \`fetch()\` is called from a task of its own (a MessageChannel message, as an event ` +
      'handler would), its response read before the next call. In the page: the time of each `fetch()` call (call → ' +
      'return of its promise; per page the median call, which a call preempted by other work on the machine does not ' +
      'move, and the mean) and the wall time of the sequence. Via CDP (`Performance.getMetrics`, `timeDomain: ' +
      'threadTicks`, i.e. CPU time of the renderer main thread, less sensitive to other work on the machine) before ' +
      'and after the sequence: `ScriptDuration` counts script run directly by a task (event listeners, timers, ' +
      'observer callbacks; so it includes each SDK’s synchronous `fetch()` wrapper) but not promise callbacks; ' +
      '`TaskDuration` counts all main-thread task time, promise callbacks and GC included, and is the complete ' +
      `figure. The deferred column is \`TaskDuration\` in the ${num(r.tailMs / 1000)} s after the sequence (span end ` +
      'on resource timing, batching); exports on longer timers (OpenTelemetry’s 5 s batch delay, Datadog’s flush ' +
      'interval) fall outside both windows.',
    `- Within-page sync figure, after the tail window: ${num(r.fetches / 2)} pairs of calls, the page’s own \`fetch\` ` +
      '(saved by an inline script before the SDK loads) and `fetch` as the SDK left it, alternating ABBA call by ' +
      'call, each from a task of its own; per page the median of each kind, then the difference. It needs no other ' +
      'page, so machine load that differs between pages does not enter it; on the no-SDK page it is the control (0).',
    '- Added cost per fetch = (variant − no-SDK page of the same round) ÷ fetches per page; the round order rotates, so ' +
      'no variant always runs first or last; figures are medians over the rounds with the smallest and largest round.',
    '',
  ].join('\n');
