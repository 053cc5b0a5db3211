import { expect, test } from 'vitest';
import {
  lambdaSnsRecord,
  lambdaSqsRecord,
  type SentAttributes,
  snsNotificationBody,
} from '../../test/queue-aws-fixtures.js';
import { useQueueTracing } from '../../test/queue-tracing.js';
import { type MessageCarrier, readMessageAs, recognizeQueueMessage } from './recognize-message.js';

const _tracing = useQueueTracing();

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const SENT: SentAttributes = { traceparent: { DataType: 'String', StringValue: TRACEPARENT } };

function fieldsAndIdentity(message: unknown, carrier?: MessageCarrier) {
  const read = carrier === undefined ? recognizeQueueMessage(message) : readMessageAs(message, carrier);
  return read && { ...read, fields: Object.fromEntries(read.fields) };
}

test.each([
  [
    'SDK ReceiveMessage message',
    { MessageId: 'm-1', ReceiptHandle: 'rh', Body: 'x', MessageAttributes: SENT },
    { system: 'aws_sqs', destination: undefined, messageId: 'm-1' },
  ],
  [
    'Lambda SQS record',
    lambdaSqsRecord(SENT),
    { system: 'aws_sqs', destination: 'my-queue', messageId: '059f36b4-87a3-44ab-83d2-661975830a7d' },
  ],
  [
    'Lambda SQS record holding an SNS envelope',
    lambdaSqsRecord({}, snsNotificationBody(SENT)),
    { system: 'aws_sqs', destination: 'my-queue', messageId: '059f36b4-87a3-44ab-83d2-661975830a7d' },
  ],
  [
    'Lambda SNS record',
    lambdaSnsRecord(SENT),
    { system: 'aws.sns', destination: 'sns-lambda', messageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e' },
  ],
  [
    'parsed SNS notification',
    JSON.parse(snsNotificationBody(SENT)),
    { system: 'aws.sns', destination: 'MyTopic', messageId: '63a3f6b6-d533-4a47-aef9-fcf5cf758c76' },
  ],
  [
    'amqplib ConsumeMessage',
    {
      content: Buffer.from('x'),
      fields: { deliveryTag: 1, redelivered: false, exchange: '', routingKey: 'jobs', consumerTag: 'c' },
      properties: { headers: { traceparent: Buffer.from(TRACEPARENT) }, messageId: 'amqp-1' },
    },
    {
      system: 'rabbitmq',
      destination: 'jobs',
      messageId: 'amqp-1',
      attributes: { 'messaging.rabbitmq.destination.routing_key': 'jobs' },
    },
  ],
  [
    'kafkajs eachMessage payload',
    { topic: 'orders', partition: 0, message: { offset: '7', value: null, headers: { traceparent: TRACEPARENT } } },
    {
      system: 'kafka',
      destination: 'orders',
      attributes: { 'messaging.destination.partition.id': '0', 'messaging.kafka.offset': 7 },
    },
  ],
  [
    'kafkajs message alone',
    { offset: '7', value: null, key: null, headers: { traceparent: Buffer.from(TRACEPARENT) } },
    { system: 'kafka', destination: undefined, attributes: { 'messaging.kafka.offset': 7 } },
  ],
  [
    'nats.js Msg',
    { subject: 'orders.created', sid: 1, data: new Uint8Array(), headers: new Map([['traceparent', [TRACEPARENT]]]) },
    { system: 'nats', destination: 'orders.created' },
  ],
])('recognises a %s', (_label, message, identity) => {
  expect(fieldsAndIdentity(message)).toEqual({ fields: { traceparent: [TRACEPARENT] }, ...identity });
});

test('fields on the SQS message (raw delivery) win over an SNS envelope body', () => {
  const raw = lambdaSqsRecord(
    SENT,
    snsNotificationBody({ traceparent: { DataType: 'String', StringValue: 'envelope' } }),
  );
  expect(fieldsAndIdentity(raw)?.fields).toEqual({ traceparent: [TRACEPARENT] });
});

test.each([
  ['not JSON', 'Test message.'],
  ['broken JSON', '{"Type":"Notification",'],
  ['JSON that is not a notification', '{"Type":"SubscriptionConfirmation","MessageAttributes":{}}'],
  ['a JSON array', '[1,2]'],
])('an SQS body that is %s is no SNS envelope', (_label, body) => {
  expect(fieldsAndIdentity(lambdaSqsRecord({}, body), 'sns-envelope')).toBeUndefined();
  expect(fieldsAndIdentity(lambdaSqsRecord({}, body))?.fields).toEqual({});
});

test('options.carrier overrides guessing', () => {
  expect(fieldsAndIdentity({ Traceparent: TRACEPARENT }, 'headers')).toEqual({
    fields: { traceparent: [TRACEPARENT] },
  });
  expect(fieldsAndIdentity({ Traceparent: TRACEPARENT })).toBeUndefined();
});
