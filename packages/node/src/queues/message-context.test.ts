import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { describe, expect, test } from 'vitest';
import { activeBaggageValue, produceInSession, SESSION_ID, useQueueTracing } from '../../test/queue-tracing.js';
import { injectKafkaHeaders } from './kafka.js';
import { runInMessageContext } from './message-context.js';

const tracing = useQueueTracing();

/** A kafkajs `eachMessage` payload whose headers the producer filled inside a session. */
function kafkaPayload() {
  const { result: message, producer } = produceInSession(SESSION_ID, () =>
    injectKafkaHeaders({ key: 'order-1', value: '{"id":1}' }),
  );
  return {
    producer,
    payload: {
      topic: 'orders',
      partition: 3,
      message: { ...message, offset: '42', timestamp: '1700000000000', attributes: 0 },
    },
  };
}

describe('child mode (default)', () => {
  test('CONSUMER span continues the producer’s trace, with session.id and messaging attributes', () => {
    const { producer, payload } = kafkaPayload();
    const inside = runInMessageContext(payload, (span) => ({
      active: trace.getActiveSpan(),
      span,
      session: activeBaggageValue('session.id'),
    }));
    const consumer = tracing.span('orders process');
    expect(inside.active).toBe(inside.span);
    expect(inside.session).toBe(SESSION_ID);
    expect(consumer.kind).toBe(SpanKind.CONSUMER);
    expect(consumer.spanContext().traceId).toBe(producer.traceId);
    expect(consumer.parentSpanContext?.spanId).toBe(producer.spanId);
    expect(consumer.attributes).toEqual({
      'messaging.system': 'kafka',
      'messaging.destination.name': 'orders',
      'messaging.destination.partition.id': '3',
      'messaging.kafka.offset': 42,
      'messaging.operation.type': 'process',
      'messaging.operation.name': 'process',
      'session.id': SESSION_ID,
    });
  });

  test('options: name, destination, extra attributes and baggage keys', () => {
    const { result: headers } = produceInSession(SESSION_ID, () => injectKafkaHeaders({ value: 'x' }).headers, {
      'user.tier': 'gold',
      secret: 'not copied',
    });
    runInMessageContext(headers, () => undefined, {
      carrier: 'headers',
      name: 'charge card',
      system: 'custom',
      destination: 'payments',
      baggageKeys: ['session.id', 'user.tier'],
      attributes: { 'app.order': 7 },
    });
    expect(tracing.span('charge card').attributes).toEqual({
      'messaging.system': 'custom',
      'messaging.destination.name': 'payments',
      'messaging.operation.type': 'process',
      'messaging.operation.name': 'process',
      'session.id': SESSION_ID,
      'user.tier': 'gold',
      'app.order': 7,
    });
  });

  test('the message’s baggage replaces the ambient one; no baggage on the message means none in the handler', () => {
    const ambient = propagation.setBaggage(
      context.active(),
      propagation.createBaggage({ 'session.id': { value: 'poller-session' } }),
    );
    const seen = context.with(ambient, () =>
      runInMessageContext({}, () => activeBaggageValue('session.id'), { carrier: 'headers' }),
    );
    expect(seen).toBeUndefined();
  });

  test('returns what the handler returns', () => {
    expect(runInMessageContext({}, () => 42, { carrier: 'headers' })).toBe(42);
  });
});

describe('link mode', () => {
  test('child of the active (batch) span, linked to the producer, baggage still restored', () => {
    const { producer, payload } = kafkaPayload();
    const tracer = trace.getTracer('test-batch');
    const { batchSpanId, session } = tracer.startActiveSpan('orders receive', (batch) => {
      const session = runInMessageContext(payload, () => activeBaggageValue('session.id'), { link: true });
      batch.end();
      return { batchSpanId: batch.spanContext().spanId, session };
    });
    const consumer = tracing.span('orders process');
    expect(session).toBe(SESSION_ID);
    expect(consumer.parentSpanContext?.spanId).toBe(batchSpanId);
    expect(consumer.spanContext().traceId).not.toBe(producer.traceId);
    expect(consumer.links.map((link) => link.context)).toEqual([
      expect.objectContaining({ traceId: producer.traceId, spanId: producer.spanId }),
    ]);
    expect(consumer.attributes['session.id']).toBe(SESSION_ID);
  });

  test('no producer context: no link', () => {
    runInMessageContext({}, () => undefined, { carrier: 'headers', link: true, name: 'lonely' });
    expect(tracing.span('lonely').links).toEqual([]);
  });
});

