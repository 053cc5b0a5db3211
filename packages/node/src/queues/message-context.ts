/**
 * Processing a received message inside its producer's context: the consumer's span continues the producer's trace,
 * and the producer's baggage (so the browser's `session.id`) is active for everything the handler does, including
 * the log lines it writes. The only module here that starts spans.
 */
import {
  type Attributes,
  type Baggage,
  type Context,
  context,
  diag,
  isSpanContextValid,
  propagation,
  type Span,
  type SpanContext,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { extractMessageContext, NO_FIELDS } from './carrier.js';
import type { QueueMessage } from './queue-message.js';
import { type MessageCarrier, readMessageAs, recognizeQueueMessage } from './recognize-message.js';

const TRACER_NAME = '@rumlink/node';

export interface MessageContextOptions {
  /** The message's shape; guessed from its fields when not given. */
  carrier?: MessageCarrier | undefined;
  /** Span name; default `<destination> process`, or `process` when the destination is unknown. */
  name?: string | undefined;
  /**
   * `false` (default): the consumer span is a child of the producer's span. `true`: it is a child of the active span
   * (say, a batch or Lambda invocation span) with a link to the producer's span, as the messaging conventions suggest
   * when one handler serves many messages.
   */
  link?: boolean | undefined;
  /** Baggage keys copied onto the consumer span as attributes; default `['session.id']`. */
  baggageKeys?: readonly string[] | undefined;
  /** `messaging.destination.name`, for shapes that do not carry it (an SDK SQS message does not know its queue). */
  destination?: string | undefined;
  /** `messaging.system`, for a shape that does not imply it (`carrier: 'headers'`). */
  system?: string | undefined;
  /** More span attributes; they win over the ones derived from the message. */
  attributes?: Attributes | undefined;
  /** Default: the global tracer `@rumlink/node`. */
  tracer?: Tracer | undefined;
}

function readReceivedMessage(message: unknown, carrier: MessageCarrier | undefined): QueueMessage {
  try {
    const received = carrier === undefined ? recognizeQueueMessage(message) : readMessageAs(message, carrier);
    if (received !== undefined) return received;
    diag.debug(
      carrier === undefined
        ? 'rumlink: runInMessageContext does not recognise the message shape; pass options.carrier'
        : `rumlink: runInMessageContext: the message is not a "${carrier}" message`,
    );
  } catch (error) {
    diag.debug(`rumlink: runInMessageContext could not read the message: ${String(error)}`);
  }
  return { fields: NO_FIELDS };
}

function consumerAttributes(
  received: QueueMessage,
  destination: string | undefined,
  baggage: Baggage | undefined,
  options: MessageContextOptions,
): Attributes {
  const attributes: Attributes = {
    ...received.attributes,
    'messaging.operation.type': 'process',
    'messaging.operation.name': 'process',
  };
  const system = options.system ?? received.system;
  if (system !== undefined) attributes['messaging.system'] = system;
  if (destination !== undefined) attributes['messaging.destination.name'] = destination;
  if (received.messageId !== undefined) attributes['messaging.message.id'] = received.messageId;
  for (const key of options.baggageKeys ?? ['session.id']) {
    const entry = baggage?.getEntry(key);
    if (entry !== undefined) attributes[key] = entry.value;
  }
  return { ...attributes, ...options.attributes };
}

function startConsumerSpan(
  tracer: Tracer,
  name: string,
  attributes: Attributes,
  producer: SpanContext | undefined,
  base: Context,
  link: boolean,
): Span {
  const kind = SpanKind.CONSUMER;
  if (link) return tracer.startSpan(name, { kind, attributes, links: producer ? [{ context: producer }] : [] }, base);
  if (producer) return tracer.startSpan(name, { kind, attributes }, trace.setSpanContext(base, producer));
  return tracer.startSpan(name, { kind, attributes, root: true }, base);
}

function recordFailure(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function runAndEnd<T>(span: Span, handler: (span: Span) => T): T {
  let result: T;
  try {
    result = handler(span);
  } catch (error) {
    recordFailure(span, error);
    span.end();
    throw error;
  }
  if (!isPromiseLike(result)) {
    span.end();
    return result;
  }
  return result.then(
    (value) => {
      span.end();
      return value;
    },
    (error: unknown) => {
      recordFailure(span, error);
      span.end();
      throw error;
    },
  ) as T;
}

/**
 * Runs `handler` for one received message inside its producer's context: a CONSUMER span continuing the producer's
 * trace (or linked to it), with the producer's baggage active. Returns what the handler returns (a promise for an
 * async handler); a handler error is recorded on the span and rethrown. A message without a usable producer context
 * is still handled, in a new trace (noted through `diag.debug`); reading the message never throws.
 *
 * Accepts an SDK SQS message, a Lambda SQS or SNS record, an SQS message holding an SNS envelope, an amqplib message,
 * a kafkajs `eachMessage` payload or message, or a nats.js message.
 */
export function runInMessageContext<T>(
  message: unknown,
  handler: (span: Span) => T,
  options: MessageContextOptions = {},
): T {
  const received = readReceivedMessage(message, options.carrier);
  const producerContext = extractMessageContext(received.fields);
  const producerSpanContext = trace.getSpanContext(producerContext);
  const producer =
    producerSpanContext !== undefined && isSpanContextValid(producerSpanContext) ? producerSpanContext : undefined;
  const baggage = propagation.getBaggage(producerContext);
  if (producer === undefined) {
    const id = received.messageId === undefined ? '' : ` ${received.messageId}`;
    diag.debug(
      `rumlink: ${received.system ?? 'queue'} message${id} has no valid producer context (missing or malformed ` +
        `traceparent); handling it ${options.link === true ? 'without a link' : 'in a new trace'}`,
    );
  }

  const destination = options.destination ?? received.destination;
  const name = options.name ?? (destination === undefined ? 'process' : `${destination} process`);
  const attributes = consumerAttributes(received, destination, baggage, options);
  // The message's baggage replaces the ambient one: a poller's own baggage must not tag another session's work.
  const active = context.active();
  const base = baggage ? propagation.setBaggage(active, baggage) : propagation.deleteBaggage(active);
  const tracer = options.tracer ?? trace.getTracer(TRACER_NAME);
  const span = startConsumerSpan(tracer, name, attributes, producer, base, options.link === true);
  return context.with(trace.setSpan(base, span), () => runAndEnd(span, handler));
}
