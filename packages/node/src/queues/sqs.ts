/**
 * SQS: propagation fields travel as message attributes. Producers add them to `SendMessage` / `SendMessageBatch`
 * input; consumers read them from `ReceiveMessage` output (`MessageAttributes.{name}.StringValue`) or from a Lambda
 * SQS event record (`messageAttributes.{name}.stringValue`). SNS → SQS raw message delivery lands here too: SNS copies
 * the publish attributes onto the SQS message.
 */
import { type Context, context } from '@opentelemetry/api';
import { type AwsMessageAttributes, withPropagationAttributes } from './aws-message-attributes.js';
import { extractMessageContext, readCarrierFields } from './carrier.js';
import { type QueueMessage, recordOf, textOf } from './queue-message.js';

/** The part of `SendMessageCommand` input (and of each `SendMessageBatch` entry) this module writes. */
export interface SqsSendMessageInput {
  MessageAttributes?: AwsMessageAttributes | undefined;
}

/** A message from `ReceiveMessage` output (AWS SDK) or a Lambda SQS event record. */
export type SqsMessageLike =
  | { MessageAttributes?: unknown; MessageId?: unknown; Body?: unknown }
  | { messageAttributes?: unknown; messageId?: unknown; body?: unknown; eventSourceARN?: unknown };

/** `SendMessageCommand` input plus the propagation attributes of the active context (see the 10-attribute rule). */
export function injectSqsMessageAttributes<T extends object & SqsSendMessageInput>(
  params: T,
  activeContext: Context = context.active(),
): T & SqsSendMessageInput {
  const attributes = withPropagationAttributes(params.MessageAttributes, 'SQS', activeContext);
  return attributes === params.MessageAttributes ? params : { ...params, MessageAttributes: attributes };
}

/** `SendMessageBatchCommand` input with every entry given the propagation attributes that fit it. */
export function injectSqsBatchAttributes<
  T extends object & { Entries?: ReadonlyArray<object & SqsSendMessageInput> | undefined },
>(params: T, activeContext: Context = context.active()): T {
  if (params.Entries === undefined) return params;
  return { ...params, Entries: params.Entries.map((entry) => injectSqsMessageAttributes(entry, activeContext)) };
}

/** `arn:aws:sqs:us-east-2:123456789012:my-queue` → `my-queue` (also SNS topic ARNs). */
export function arnResourceName(arn: unknown): string | undefined {
  if (typeof arn !== 'string' || !arn.startsWith('arn:')) return undefined;
  return textOf(arn.split(':')[5]);
}

/** True for a Lambda SQS event record or an SDK `ReceiveMessage` message. */
export function isSqsMessage(message: unknown): boolean {
  const record = recordOf(message);
  if (record === undefined) return false;
  if (record.eventSource === 'aws:sqs') return true;
  return typeof record.MessageId === 'string' && ('ReceiptHandle' in record || 'Body' in record);
}

/** The SQS message body, from either shape. */
export function sqsBodyOf(message: unknown): unknown {
  const record = recordOf(message);
  return record?.Body ?? record?.body;
}

export function readSqsMessage(message: unknown): QueueMessage {
  const record = recordOf(message) ?? {};
  return {
    fields: readCarrierFields(record.MessageAttributes ?? record.messageAttributes),
    system: 'aws_sqs',
    destination: arnResourceName(record.eventSourceARN),
    messageId: textOf(record.MessageId) ?? textOf(record.messageId),
  };
}

/**
 * The producer's context from an SQS message's attributes (SDK or Lambda shape, names in any case). ROOT_CONTEXT
 * when the message carries none.
 */
export function extractSqsContext(message: SqsMessageLike): Context {
  return extractMessageContext(readSqsMessage(message).fields);
}
