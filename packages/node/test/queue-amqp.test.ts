/**
 * AMQP 0-9-1 header round trip without a broker, through amqplib's own field-table codec: what `injectAmqpHeaders`
 * adds to publish options is encoded as amqplib puts it on the wire and decoded as amqplib hands it to a consumer
 * (`msg.properties.headers`). Strings travel as `S` (long string); a client that sends bytes uses `x` (byte array)
 * and the consumer gets a Buffer.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { trace } from '@opentelemetry/api';
import type { ConsumeMessage } from 'amqplib';
import { expect, test } from 'vitest';
import { extractAmqpContext, injectAmqpHeaders, runInMessageContext } from '../src/queues/index.js';
import { activeBaggageValue, produceInSession, SESSION_ID, useQueueTracing } from './queue-tracing.js';

// amqplib's `exports` map hides lib/; its codec is what channel.publish / consume use for header tables.
const require = createRequire(import.meta.url);
const codec = require(join(dirname(require.resolve('amqplib')), 'lib/codec.js')) as {
  encodeTable(buffer: Buffer, table: Record<string, unknown>, offset: number): number;
  decodeFields(slice: Buffer): Record<string, unknown>;
};

function overTheWire(headers: Record<string, unknown>, routingKey: string): ConsumeMessage {
  const buffer = Buffer.alloc(8192);
  const size = codec.encodeTable(buffer, headers, 0);
  return {
    content: Buffer.from('{"job":1}'),
    fields: { deliveryTag: 1, redelivered: false, exchange: '', routingKey, consumerTag: 'amq.ctag-1' },
    properties: {
      contentType: undefined,
      contentEncoding: undefined,
      headers: codec.decodeFields(buffer.subarray(4, size)),
      deliveryMode: 2,
      priority: undefined,
      correlationId: undefined,
      replyTo: undefined,
      expiration: undefined,
      messageId: 'job-1',
      timestamp: undefined,
      type: undefined,
      userId: undefined,
      appId: undefined,
      clusterId: undefined,
    },
  };
}

const tracing = useQueueTracing();

test('inject into publish options → amqplib codec → runInMessageContext', () => {
  const { result: options, producer } = produceInSession(SESSION_ID, () =>
    injectAmqpHeaders({ persistent: true, headers: { 'x-tenant': 'acme' } }),
  );
  expect(options).toEqual({
    persistent: true,
    headers: {
      'x-tenant': 'acme',
      traceparent: `00-${producer.traceId}-${producer.spanId}-01`,
      baggage: `session.id=${SESSION_ID}`,
    },
  });
  const message = overTheWire(options.headers, 'jobs');
  expect(trace.getSpanContext(extractAmqpContext(message))?.spanId).toBe(producer.spanId);
  const session = runInMessageContext(message, () => activeBaggageValue('session.id'));
  expect(session).toBe(SESSION_ID);
  const consumer = tracing.span('jobs process');
  expect(consumer.parentSpanContext?.spanId).toBe(producer.spanId);
  expect(consumer.attributes).toMatchObject({
    'messaging.system': 'rabbitmq',
    'messaging.destination.name': 'jobs',
    'messaging.rabbitmq.destination.routing_key': 'jobs',
    'messaging.message.id': 'job-1',
    'session.id': SESSION_ID,
  });
});

test('headers sent as byte arrays by another client arrive as Buffers and still work', () => {
  const { result: options, producer } = produceInSession(SESSION_ID, () => injectAmqpHeaders());
  const asBytes = Object.fromEntries(Object.entries(options.headers).map(([k, v]) => [k, Buffer.from(String(v))]));
  const message = overTheWire(asBytes, 'jobs');
  expect(Buffer.isBuffer(message.properties.headers?.traceparent)).toBe(true);
  expect(runInMessageContext(message, () => activeBaggageValue('session.id'))).toBe(SESSION_ID);
  expect(tracing.span('jobs process').spanContext().traceId).toBe(producer.traceId);
});

test('garbage header values (numbers, tables, arrays of numbers) are ignored; the handler runs', () => {
  const message = overTheWire({ traceparent: 7, baggage: { nested: 'table' }, tracestate: [1, 2] }, 'jobs');
  expect(runInMessageContext(message, () => 'handled')).toBe('handled');
  expect(tracing.span('jobs process').parentSpanContext).toBeUndefined();
});
