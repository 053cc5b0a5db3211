/**
 * The inject helpers take and return the real clients' own input types, with no casts, for inputs with and without
 * headers / attributes of their own (typechecked by `tsc -p packages/node/tsconfig.test.json`; the runtime checks
 * only confirm the values).
 */

import { PublishBatchCommand, PublishCommand } from '@aws-sdk/client-sns';
import { SendMessageBatchCommand, SendMessageCommand, type SendMessageRequest } from '@aws-sdk/client-sqs';
import type { Options } from 'amqplib';
import type { Message, ProducerRecord } from 'kafkajs';
import { headers, type PublishOptions } from 'nats';
import { expect, test } from 'vitest';
import {
  injectAmqpHeaders,
  injectKafkaHeaders,
  injectNatsHeaders,
  injectSnsBatchAttributes,
  injectSnsMessageAttributes,
  injectSqsBatchAttributes,
  injectSqsMessageAttributes,
} from '../src/queues/index.js';

test('AWS SDK command inputs', () => {
  const typed: SendMessageRequest = { QueueUrl: 'q', MessageBody: 'b' };
  const commands = [
    new SendMessageCommand(injectSqsMessageAttributes({ QueueUrl: 'q', MessageBody: 'b' })),
    new SendMessageCommand(injectSqsMessageAttributes(typed)),
    new SendMessageBatchCommand(injectSqsBatchAttributes({ QueueUrl: 'q', Entries: [{ Id: '1', MessageBody: 'b' }] })),
    new PublishCommand(injectSnsMessageAttributes({ TopicArn: 't', Message: 'm' })),
    new PublishBatchCommand(
      injectSnsBatchAttributes({ TopicArn: 't', PublishBatchRequestEntries: [{ Id: '1', Message: 'm' }] }),
    ),
  ];
  expect(commands).toHaveLength(5);
});

test('kafkajs, amqplib and nats option types', () => {
  const record: ProducerRecord = {
    topic: 'orders',
    messages: [injectKafkaHeaders({ key: 'k', value: 'v' }), injectKafkaHeaders({ value: null, partition: 1 })],
  };
  const message: Message = injectKafkaHeaders({ value: 'v', headers: { existing: Buffer.from('x') } });
  const publish: Options.Publish = injectAmqpHeaders({ persistent: true, contentType: 'application/json' });
  const bare: Options.Publish = injectAmqpHeaders();
  const nats: PublishOptions = { headers: injectNatsHeaders(headers()) };
  expect([record.messages, message.headers, publish.headers, bare.headers, nats.headers]).not.toContain(undefined);
});
