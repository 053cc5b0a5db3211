/**
 * Which broker a received message came from, from its shape alone, so `runInMessageContext` takes any of them. The
 * shapes are the ones the clients and AWS actually hand to a consumer; `carrier` names the shape when guessing is not
 * wanted (or for a plain header map: `'headers'`).
 */

import { isAmqpMessage, readAmqpMessage } from './amqp.js';
import { hasPropagationFields, readCarrierFields } from './carrier.js';
import { isKafkaMessage, readKafkaMessage } from './kafka.js';
import { isNatsMessage, readNatsMessage } from './nats.js';
import type { QueueMessage } from './queue-message.js';
import { readSnsEnvelope, readSnsNotification } from './sns.js';
import { isSqsMessage, readSqsMessage } from './sqs.js';

/**
 * - `sqs`: SDK `ReceiveMessage` message or Lambda SQS record, fields in its attributes (includes SNS raw delivery);
 * - `sns-envelope`: the same, fields in the SNS notification JSON that is its body;
 * - `sns`: Lambda SNS record or parsed SNS notification;
 * - `amqp`: amqplib message; `kafka`: kafkajs `eachMessage` payload or message; `nats`: nats.js `Msg`;
 * - `headers`: the message is itself a header map (string / Buffer values).
 */
export type MessageCarrier = 'sqs' | 'sns-envelope' | 'sns' | 'amqp' | 'kafka' | 'nats' | 'headers';

export function readMessageAs(message: unknown, carrier: MessageCarrier): QueueMessage | undefined {
  switch (carrier) {
    case 'sqs':
      return readSqsMessage(message);
    case 'sns-envelope':
      return readSnsEnvelope(message);
    case 'sns':
      return readSnsNotification(message);
    case 'amqp':
      return readAmqpMessage(message);
    case 'kafka':
      return readKafkaMessage(message);
    case 'nats':
      return readNatsMessage(message);
    case 'headers':
      return { fields: readCarrierFields(message) };
  }
}

/** The message's shape guessed from its fields; undefined when it is none of the supported ones. */
export function recognizeQueueMessage(message: unknown): QueueMessage | undefined {
  if (isSqsMessage(message)) {
    const sqs = readSqsMessage(message);
    // Fields on the SQS message itself (sent to SQS, or SNS raw delivery) win over an SNS envelope in its body.
    return hasPropagationFields(sqs.fields) ? sqs : (readSnsEnvelope(message) ?? sqs);
  }
  return (
    readSnsNotification(message) ??
    (isKafkaMessage(message) ? readKafkaMessage(message) : undefined) ??
    (isAmqpMessage(message) ? readAmqpMessage(message) : undefined) ??
    (isNatsMessage(message) ? readNatsMessage(message) : undefined)
  );
}
