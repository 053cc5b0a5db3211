/**
 * What a Lambda consumer sees (AWS documentation event shapes, see queue-aws-fixtures.ts), produced by a backend that
 * sent the message while serving a browser session: the consumer span continues the producer's trace and carries the
 * session, and the session is active inside the handler.
 */
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, test } from 'vitest';
import {
  extractSnsContext,
  extractSnsEnvelopeContext,
  extractSqsContext,
  injectSnsMessageAttributes,
  injectSqsMessageAttributes,
  runInMessageContext,
} from '../src/queues/index.js';
import { lambdaSnsRecord, lambdaSqsRecord, type SentAttributes, snsNotificationBody } from './queue-aws-fixtures.js';
import { activeBaggageValue, produceInSession, SESSION_ID, useQueueTracing } from './queue-tracing.js';

const tracing = useQueueTracing();

function sentToSqs(sessionId = SESSION_ID) {
  const { result, producer } = produceInSession(sessionId, () =>
    injectSqsMessageAttributes({
      QueueUrl: 'https://sqs.us-east-2.amazonaws.com/123456789012/my-queue',
      MessageBody: 'x',
    }),
  );
  return { attributes: result.MessageAttributes ?? {}, producer };
}

function publishedToSns(sessionId = SESSION_ID) {
  const { result, producer } = produceInSession(sessionId, () =>
    injectSnsMessageAttributes({ TopicArn: 'arn:aws:sns:us-east-1:123456789012:sns-lambda', Message: 'x' }),
  );
  return { attributes: result.MessageAttributes ?? {}, producer };
}

function expectContinues(consumer: ReadableSpan, producer: { traceId: string; spanId: string }) {
  expect(consumer.kind).toBe(SpanKind.CONSUMER);
  expect(consumer.spanContext().traceId).toBe(producer.traceId);
  expect(consumer.parentSpanContext?.spanId).toBe(producer.spanId);
  expect(consumer.attributes['session.id']).toBe(SESSION_ID);
  expect(consumer.attributes['messaging.operation.type']).toBe('process');
}

describe('Lambda SQS event', () => {
  test('child span of the producer, session.id on the span and active in the handler', () => {
    const { attributes, producer } = sentToSqs();
    const event = { Records: [lambdaSqsRecord(attributes)] };
    expect(trace.getSpanContext(extractSqsContext(event.Records[0]!))?.traceId).toBe(producer.traceId);

    const seen = event.Records.map((record) => runInMessageContext(record, () => activeBaggageValue('session.id')));
    expect(seen).toEqual([SESSION_ID]);
    const consumer = tracing.span('my-queue process');
    expectContinues(consumer, producer);
    expect(consumer.attributes).toMatchObject({
      'messaging.system': 'aws_sqs',
      'messaging.destination.name': 'my-queue',
      'messaging.message.id': '059f36b4-87a3-44ab-83d2-661975830a7d',
    });
  });

  test('attribute names in another case (another producer SDK) are found', () => {
    const { attributes, producer } = sentToSqs();
    const renamed = Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name.toUpperCase(), value]));
    expect(Object.keys(renamed)).toEqual(['TRACEPARENT', 'BAGGAGE']);
    expect(runInMessageContext(lambdaSqsRecord(renamed), () => activeBaggageValue('session.id'))).toBe(SESSION_ID);
    expectContinues(tracing.span('my-queue process'), producer);
  });

  test('SNS → SQS raw message delivery: the publish attributes are on the SQS record', () => {
    const { attributes, producer } = publishedToSns();
    const record = lambdaSqsRecord(attributes, 'raw body, no envelope');
    expect(trace.getSpanContext(extractSqsContext(record))?.spanId).toBe(producer.spanId);
    runInMessageContext(record, () => undefined);
    expectContinues(tracing.span('my-queue process'), producer);
  });
});

describe('SNS JSON envelope inside an SQS message (default delivery)', () => {
  test('Lambda SQS record: found in the body, consumer span continues the publisher’s trace', () => {
    const { attributes, producer } = publishedToSns();
    const record = lambdaSqsRecord({}, snsNotificationBody(attributes));
    expect(record.body).toContain('"MessageAttributes" : {');
    expect(record.body).toContain(`"Type" : "String",\n      "Value" : "00-${producer.traceId}-${producer.spanId}-01"`);
    expect(trace.getSpanContext(extractSnsEnvelopeContext(record))?.traceId).toBe(producer.traceId);
    expect(trace.getSpanContext(extractSqsContext(record))).toBeUndefined();

    const session = runInMessageContext(record, () => activeBaggageValue('session.id'));
    expect(session).toBe(SESSION_ID);
    const consumer = tracing.span('my-queue process');
    expectContinues(consumer, producer);
    expect(consumer.attributes['messaging.system']).toBe('aws_sqs');
  });

  test('SDK ReceiveMessage message: same, with the destination given by the caller', () => {
    const { attributes, producer } = publishedToSns();
    const message = {
      MessageId: '219f8380-5770-4cc2-8c3e-5c715e145f5e',
      ReceiptHandle: 'AQEB…',
      MD5OfBody: 'ignored',
      Body: snsNotificationBody(attributes),
    };
    expect(trace.getSpanContext(extractSnsEnvelopeContext(message))?.spanId).toBe(producer.spanId);
    const session = runInMessageContext(message, () => activeBaggageValue('session.id'), {
      carrier: 'sns-envelope',
      destination: 'orders-queue',
    });
    expect(session).toBe(SESSION_ID);
    expectContinues(tracing.span('orders-queue process'), producer);
  });
});

