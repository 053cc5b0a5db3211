/**
 * The one place that turns message headers / attributes into propagation fields and back. Every queue module reads
 * through `readCarrierFields` and writes through `injectedFields`, so the rules below hold for all of them:
 *
 * - Field names are case-insensitive. Brokers and SDKs disagree on case (NATS keeps what was sent, some AMQP clients
 *   capitalise, AWS is case-sensitive), and propagators ask for lower-case names.
 * - A value is text, UTF-8 bytes (Kafka and AMQP deliver Buffers), or an AWS attribute object: `StringValue` (SDK
 *   input and `ReceiveMessage` output), `stringValue` (Lambda SQS event) or `Value` (SNS envelope, Lambda SNS event).
 *   Anything else (numbers, nested objects, Binary attributes) is not a propagation field and is ignored.
 * - Extraction and injection go through the global propagator, whatever the app registered, and never throw.
 */
import { type Context, diag, propagation, ROOT_CONTEXT, type TextMapGetter } from '@opentelemetry/api';

/** Propagation fields of one message: lower-cased name → every value found under that name (in any case). */
export type CarrierFields = ReadonlyMap<string, readonly string[]>;

export const NO_FIELDS: CarrierFields = new Map();

const utf8 = new TextDecoder('utf-8');

/** Reads one header / attribute value as text, or `undefined` when it is not a text-carrying value. */
export function readCarrierValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return utf8.decode(value);
  if (Array.isArray(value)) return value.length > 0 ? readCarrierValue(value[0]) : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  const attribute = value as Record<string, unknown>;
  const dataType = attribute.DataType ?? attribute.dataType ?? attribute.Type;
  // A Binary attribute's text (SNS envelope `Value`) is base64 of bytes, never a propagation field.
  if (typeof dataType === 'string' && dataType.startsWith('Binary')) return undefined;
  for (const candidate of [attribute.StringValue, attribute.stringValue, attribute.Value]) {
    if (typeof candidate === 'string') return candidate;
  }
  return undefined;
}

/** Kafka and NATS deliver a repeated header as a list; W3C baggage allows several `baggage` headers. */
function readCarrierValues(value: unknown): string[] {
  if (!Array.isArray(value)) {
    const single = readCarrierValue(value);
    return single === undefined ? [] : [single];
  }
  return value.map(readCarrierValue).filter((text): text is string => text !== undefined);
}

function entriesOf(headers: unknown): Iterable<readonly [unknown, unknown]> {
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) return [];
  // Map, or nats `MsgHdrs`, which iterates as [name, values[]].
  if (Symbol.iterator in headers) {
    const pairs: Array<readonly [unknown, unknown]> = [];
    for (const pair of headers as Iterable<unknown>) {
      if (Array.isArray(pair) && pair.length >= 2) pairs.push([pair[0], pair[1]]);
    }
    return pairs;
  }
  return Object.entries(headers);
}

/** Reads a header map / attribute map of any supported shape. Never throws; garbage yields no fields. */
export function readCarrierFields(headers: unknown): CarrierFields {
  const fields = new Map<string, string[]>();
  try {
    for (const [name, value] of entriesOf(headers)) {
      if (typeof name !== 'string') continue;
      const values = readCarrierValues(value);
      if (values.length === 0) continue;
      const key = name.toLowerCase();
      fields.set(key, [...(fields.get(key) ?? []), ...values]);
    }
  } catch (error) {
    // A hostile getter or iterator on a message object: treat the message as carrying nothing.
    diag.debug(`rumlink queues: could not read message headers: ${String(error)}`);
    return NO_FIELDS;
  }
  return fields;
}

export const carrierFieldsGetter: TextMapGetter<CarrierFields> = {
  keys: (carrier) => [...carrier.keys()],
  get: (carrier, key) => {
    const values = carrier.get(key.toLowerCase());
    if (values === undefined) return undefined;
    return values.length === 1 ? values[0] : [...values];
  },
};

/** True when at least one field is one the registered propagator reads. */
export function hasPropagationFields(fields: CarrierFields): boolean {
  return propagation.fields().some((name) => fields.has(name.toLowerCase()));
}

/**
 * The producer's context (span context and baggage) as the registered propagator reads it from `fields`, on top of
 * ROOT_CONTEXT. Returns ROOT_CONTEXT when nothing usable is there (like `propagation.extract`); baggage can be
 * present without a span context, so "nothing found" is not the same as "no span".
 */
export function extractMessageContext(fields: CarrierFields): Context {
  if (fields.size === 0) return ROOT_CONTEXT;
  try {
    return propagation.extract(ROOT_CONTEXT, fields, carrierFieldsGetter);
  } catch (error) {
    diag.debug(`rumlink queues: propagator failed to extract from message: ${String(error)}`);
    return ROOT_CONTEXT;
  }
}

/** The fields the registered propagator writes for `activeContext`, in the order it wrote them; empty values dropped. */
export function injectedFields(activeContext: Context): Array<readonly [string, string]> {
  const written = new Map<string, string>();
  try {
    propagation.inject(activeContext, written, { set: (carrier, key, value) => carrier.set(key, value) });
  } catch (error) {
    diag.debug(`rumlink queues: propagator failed to inject into message: ${String(error)}`);
    return [];
  }
  return [...written].filter(([, value]) => value !== '');
}

/** What the registered propagator would add to a message that already carries headers named `existingNames`. */
export function fieldsToInject(
  existingNames: Iterable<string>,
  activeContext: Context,
): Array<readonly [string, string]> {
  return fieldsMissingFrom(existingNames, injectedFields(activeContext));
}

/** Injected fields whose name the message does not already carry in any case: an app's own header always wins. */
export function fieldsMissingFrom(
  existingNames: Iterable<string>,
  fields: ReadonlyArray<readonly [string, string]>,
): Array<readonly [string, string]> {
  const taken = new Set<string>();
  for (const name of existingNames) taken.add(name.toLowerCase());
  return fields.filter(([name]) => !taken.has(name.toLowerCase()));
}
