import type { Attributes } from '@opentelemetry/api';
import type { CarrierFields } from './carrier.js';

/**
 * What a consumer knows about one received message, whatever the broker: its propagation fields and the semantic
 * attributes of the CONSUMER span (OpenTelemetry messaging conventions).
 */
export interface QueueMessage {
  fields: CarrierFields;
  /** `messaging.system` (`aws_sqs`, `aws.sns`, `rabbitmq`, `kafka`, `nats`). */
  system?: string | undefined;
  /** `messaging.destination.name`: queue, topic, exchange or subject. */
  destination?: string | undefined;
  /** `messaging.message.id`. */
  messageId?: string | undefined;
  /** Broker-specific attributes (partition, offset, routing key). */
  attributes?: Attributes | undefined;
}

export function recordOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
