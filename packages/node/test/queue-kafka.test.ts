/**
 * Kafka header round trip without a broker, through kafkajs's own record codec: headers injected into a kafkajs
 * producer message are encoded exactly as kafkajs puts them on the wire (record v2 headers) and decoded as its
 * consumer hands them to `eachMessage`: every value a Buffer, a repeated header a list of Buffers.
 */
import { createRequire } from 'node:module';
import { SpanKind, trace } from '@opentelemetry/api';
import type { KafkaMessage, Message } from 'kafkajs';
import { expect, test } from 'vitest';
import { extractKafkaContext, injectKafkaHeaders, runInMessageContext } from '../src/queues/index.js';
import { activeBaggageValue, produceInSession, SESSION_ID, useQueueTracing } from './queue-tracing.js';

// kafkajs has no `exports` map; these are the modules its producer and consumer use for record encoding.
const require = createRequire(import.meta.url);
const encodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0') as (record: Message) => { buffer: Buffer };
const decodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0/decoder') as (
  decoder: unknown,
  batchContext: { firstOffset: string; firstTimestamp: string; magicByte: number },
) => KafkaMessage;
const Decoder = require('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => { readVarIntBytes(): Buffer };

/** What a kafkajs consumer receives for `message` at offset 42. */
function overTheWire(message: Message): KafkaMessage {
  const recordBytes = new Decoder(encodeRecord(message).buffer).readVarIntBytes();
  return decodeRecord(new Decoder(recordBytes), { firstOffset: '42', firstTimestamp: '1700000000000', magicByte: 2 });
}

const tracing = useQueueTracing();

test('inject → kafkajs record codec → Buffer headers → runInMessageContext', async () => {
  const { result: sent, producer } = produceInSession(SESSION_ID, () =>
    injectKafkaHeaders({ key: 'order-1', value: '{"order":1}', headers: { 'content-type': 'application/json' } }),
  );
  expect(sent.headers).toEqual({
    'content-type': 'application/json',
    traceparent: `00-${producer.traceId}-${producer.spanId}-01`,
    baggage: `session.id=${SESSION_ID}`,
  });

  const received = overTheWire(sent);
  expect(Buffer.isBuffer(received.headers?.traceparent)).toBe(true);
  expect(received.headers?.baggage).toEqual(Buffer.from(`session.id=${SESSION_ID}`));
  expect(received.offset).toBe('42');
  expect(trace.getSpanContext(extractKafkaContext(received))?.spanId).toBe(producer.spanId);

  const payload = { topic: 'orders', partition: 0, message: received };
  const session = await runInMessageContext(payload, async () => activeBaggageValue('session.id'));
  expect(session).toBe(SESSION_ID);
  const consumer = tracing.span('orders process');
  expect(consumer.kind).toBe(SpanKind.CONSUMER);
  expect(consumer.spanContext().traceId).toBe(producer.traceId);
  expect(consumer.parentSpanContext?.spanId).toBe(producer.spanId);
  expect(consumer.attributes).toMatchObject({
    'messaging.system': 'kafka',
    'messaging.destination.name': 'orders',
    'messaging.destination.partition.id': '0',
    'messaging.kafka.offset': 42,
    'session.id': SESSION_ID,
  });
});

test('a header the app already set (any case) is kept, and a repeated baggage header arrives as a list', () => {
  const { result: sent } = produceInSession(SESSION_ID, () =>
    injectKafkaHeaders({ value: 'x', headers: { Baggage: ['tier=gold', 'region=eu'] } }),
  );
  expect(Object.keys(sent.headers)).toEqual(['Baggage', 'traceparent']);
  const received = overTheWire(sent);
  expect(received.headers?.Baggage).toEqual([Buffer.from('tier=gold'), Buffer.from('region=eu')]);
  const seen = runInMessageContext(received, () => [activeBaggageValue('tier'), activeBaggageValue('region')], {
    carrier: 'kafka',
  });
  expect(seen).toEqual(['gold', 'eu']);
});

test('a message produced outside any span carries no propagation headers and is handled in a new trace', () => {
  const sent = injectKafkaHeaders({ value: 'x' });
  expect(sent.headers).toEqual({});
  expect(runInMessageContext(overTheWire(sent), () => 'handled', { name: 'bare' })).toBe('handled');
  expect(tracing.span('bare').parentSpanContext).toBeUndefined();
});
