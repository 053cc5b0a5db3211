/**
 * A real broker round trip: a message published through a real nats-server, with headers injected inside a browser
 * session's span, is consumed with runInMessageContext and continues that trace and session.
 */
import { SpanKind, trace } from '@opentelemetry/api';
import { connect, headers, type Msg, type NatsConnection, StringCodec } from 'nats';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { extractNatsContext, injectNatsHeaders, runInMessageContext } from '../src/queues/index.js';
import { findNatsServer, type NatsServer, startNatsServer } from './queue-nats-server.js';
import {
  activeBaggageValue,
  produceInSession,
  type QueueTracing,
  SESSION_ID,
  startQueueTracing,
} from './queue-tracing.js';

let tracing: QueueTracing;
let server: NatsServer | undefined;
let connection: NatsConnection | undefined;
let brokerError: unknown;
const codec = StringCodec();

beforeAll(async () => {
  tracing = startQueueTracing();
  try {
    server = await startNatsServer();
    connection = await connect({ servers: server.url, reconnect: false });
  } catch (error) {
    brokerError = error;
  }
});
afterAll(async () => {
  await connection?.close();
  await server?.stop();
  await tracing.stop();
});
beforeEach(() => tracing.reset());

/**
 * The connection to the test's broker. Without nats-server every broker test fails (never skips) with the reason,
 * which says to run scripts/install-test-deps.sh.
 */
function broker(): NatsConnection {
  if (connection === undefined) throw brokerError ?? new Error('nats-server did not start');
  return connection;
}

/** Subscribes first, then publishes, and resolves with the first message delivered. */
async function publishAndReceive(subject: string, publish: () => void): Promise<Msg> {
  const subscription = broker().subscribe(subject, { max: 1 });
  await broker().flush(); // the server knows the subscription before anything is published
  publish();
  for await (const message of subscription) return message;
  throw new Error(`no message on ${subject}`);
}

test('publish with injected headers → nats-server → runInMessageContext continues the trace and session', async () => {
  let producer: { traceId: string; spanId: string } | undefined;
  const message = await publishAndReceive('orders.created', () => {
    producer = produceInSession(SESSION_ID, () => {
      const appHeaders = headers();
      appHeaders.set('Order-Id', 'o-1');
      broker().publish('orders.created', codec.encode('{"order":1}'), { headers: injectNatsHeaders(appHeaders) });
    }).producer;
  });

  expect(message.headers?.get('Order-Id')).toBe('o-1');
  expect(trace.getSpanContext(extractNatsContext(message))?.traceId).toBe(producer?.traceId);
  const inside = await runInMessageContext(message, async (span) => {
    await new Promise((resolve) => setImmediate(resolve));
    return {
      session: activeBaggageValue('session.id'),
      activeSpanId: trace.getActiveSpan()?.spanContext().spanId,
      spanId: span.spanContext().spanId,
      body: codec.decode(message.data),
    };
  });

  expect(inside.session).toBe(SESSION_ID);
  expect(inside.activeSpanId).toBe(inside.spanId);
  expect(inside.body).toBe('{"order":1}');
  const consumer = tracing.span('orders.created process');
  expect(consumer.kind).toBe(SpanKind.CONSUMER);
  expect(consumer.spanContext().traceId).toBe(producer?.traceId);
  expect(consumer.parentSpanContext?.spanId).toBe(producer?.spanId);
  expect(consumer.attributes).toMatchObject({
    'messaging.system': 'nats',
    'messaging.destination.name': 'orders.created',
    'messaging.operation.type': 'process',
    'session.id': SESSION_ID,
  });
});

test('a message published without headers is still handled, in a new trace', async () => {
  const message = await publishAndReceive('orders.bare', () => broker().publish('orders.bare', codec.encode('x')));
  expect(await runInMessageContext(message, async () => activeBaggageValue('session.id'))).toBeUndefined();
  expect(tracing.span('orders.bare process').parentSpanContext).toBeUndefined();
});

test('a missing nats-server binary fails with what to run', () => {
  expect(() => findNatsServer({ PATH: '/nonexistent', NATS_SERVER_PATH: '/nonexistent/nats-server' })).toThrow(
    /run scripts\/install-test-deps\.sh/,
  );
});

test('injectNatsHeaders keeps a header the app set, whatever its case', () => {
  const appHeaders = headers();
  appHeaders.set('Traceparent', 'app-owned');
  produceInSession(SESSION_ID, () => injectNatsHeaders(appHeaders));
  expect(appHeaders.keys()).toEqual(['Traceparent', 'baggage']);
  expect(appHeaders.get('Traceparent')).toBe('app-owned');
});
