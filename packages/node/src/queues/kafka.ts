/**
 * Kafka (kafkajs): propagation fields travel as record headers. Producers may give string values; consumers always
 * get Buffers (and a list of Buffers for a repeated header).
 */
import { type Context, context } from '@opentelemetry/api';
import { extractMessageContext, fieldsToInject, readCarrierFields } from './carrier.js';
import { type QueueMessage, recordOf, textOf } from './queue-message.js';

/** kafkajs `IHeaders`. */
export type KafkaHeaders = Record<string, Buffer | string | Array<Buffer | string> | undefined>;

/** A kafkajs `Message` (producer) or `KafkaMessage` (consumer), as far as this module reads it. */
export interface KafkaMessageLike {
  headers?: KafkaHeaders | undefined;
}

/** `message` with the active context's propagation fields added to its headers (headers the app set win). */
export function injectKafkaHeaders<T extends object & KafkaMessageLike>(
  message: T,
  activeContext: Context = context.active(),
): T & { headers: KafkaHeaders } {
  const headers: KafkaHeaders = { ...message.headers };
  for (const [name, value] of fieldsToInject(Object.keys(headers), activeContext)) {
    headers[name] = value;
  }
  return { ...message, headers };
}

/** True for a kafkajs `eachMessage` payload (`{ topic, partition, message }`) or a consumed `KafkaMessage`. */
export function isKafkaMessage(message: unknown): boolean {
  const record = recordOf(message);
  if (record === undefined) return false;
  if (typeof record.topic === 'string' && recordOf(record.message) !== undefined) return true;
  return typeof record.offset === 'string' && 'value' in record;
}

export function readKafkaMessage(messageOrPayload: unknown): QueueMessage {
  const record = recordOf(messageOrPayload);
  const isPayload = typeof record?.topic === 'string' && recordOf(record.message) !== undefined;
  const message = isPayload ? recordOf(record?.message) : record;
  const attributes: Record<string, string | number> = {};
  if (typeof record?.partition === 'number')
    attributes['messaging.destination.partition.id'] = String(record.partition);
  const offset = Number(textOf(message?.offset));
  if (Number.isSafeInteger(offset)) attributes['messaging.kafka.offset'] = offset;
  return {
    fields: readCarrierFields(message?.headers),
    system: 'kafka',
    destination: isPayload ? textOf(record?.topic) : undefined,
    attributes,
  };
}

/** The producer's context from a kafkajs message's headers. ROOT_CONTEXT when the message carries none. */
export function extractKafkaContext(message: { headers?: unknown }): Context {
  return extractMessageContext(readKafkaMessage(message).fields);
}
