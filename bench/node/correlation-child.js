/**
 * One variant of the correlation benchmark, in its own process (the stock winston/pino instrumentations patch the
 * module for the whole process). Prints `{ nsPerOp }` as JSON.
 *   span-<rumlink|contrib>-<baggage|empty>   processor.onStart on fresh spans
 *   <winston|pino>-<bare|rumlink|rumlink3|contrib|contribhook>  one log line inside a span with baggage, to a null
 *     stream. rumlink: trace_id, span_id, trace_flags and session.id; rumlink3: the first three only (baggageKeys: []);
 *     contrib: the stock instrumentation (the first three); contribhook: the stock instrumentation with a `logHook`
 *     adding session.id from the active baggage, the stock way to get the same four fields.
 */
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { NODE_DIST } from '../lib/paths.js';

const [variant, opsArg] = process.argv.slice(2);
const ops = Number(opsArg);
const require = createRequire(import.meta.url);
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const tracer = new BasicTracerProvider().getTracer('bench');
const baggage = propagation.createBaggage({
  'session.id': { value: '1f7a6c2e-5b0c-4c51-a8e6-0123456789ab' },
  'user.tier': { value: 'gold' },
  'cart.id': { value: 'c-123' },
  'ab.variant': { value: 'B' },
});
const withBaggage = propagation.setBaggage(ROOT_CONTEXT, baggage);

function time(run) {
  run(Math.min(ops, 10_000)); // warm-up
  const start = process.hrtime.bigint();
  run(ops);
  return Number(process.hrtime.bigint() - start) / ops;
}

async function spanVariant(which, ctx) {
  const { BaggageSpanProcessor } = await import(`${NODE_DIST}/index.js`);
  const { BaggageSpanProcessor: Contrib } = require('@opentelemetry/baggage-span-processor');
  const processor =
    which === 'rumlink' ? new BaggageSpanProcessor(['session.id']) : new Contrib((key) => key === 'session.id');
  // Fresh spans for every call: a processor must not get a cheaper path from an attribute already set.
  const spans = Array.from({ length: ops }, () => tracer.startSpan('op'));
  return time((n) => {
    for (let i = 0; i < n; i++) processor.onStart(spans[i % spans.length], ctx);
  });
}

/** The stock instrumentations' hook (called inside a span) adding session.id the way a user would. */
function addSessionId(_span, record) {
  const entry = propagation.getBaggage(context.active())?.getEntry('session.id');
  if (entry !== undefined) record['session.id'] = entry.value;
}

const nullStream = () => new Writable({ write: (_chunk, _encoding, done) => done() });

async function logVariant(library, which) {
  if (which.startsWith('contrib')) {
    const { registerInstrumentations } = require('@opentelemetry/instrumentation');
    const Instrumentation =
      library === 'winston'
        ? require('@opentelemetry/instrumentation-winston').WinstonInstrumentation
        : require('@opentelemetry/instrumentation-pino').PinoInstrumentation;
    registerInstrumentations({
      instrumentations: [
        new Instrumentation({ disableLogSending: true, logHook: which === 'contribhook' ? addSessionId : undefined }),
      ],
    });
  }
  let log;
  if (library === 'winston') {
    const winston = require('winston');
    const { rumlinkWinstonFormat } = await import(`${NODE_DIST}/index.js`);
    const own = { rumlink: [rumlinkWinstonFormat()], rumlink3: [rumlinkWinstonFormat({ baggageKeys: [] })] };
    const formats = [...(own[which] ?? []), winston.format.json()];
    const logger = winston.createLogger({
      format: winston.format.combine(...formats),
      transports: [new winston.transports.Stream({ stream: nullStream() })],
    });
    log = () => logger.info('order placed', { orderId: 42 });
  } else {
    const pino = require('pino');
    const { rumlinkPinoMixin } = await import(`${NODE_DIST}/index.js`);
    const mixins = { rumlink: rumlinkPinoMixin(), rumlink3: rumlinkPinoMixin({ baggageKeys: [] }) };
    const logger = pino(mixins[which] ? { mixin: mixins[which] } : {}, nullStream());
    log = () => logger.info({ orderId: 42 }, 'order placed');
  }
  const span = tracer.startSpan('request');
  return context.with(trace.setSpan(withBaggage, span), () =>
    time((n) => {
      for (let i = 0; i < n; i++) log();
    }),
  );
}

const [kind, which, mode] = variant.split('-');
const nsPerOp =
  kind === 'span'
    ? await spanVariant(which, mode === 'baggage' ? withBaggage : ROOT_CONTEXT)
    : await logVariant(kind, which);
process.stdout.write(`${JSON.stringify({ nsPerOp })}\n`);
