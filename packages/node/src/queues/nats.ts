/**
 * NATS (nats.js): propagation fields travel as message headers (`MsgHdrs`, NATS 2.2+). NATS keeps header names in the
 * case they were sent; reading is case-insensitive like every other carrier here.
 */
import { type Context, context } from '@opentelemetry/api';
import { extractMessageContext, fieldsToInject, readCarrierFields } from './carrier.js';
import { type QueueMessage, recordOf, textOf } from './queue-message.js';

/** The part of nats.js `MsgHdrs` this module writes. */
export interface NatsHeadersLike {
  keys(): string[];
  set(name: string, value: string): void;
}

/**
 * Adds the active context's propagation fields to `headers` (a nats.js `MsgHdrs`, mutable by design) and returns it;
 * headers the app set win: `nc.publish(subject, data, { headers: injectNatsHeaders(headers()) })`.
 */
export function injectNatsHeaders<H extends NatsHeadersLike>(headers: H, activeContext: Context = context.active()): H {
  for (const [name, value] of fieldsToInject(headers.keys(), activeContext)) {
    headers.set(name, value);
  }
  return headers;
}

/** True for a nats.js `Msg`. */
export function isNatsMessage(message: unknown): boolean {
  const record = recordOf(message);
  return typeof record?.subject === 'string' && (record.data instanceof Uint8Array || typeof record.sid === 'number');
}

export function readNatsMessage(message: unknown): QueueMessage {
  const record = recordOf(message);
  return {
    // MsgHdrs iterates as [name, values[]]; a plain object of headers works too.
    fields: readCarrierFields(record?.headers),
    system: 'nats',
    destination: textOf(record?.subject),
  };
}

/** The producer's context from a nats.js message's headers. ROOT_CONTEXT when the message carries none. */
export function extractNatsContext(message: { headers?: unknown }): Context {
  return extractMessageContext(readNatsMessage(message).fields);
}
