/**
 * AMQP 0-9-1 (amqplib, RabbitMQ): propagation fields travel as message headers (`publish` options `headers`,
 * `msg.properties.headers` on the consumer). Header values arrive as strings, or as Buffers when the producer's client
 * sent them as byte arrays.
 */
import { type Context, context } from '@opentelemetry/api';
import { extractMessageContext, fieldsToInject, readCarrierFields } from './carrier.js';
import { type QueueMessage, recordOf, textOf } from './queue-message.js';

/** The part of amqplib's `Options.Publish` this module writes. */
export interface AmqpPublishOptions {
  headers?: Record<string, unknown> | undefined;
}

/** An amqplib `ConsumeMessage` / `GetMessage`, as far as this module reads it. */
export interface AmqpMessageLike {
  properties?: { headers?: unknown; messageId?: unknown } | undefined;
  fields?: { exchange?: unknown; routingKey?: unknown } | undefined;
}

/**
 * `publishOptions` with the active context's propagation fields added to `headers` (headers the app set win):
 * `channel.publish(exchange, routingKey, content, injectAmqpHeaders({ persistent: true }))`.
 */
export function injectAmqpHeaders<T extends object & AmqpPublishOptions = AmqpPublishOptions>(
  publishOptions?: T,
  activeContext: Context = context.active(),
): T & { headers: Record<string, unknown> } {
  const headers: Record<string, unknown> = { ...publishOptions?.headers };
  for (const [name, value] of fieldsToInject(Object.keys(headers), activeContext)) {
    headers[name] = value;
  }
  return { ...publishOptions, headers } as T & { headers: Record<string, unknown> };
}

export function isAmqpMessage(message: unknown): boolean {
  const record = recordOf(message);
  return (
    record !== undefined &&
    'content' in record &&
    recordOf(record.fields) !== undefined &&
    recordOf(record.properties) !== undefined
  );
}

export function readAmqpMessage(message: unknown): QueueMessage {
  const properties = recordOf(recordOf(message)?.properties);
  const fields = recordOf(recordOf(message)?.fields);
  const exchange = textOf(fields?.exchange);
  const routingKey = textOf(fields?.routingKey);
  return {
    fields: readCarrierFields(properties?.headers),
    system: 'rabbitmq',
    // Publishing to the default exchange ('') routes by queue name, which is then the only destination there is.
    destination: exchange ?? routingKey,
    messageId: textOf(properties?.messageId),
    attributes: routingKey === undefined ? undefined : { 'messaging.rabbitmq.destination.routing_key': routingKey },
  };
}

/** The producer's context from `msg.properties.headers`. ROOT_CONTEXT when the message carries none. */
export function extractAmqpContext(message: AmqpMessageLike): Context {
  return extractMessageContext(readAmqpMessage(message).fields);
}
