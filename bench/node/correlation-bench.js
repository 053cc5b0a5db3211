/**
 * @rumlink/node correlation costs, same run, against the stock OpenTelemetry pieces:
 * - per span: rumlink's BaggageSpanProcessor vs @opentelemetry/baggage-span-processor (both selecting session.id);
 * - per log line: rumlink's winston format / pino mixin vs the bare logger and vs instrumentation-winston/-pino.
 * Every variant runs in its own process (the stock instrumentations patch the logger module process-wide); variants
 * are interleaved over rounds and the median is reported, because this 2-core machine is shared.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { num, table, verdict } from '../lib/markdown.js';
import { median } from '../lib/percentiles.js';

const CHILD = fileURLToPath(new URL('./correlation-child.js', import.meta.url));
const SPAN_VARIANTS = ['span-rumlink-baggage', 'span-contrib-baggage', 'span-rumlink-empty', 'span-contrib-empty'];
const LOG_VARIANTS = [
  'winston-bare',
  'winston-rumlink',
  'winston-contrib',
  'winston-fields',
  'pino-bare',
  'pino-rumlink',
  'pino-contrib',
  'pino-fields',
];

function runVariant(variant, ops) {
  const output = execFileSync(process.execPath, [CHILD, variant, String(ops)], { encoding: 'utf8' });
  return JSON.parse(output.trim().split('\n').pop()).nsPerOp;
}

export async function runCorrelationBench({ rounds = 5, spanOps = 200_000, logOps = 50_000, log = console.log } = {}) {
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
  const logRows = ['winston', 'pino'].map((library) => {
    const bare = ns[`${library}-bare`];
    const ours = ns[`${library}-rumlink`];
    const theirs = ns[`${library}-contrib`];
    const fields = ns[`${library}-fields`];
    return [
      library,
      `${num(bare)} ns`,
      `${num(ours)} ns (+${num(ours - bare)})`,
      `${num(theirs)} ns (+${num(theirs - bare)})`,
      `${num(fields)} ns (+${num(fields - bare)})`,
      `${num(ours - fields)} ns`,
      verdict(ours <= theirs),
    ];
  });
  const pass = {
    'baggage span processor': ns['span-rumlink-baggage'] <= ns['span-contrib-baggage'],
    'winston correlation': ns['winston-rumlink'] <= ns['winston-contrib'],
    'pino correlation': ns['pino-rumlink'] <= ns['pino-contrib'],
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
        'bare logger',
        'rumlink (format / mixin)',
        'instrumentation-winston 0.68.1 / -pino 0.69.0',
        'the same four fields as constants (writing them, no lookup)',
        'rumlink’s own work (rumlink − constants)',
        'budget',
      ],
      logRows,
    ),
    '',
    'rumlink adds `trace_id`, `span_id`, `trace_flags` and `session.id` (from baggage, also outside spans); the stock',
    'instrumentations add the first three only, and only inside a span. The constants column writes rumlink’s four',
    'fields with no context lookup at all: the cost of the output itself, which any integration that logs `session.id`',
    'pays; the last column is what rumlink spends finding them. OpenTelemetry JS versions: SDK 2.12 / experimental',
    '0.223 (the 3.x line needs Node >= 22; rumlink supports Node 20).',
  ].join('\n');
  return { markdown, pass };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log((await runCorrelationBench()).markdown);