describe('errors and async handlers', () => {
  test('a thrown error is recorded, sets error status, ends the span and is rethrown', () => {
    const { payload } = kafkaPayload();
    const failure = new Error('card declined');
    expect(() =>
      runInMessageContext(payload, () => {
        throw failure;
      }),
    ).toThrow(failure);
    const consumer = tracing.span('orders process');
    expect(consumer.ended).toBe(true);
    expect(consumer.status).toEqual({ code: SpanStatusCode.ERROR, message: 'card declined' });
    expect(consumer.events.map((event) => [event.name, event.attributes?.['exception.message']])).toEqual([
      ['exception', 'card declined'],
    ]);
  });

  test('a thrown non-Error is recorded as text and rethrown as is', () => {
    expect(() =>
      runInMessageContext(
        {},
        () => {
          throw 'plain string';
        },
        { carrier: 'headers', name: 'odd' },
      ),
    ).toThrow('plain string');
    expect(tracing.span('odd').status).toEqual({ code: SpanStatusCode.ERROR, message: 'plain string' });
  });

  test('async handler: context and baggage survive awaits; the span ends when the promise settles', async () => {
    const { producer, payload } = kafkaPayload();
    let endedWhileRunning: boolean | undefined;
    const result = await runInMessageContext(payload, async (span) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      endedWhileRunning = tracing.finishedSpans().some((s) => s.spanContext().spanId === span.spanContext().spanId);
      return {
        session: activeBaggageValue('session.id'),
        traceId: trace.getActiveSpan()?.spanContext().traceId,
      };
    });
    expect(endedWhileRunning).toBe(false);
    expect(result).toEqual({ session: SESSION_ID, traceId: producer.traceId });
    expect(tracing.span('orders process').ended).toBe(true);
  });

  test('async rejection: recorded, error status, rejected with the same error', async () => {
    const { payload } = kafkaPayload();
    const failure = new TypeError('bad payload');
    await expect(
      runInMessageContext(payload, async () => {
        await Promise.resolve();
        throw failure;
      }),
    ).rejects.toBe(failure);
    const consumer = tracing.span('orders process');
    expect(consumer.status.code).toBe(SpanStatusCode.ERROR);
    expect(consumer.events[0]?.attributes?.['exception.type']).toBe('TypeError');
  });
});

describe('bad input: the handler still runs, in a new trace, and nothing of ours throws', () => {
  const validTraceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
  test.each([
    ['no headers at all', {}],
    ['traceparent with a bad version', { traceparent: 'ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' }],
    [
      'traceparent with an all-zero trace id',
      { traceparent: '00-00000000000000000000000000000000-b7ad6b7169203331-01' },
    ],
    ['traceparent truncated', { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad' }],
    ['traceparent not hex', { traceparent: '00-0af7651916cd43dd8448eb211c80319Z-b7ad6b7169203331-01' }],
    ['traceparent a number', { traceparent: 42 }],
    ['traceparent a nested object', { traceparent: { StringValue: { deep: validTraceparent } } }],
    ['traceparent a Binary attribute', { traceparent: { DataType: 'Binary', BinaryValue: new Uint8Array([0]) } }],
    ['traceparent null', { traceparent: null }],
    ['traceparent empty list', { traceparent: [] }],
  ])('%s', (_label, headers) => {
    const ran = runInMessageContext(headers, () => trace.getActiveSpan()?.spanContext(), {
      carrier: 'headers',
      name: 'bad',
    });
    const consumer = tracing.span('bad');
    expect(ran?.spanId).toBe(consumer.spanContext().spanId);
    expect(consumer.parentSpanContext).toBeUndefined();
    expect(tracing.diagMessages).toContainEqual({
      level: 'debug',
      message: expect.stringContaining('has no valid producer context'),
    });
  });

  test.each([
    ['bad percent-encoding drops that entry only', `session.id=%E0%A4%A,tier=gold`, undefined, 'gold'],
    ['a key without value', 'session.id,tier=gold', undefined, 'gold'],
    ['only separators', ',,;;==', undefined, undefined],
    [
      'more than 180 entries: the first 180 are kept',
      [`session.id=${SESSION_ID}`, ...Array.from({ length: 300 }, (_, i) => `k${i}=v`), 'tier=late'].join(','),
      SESSION_ID,
      undefined,
    ],
    [
      'over 8192 bytes: entries past the limit dropped',
      `session.id=${SESSION_ID},big=${'x'.repeat(9000)}`,
      SESSION_ID,
      undefined,
    ],
  ])('baggage: %s', (_label, baggage, session, tier) => {
    const seen = runInMessageContext(
      { traceparent: validTraceparent, baggage },
      () => [activeBaggageValue('session.id'), activeBaggageValue('tier')],
      { carrier: 'headers', name: 'baggage' },
    );
    expect(seen).toEqual([session, tier]);
    expect(tracing.span('baggage').parentSpanContext?.spanId).toBe('b7ad6b7169203331');
  });

  test.each([
    ['null', null],
    ['a string', 'traceparent: 00-…'],
    ['a number', 12],
    ['an unknown object', { foo: 'bar' }],
    ['an SQS-looking record with garbage attributes', { eventSource: 'aws:sqs', messageAttributes: 'nope', body: 7 }],
  ])('message is %s (auto-detect)', (_label, message) => {
    expect(runInMessageContext(message, () => 'ran')).toBe('ran');
    expect(tracing.span('process').parentSpanContext).toBeUndefined();
  });

  test('an unrecognised shape says what to do', () => {
    runInMessageContext({ foo: 'bar' }, () => undefined);
    expect(tracing.diagMessages).toContainEqual({
      level: 'debug',
      message: 'rumlink: runInMessageContext does not recognise the message shape; pass options.carrier',
    });
  });

  test('a message object whose getters throw', () => {
    const hostile = {
      eventSource: 'aws:sqs',
      get messageAttributes(): unknown {
        throw new Error('getter exploded');
      },
    };
    expect(runInMessageContext(hostile, () => 'ran')).toBe('ran');
  });
});
