/**
 * One variant of the correlation benchmark, in its own process (the stock winston/pino instrumentations patch the
 * module for the whole process). Prints `{ nsPerOp }` as JSON.
 *   span-<rumlink|contrib>-<baggage|empty>   processor.onStart on fresh spans
 *   <winston|pino>-<bare|rumlink|contrib|fields>  one log line inside a span with baggage, to a null stream
 *                                                 (fields: rumlink's four fields as constants, no context lookup)
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

/** The four fields rumlink writes, as constants: what writing them costs a logger, without finding them. */
const FIELDS = {
  trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
  span_id: '00f067aa0ba902b7',
  trace_flags: '01',
  'session.id': '1f7a6c2e-5b0c-4c51-a8e6-0123456789ab',
};

const nullStream = () => new Writable({ write: (_chunk, _encoding, done) => done() });

async function logVariant(library, which) {
  if (which === 'contrib') {
    const { registerInstrumentations } = require('@opentelemetry/instrumentation');
    const Instrumentation =
      library === 'winston'
        ? require('@opentelemetry/instrumentation-winston').WinstonInstrumentation
        : require('@opentelemetry/instrumentation-pino').PinoInstrumentation;
    registerInstrumentations({ instrumentations: [new Instrumentation({ disableLogSending: true })] });
  }
  let log;
  if (library === 'winston') {
    const winston = require('winston');
    const { rumlinkWinstonFormat } = await import(`${NODE_DIST}/index.js`);
    const own = { rumlink: [rumlinkWinstonFormat()], fields: [{ transform: (info) => Object.assign(info, FIELDS) }] };
    const formats = [...(own[which] ?? []), winston.format.json()];
    const logger = winston.createLogger({
      format: winston.format.combine(...formats),
      transports: [new winston.transports.Stream({ stream: nullStream() })],
    });
    log = () => logger.info('order placed', { orderId: 42 });
  } else {
    const pino = require('pino');
    const { rumlinkPinoMixin } = await import(`${NODE_DIST}/index.js`);
    const mixins = { rumlink: rumlinkPinoMixin(), fields: () => ({ ...FIELDS }) };
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
