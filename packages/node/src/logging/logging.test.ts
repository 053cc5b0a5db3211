/**
 * winston and pino with the rumlink format/mixin, and their lines as OpenTelemetry log records, on the real SDK.
 * The case stock instrumentation cannot cover: a line logged inside a baggage context but outside any span.
 */
import { Writable } from 'node:stream';
import { context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { OpenTelemetryTransportV3 } from '@opentelemetry/winston-transport';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import winston from 'winston';
import { BaggageLogRecordProcessor } from '../processors/baggage-log-record-processor.js';
import { rumlinkPinoMixin, rumlinkPinoStream } from './pino.js';
import { rumlinkWinstonFormat } from './winston-format.js';

const SESSION = '3f1c8c8e-4b8a-4f3e-9d3a-0f6b1e2d4c5a';
const browserBaggage = propagation.setBaggage(
  ROOT_CONTEXT,
  propagation.createBaggage({ 'session.id': { value: SESSION }, 'user.email': { value: 'a@b.c' } }),
);
const tracer = () => trace.getTracer('test');
let exporter: InMemoryLogRecordExporter;

beforeAll(() => {
  new NodeTracerProvider().register();
  exporter = new InMemoryLogRecordExporter();
  logs.setGlobalLoggerProvider(
    new LoggerProvider({ processors: [new BaggageLogRecordProcessor(), new SimpleLogRecordProcessor({ exporter })] }),
  );
});
beforeEach(() => exporter.reset());
afterAll(() => {
  trace.disable();
  context.disable();
  propagation.disable();
  logs.disable();
});

/** Logs three lines: inside a span in a baggage context, in a baggage context without a span, and with neither. */
function logScenario(log: (message: string) => void): { traceId: string; spanId: string } {
  const ids = tracer().startActiveSpan('GET /checkout', {}, browserBaggage, (span) => {
    log('in span');
    span.end();
    return span.spanContext();
  });
  context.with(browserBaggage, () => log('baggage only'));
  context.with(ROOT_CONTEXT, () => log('nothing'));
  return ids;
}

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
  };
}

const expectedFields = ({ traceId, spanId }: { traceId: string; spanId: string }) => [
  { trace_id: traceId, span_id: spanId, trace_flags: '01', 'session.id': SESSION },
  { 'session.id': SESSION },
  {},
];
const pick = (line: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(line).filter(([key]) => ['trace_id', 'span_id', 'trace_flags', 'session.id'].includes(key)),
  );

describe('rumlinkWinstonFormat', () => {
  it('adds trace ids inside a span and session.id wherever there is baggage', () => {
    const { stream, lines } = capture();
    const logger = winston.createLogger({
      format: winston.format.combine(rumlinkWinstonFormat(), winston.format.json()),
      transports: [new winston.transports.Stream({ stream })],
    });
    const ids = logScenario((message) => logger.info(message));
    expect(lines().map(pick)).toEqual(expectedFields(ids));
    expect(lines().map((line) => line.message)).toEqual(['in span', 'baggage only', 'nothing']);
  });

  it('sends lines through @opentelemetry/winston-transport as log records with session.id and the span', async () => {
    const logger = winston.createLogger({
      format: rumlinkWinstonFormat(),
      transports: [new OpenTelemetryTransportV3()],
    });
    const ids = logScenario((message) => logger.warn(message, { cart: 3 }));
    await new Promise((resolve) => setImmediate(resolve));
    const records = exporter.getFinishedLogRecords();
    expect(records.map((r) => [r.body, r.severityText, r.attributes['session.id'], r.attributes.cart])).toEqual([
      ['in span', 'warn', SESSION, 3],
      ['baggage only', 'warn', SESSION, 3],
      ['nothing', 'warn', undefined, 3],
    ]);
    expect(records[0]!.spanContext).toMatchObject({ traceId: ids.traceId, spanId: ids.spanId });
    expect(records[1]!.spanContext).toBeUndefined();
  });

  it('takes other baggage keys', () => {
    const { stream, lines } = capture();
    const logger = winston.createLogger({
      format: winston.format.combine(rumlinkWinstonFormat({ baggageKeys: ['user.email'] }), winston.format.json()),
      transports: [new winston.transports.Stream({ stream })],
    });
    context.with(browserBaggage, () => logger.info('x'));
    expect(lines()[0]).toEqual({ level: 'info', message: 'x', 'user.email': 'a@b.c' });
  });
});

describe('rumlinkPinoMixin', () => {
  it('adds trace ids inside a span and session.id wherever there is baggage', () => {
    const { stream, lines } = capture();
    const logger = pino({ mixin: rumlinkPinoMixin() }, stream);
    const ids = logScenario((message) => logger.info(message));
    expect(lines().map(pick)).toEqual(expectedFields(ids));
  });
});

describe('rumlinkPinoStream', () => {
  it('emits each line as a log record in the caller’s context (span and baggage)', () => {
    const { stream, lines } = capture();
    const logger = pino(
      { mixin: rumlinkPinoMixin(), level: 'debug' },
      pino.multistream([{ stream }, { stream: rumlinkPinoStream(), level: 'debug' }]),
    );
    const ids = logScenario((message) => logger.error({ orderId: 'o-1' }, message));
    context.with(browserBaggage, () => logger.debug('debug line'));
    const records = exporter.getFinishedLogRecords();
    expect(records.map((r) => [r.body, r.severityText, r.severityNumber, r.attributes])).toEqual([
      ['in span', 'error', 17, { orderId: 'o-1', 'session.id': SESSION }],
      ['baggage only', 'error', 17, { orderId: 'o-1', 'session.id': SESSION }],
      ['nothing', 'error', 17, { orderId: 'o-1' }],
      ['debug line', 'debug', 5, { 'session.id': SESSION }],
    ]);
    expect(records[0]!.spanContext).toMatchObject(ids);
    expect(records[0]!.hrTime[0]).toBe(Math.floor((lines()[0]!.time as number) / 1000));
  });

  it('never throws into the logging call on a line it cannot read', () => {
    expect(() => rumlinkPinoStream().write('not json')).not.toThrow();
  });
});