describe('Lambda SNS event', () => {
  test('child span of the publisher, topic as destination', () => {
    const { attributes, producer } = publishedToSns();
    const event = { Records: [lambdaSnsRecord(attributes)] };
    expect(trace.getSpanContext(extractSnsContext(event.Records[0]!))?.traceId).toBe(producer.traceId);
    const session = runInMessageContext(event.Records[0], () => activeBaggageValue('session.id'));
    expect(session).toBe(SESSION_ID);
    const consumer = tracing.span('sns-lambda process');
    expectContinues(consumer, producer);
    expect(consumer.attributes).toMatchObject({
      'messaging.system': 'aws.sns',
      'messaging.destination.name': 'sns-lambda',
      'messaging.message.id': '95df01b4-ee98-5cb9-9903-4c221d41eb5e',
    });
  });
});

describe('batch of records from different sessions, link mode', () => {
  test('each record: child of the invocation span, linked to its own producer, its own session active', async () => {
    const first = sentToSqs('11111111-1111-4111-8111-111111111111');
    const second = sentToSqs('22222222-2222-4222-8222-222222222222');
    const event = { Records: [lambdaSqsRecord(first.attributes), lambdaSqsRecord(second.attributes)] };
    const tracer = trace.getTracer('lambda-runtime');
    const sessions = await tracer.startActiveSpan('my-queue receive', async (invocation) => {
      const seen: Array<string | undefined> = [];
      for (const record of event.Records) {
        seen.push(
          await runInMessageContext(
            record,
            async () => {
              await new Promise((resolve) => setImmediate(resolve));
              return activeBaggageValue('session.id');
            },
            { link: true },
          ),
        );
      }
      invocation.end();
      return seen;
    });
    expect(sessions).toEqual(['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222']);
    const invocation = tracing.span('my-queue receive');
    const consumers = tracing.finishedSpans().filter((s) => s.name === 'my-queue process');
    expect(consumers.map((c) => c.parentSpanContext?.spanId)).toEqual([
      invocation.spanContext().spanId,
      invocation.spanContext().spanId,
    ]);
    expect(consumers.map((c) => c.links[0]?.context.spanId)).toEqual([first.producer.spanId, second.producer.spanId]);
    expect(consumers.map((c) => c.attributes['session.id'])).toEqual(sessions);
  });
});

describe('errors', () => {
  test('async handler rejection on a Lambda record: exception recorded, status error, rethrown', async () => {
    const { attributes } = sentToSqs();
    await expect(
      runInMessageContext(lambdaSqsRecord(attributes), async () => {
        throw new Error('payment service down');
      }),
    ).rejects.toThrow('payment service down');
    const consumer = tracing.span('my-queue process');
    expect(consumer.status).toEqual({ code: SpanStatusCode.ERROR, message: 'payment service down' });
    expect(consumer.events.map((e) => e.name)).toEqual(['exception']);
  });
});

describe('bad attributes on real event shapes: handler runs in a new trace, no throw', () => {
  const garbage: Array<[string, SentAttributes | Record<string, unknown>]> = [
    ['malformed traceparent', { traceparent: { DataType: 'String', StringValue: '00-not-a-trace-01' } }],
    ['traceparent as a Number', { traceparent: { DataType: 'Number', StringValue: '12345' } }],
    ['Binary attribute without StringValue', { traceparent: { DataType: 'Binary' } }],
    ['attribute value is a number', { traceparent: 7 }],
    ['attribute value is nested', { traceparent: { StringValue: { nested: true } } }],
  ];

  test.each(garbage)('Lambda SQS record: %s', (_label, attributes) => {
    const record = { ...lambdaSqsRecord({}), messageAttributes: attributes };
    expect(runInMessageContext(record, () => 'handled')).toBe('handled');
    expect(tracing.span('my-queue process').parentSpanContext).toBeUndefined();
  });

  test.each(garbage)('SNS envelope: %s', (_label, attributes) => {
    const record = lambdaSqsRecord({}, snsNotificationBody(attributes as SentAttributes));
    expect(runInMessageContext(record, () => 'handled')).toBe('handled');
    expect(tracing.span('my-queue process').parentSpanContext).toBeUndefined();
  });

  test('baggage with bad percent-encoding and over the limits still lets the trace through', () => {
    const { attributes, producer } = sentToSqs();
    const record = lambdaSqsRecord({
      ...attributes,
      baggage: { DataType: 'String', StringValue: `session.id=%E0%A4%A,${'k=v,'.repeat(400)}big=${'x'.repeat(9000)}` },
    });
    expect(runInMessageContext(record, () => activeBaggageValue('session.id'))).toBeUndefined();
    const consumer = tracing.span('my-queue process');
    expect(consumer.parentSpanContext?.spanId).toBe(producer.spanId);
    expect(consumer.attributes['session.id']).toBeUndefined();
  });

  test('an SNS envelope body that is not JSON', () => {
    expect(runInMessageContext(lambdaSqsRecord({}, '{"Type":"Notification",'), () => 'handled')).toBe('handled');
    expect(tracing.span('my-queue process').parentSpanContext).toBeUndefined();
  });
});
