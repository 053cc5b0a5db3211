/**
 * SNS: producers add propagation fields as `Publish` / `PublishBatch` message attributes. Where a consumer finds them
 * depends on the subscription:
 * - SNS → SQS with raw message delivery: on the SQS message's attributes (read with `extractSqsContext`);
 * - SNS → SQS default: inside the JSON envelope that is the SQS body,
 *   `{"Type":"Notification", …, "MessageAttributes":{"traceparent":{"Type":"String","Value":"00-…"}}}`;
 * - SNS → Lambda: `Records[].Sns.MessageAttributes.{name}.{Type,Value}`.
 */
import { type Context, context } from '@opentelemetry/api';
import { type AwsMessageAttributes, withPropagationAttributes } from './aws-message-attributes.js';
import { extractMessageContext, NO_FIELDS, readCarrierFields } from './carrier.js';
import { type QueueMessage, recordOf, textOf } from './queue-message.js';
import { arnResourceName, readSqsMessage, type SqsMessageLike, sqsBodyOf } from './sqs.js';

/** The part of `PublishCommand` input (and of each `PublishBatch` entry) this module writes. */
export interface SnsPublishInput {
  MessageAttributes?: AwsMessageAttributes | undefined;
}

/** A Lambda SNS event record (`{ EventSource: 'aws:sns', Sns: {…} }`) or a parsed SNS notification. */
export type SnsNotificationLike =
  | { Sns?: unknown; EventSource?: unknown }
  | { Type?: unknown; MessageAttributes?: unknown };

/** `PublishCommand` input (or one `PublishBatch` entry) plus the propagation attributes that fit. */
export function injectSnsMessageAttributes<T extends object & SnsPublishInput>(
  params: T,
  activeContext: Context = context.active(),
): T & SnsPublishInput {
  const attributes = withPropagationAttributes(params.MessageAttributes, 'SNS', activeContext);
  return attributes === params.MessageAttributes ? params : { ...params, MessageAttributes: attributes };
}

/** `PublishBatchCommand` input with every entry given the propagation attributes that fit it. */
export function injectSnsBatchAttributes<
  T extends object & { PublishBatchRequestEntries?: ReadonlyArray<object & SnsPublishInput> | undefined },
>(params: T, activeContext: Context = context.active()): T {
  if (params.PublishBatchRequestEntries === undefined) return params;
  return {
    ...params,
    PublishBatchRequestEntries: params.PublishBatchRequestEntries.map((entry) =>
      injectSnsMessageAttributes(entry, activeContext),
    ),
  };
}

/** A parsed SNS notification (`Type: "Notification"`), from a Lambda SNS record or as is. */
function notificationOf(value: unknown): Record<string, unknown> | undefined {
  const record = recordOf(value);
  const notification = recordOf(record?.Sns) ?? record;
  return notification?.Type === 'Notification' ? notification : undefined;
}

const NOTIFICATION_MARKER = /^\s*\{[\s\S]*"Type"\s*:\s*"Notification"/;

/** The SNS envelope an SQS body holds (default, non-raw delivery), or undefined when the body is anything else. */
export function snsEnvelopeOf(sqsMessage: unknown): Record<string, unknown> | undefined {
  const body = sqsBodyOf(sqsMessage);
  // Most bodies are the app's own JSON: a cheap look for the envelope's marker spares parsing them twice.
  if (typeof body !== 'string' || !NOTIFICATION_MARKER.test(body)) return undefined;
  try {
    return notificationOf(JSON.parse(body));
  } catch {
    return undefined;
  }
}

/**
 * The envelope's fields, with the SQS message's own identity: the consumer processes an SQS message (queue name from
 * a Lambda record's ARN, SQS message id).
 */
export function readSnsEnvelope(sqsMessage: unknown): QueueMessage | undefined {
  const envelope = snsEnvelopeOf(sqsMessage);
  if (envelope === undefined) return undefined;
  return { ...readSqsMessage(sqsMessage), fields: readCarrierFields(envelope.MessageAttributes) };
}

export function readSnsNotification(recordOrNotification: unknown): QueueMessage | undefined {
  const notification = notificationOf(recordOrNotification);
  if (notification === undefined) return undefined;
  return {
    fields: readCarrierFields(notification.MessageAttributes),
    system: 'aws.sns',
    destination: arnResourceName(notification.TopicArn),
    messageId: textOf(notification.MessageId),
  };
}

/**
 * The producer's context from an SQS message (SDK `ReceiveMessage` message or Lambda SQS record) whose body is an SNS
 * notification envelope. ROOT_CONTEXT when the body is not one or carries no fields.
 */
export function extractSnsEnvelopeContext(sqsMessage: SqsMessageLike): Context {
  return extractMessageContext(readSnsEnvelope(sqsMessage)?.fields ?? NO_FIELDS);
}

/** The producer's context from a Lambda SNS event record or a parsed SNS notification. */
export function extractSnsContext(recordOrNotification: SnsNotificationLike): Context {
  return extractMessageContext(readSnsNotification(recordOrNotification)?.fields ?? NO_FIELDS);
}
