/**
 * @rumlink/node correlation costs, same run, against the stock OpenTelemetry pieces:
 * - per span: rumlink's BaggageSpanProcessor vs @opentelemetry/baggage-span-processor (both selecting session.id);
 * - per log line: rumlink's winston format / pino mixin vs the bare logger and vs instrumentation-winston/-pino, like
 *   for like: the three trace fields the instrumentations write (rumlink with `baggageKeys: []`), and the four fields
 *   rumlink writes by default (the instrumentations with a `logHook` adding session.id from baggage).
 * Every variant runs in its own process (the stock instrumentations patch the logger module process-wide); variants
 * are interleaved over rounds and the median is reported, because this 2-core machine is shared.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { num, table, verdict } from '../lib/markdown.js';
import { median } from '../lib/percentiles.js';

const CHILD = fileURLToPath(new URL('./correlation-child.js', import.meta.url));
const SPAN_VARIANTS = ['span-rumlink-baggage', 'span-contrib-baggage', 'span-rumlink-empty', 'span-contrib-empty'];
const LOG_KINDS = ['bare', 'rumlink3', 'contrib', 'rumlink', 'contribhook'];
const LOG_VARIANTS = ['winston', 'pino'].flatMap((library) => LOG_KINDS.map((kind) => `${library}-${kind}`));

function runVariant(variant, ops) {
  const output = execFileSync(process.execPath, [CHILD, variant, String(ops)], { encoding: 'utf8' });
  return JSON.parse(output.trim().split('\n').pop()).nsPerOp;
}

export async function runCorrelationBench({ rounds = 7, spanOps = 200_000, logOps = 50_000, log = console.log } = {}) {
  const samples = Object.fromEntries([...SPAN_VARIANTS, ...LOG_VARIANTS].map((variant) => [variant, []]));
  for (let round = 1; round <= rounds; round++) {
    log(`correlation round ${round}/${rounds}`);
    for (const variant of SPAN_VARIANTS) samples[variant].push(runVariant(variant, spanOps));
    for (const variant of LOG_VARIANTS) samples[variant].push(runVariant(variant, logOps));
  }
  const ns = Object.fromEntries(Object.entries(samples).map(([variant, values]) => [variant, median(values)]));
  const spread = (variant) => `${num(Math.min(...samples[variant]))}–${num(Math.max(...samples[variant]))}`;

  const spanRows = ['baggage', 'empty'].map((mode) => {
    const ours = ns[`span-rumlink-${mode}`];
    const theirs = ns[`span-contrib-${mode}`];
    return [
      mode === 'baggage' ? 'context with 4 baggage entries' : 'context without baggage',
      `${num(ours)} ns (${spread(`span-rumlink-${mode}`)})`,
      `${num(theirs)} ns (${spread(`span-contrib-${mode}`)})`,
      verdict(ours <= theirs),
    ];
  });
  const withSpread = (variant) => `${num(ns[variant])} ns (${spread(variant)})`;
  const logComparisons = ['winston', 'pino'].flatMap((library) => {
    const bare = ns[`${library}-bare`];
    const added = (variant) => `+${num(ns[variant] - bare)} ns`;
    return [
      ['trace_id, span_id, trace_flags', 'rumlink3', 'contrib'],
      ['the same + session.id (from baggage)', 'rumlink', 'contribhook'],
    ].map(([fields, ours, theirs]) => ({
      library,
      fields,
      pass: ns[`${library}-${ours}`] <= ns[`${library}-${theirs}`],
      row: [
        library,
        fields,
        `${num(bare)} ns`,
        `${withSpread(`${library}-${ours}`)}, ${added(`${library}-${ours}`)}`,
        `${withSpread(`${library}-${theirs}`)}, ${added(`${library}-${theirs}`)}`,
      ],
    }));
  });
  const logRows = logComparisons.map(({ row, pass }) => [...row, verdict(pass)]);
  const pass = {
    'baggage span processor': ns['span-rumlink-baggage'] <= ns['span-contrib-baggage'],
    ...Object.fromEntries(
      logComparisons.map(({ library, fields, pass }) => [`${library} correlation (${fields})`, pass]),
    ),
  };
  const markdown = [
    '## 5. @rumlink/node: baggage and log correlation cost',
    '',
    'Budget: no slower than the stock OpenTelemetry pieces, same run. Median of the rounds (min–max in brackets).',
    '',
    table(
      [
        'per span start (`onStart`, fresh spans)',
        'rumlink BaggageSpanProcessor',
        '@opentelemetry/baggage-span-processor 0.5',
        'budget',
      ],
      spanRows,
    ),
    '',
    table(
      [
        'per log line (inside a span with baggage, to a null stream)',
        'fields written',
        'bare logger',
        'rumlink (winston format / pino mixin)',
        'instrumentation-winston 0.68.1 / -pino 0.69.0',
        'budget',
      ],
      logRows,
    ),
    '',
    'Like for like. The stock instrumentations write `trace_id`, `span_id` and `trace_flags`; rumlink with',
    '`baggageKeys: []` writes the same three. rumlink by default also writes `session.id` from baggage (with or',
    'without a span); the stock way to get it is the instrumentation’s `logHook`, here reading the active baggage.',
    'Writing a field is most of the cost (winston’s `json` format and pino’s serializer), so each comparison holds the',
    'output equal. OpenTelemetry JS versions: SDK 2.12 / experimental 0.223 (the 3.x line needs Node >= 22; rumlink',
    'supports Node 20).',
  ].join('\n');
  return { markdown, pass };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log((await runCorrelationBench()).markdown);
