/**
 * The queue helpers under @rumlink/node's default propagator set (W3C trace context + W3C baggage + B3 + Datadog)
 * instead of the plain W3C pair the other queue tests use: they go through whatever the app registered. That set
 * writes up to 8 fields, Datadog first (it is composed in reverse so the first listed wins on extraction), so the
 * SQS/SNS 10-attribute priority decides what a busy message keeps.
 */
import { propagation, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { defaultPropagators } from '../src/propagation/propagators.js';
import { forgetReportedOmissions } from '../src/queues/aws-message-attributes.js';
import { injectKafkaHeaders, injectSqsMessageAttributes, runInMessageContext } from '../src/queues/index.js';
import { lambdaSqsRecord } from './queue-aws-fixtures.js';
import {
  activeBaggageValue,
  produceInSession,
  type QueueTracing,
  SESSION_ID,
  startQueueTracing,
} from './queue-tracing.js';

let tracing: QueueTracing;
beforeAll(() => {
  tracing = startQueueTracing();
  propagation.disable();
  propagation.setGlobalPropagator(defaultPropagators());
});
afterAll(() => tracing.stop());
beforeEach(() => {
  tracing.reset();
  forgetReportedOmissions();
});

const appAttributes = (count: number) =>
  Object.fromEntries(
    Array.from({ length: count }, (_, i) => [`app${i}`, { DataType: 'String', StringValue: `v${i}` }]),
  );

test('every field fits on an empty SQS message, traceparent and baggage first', () => {
  const { result } = produceInSession(SESSION_ID, () => injectSqsMessageAttributes({ MessageBody: 'x' }));
  const names = Object.keys(result.MessageAttributes ?? {});
  expect(names.slice(0, 2)).toEqual(['traceparent', 'baggage']);
  expect(names).toEqual(expect.arrayContaining(['b3', 'x-datadog-trace-id', 'x-datadog-parent-id']));
  expect(names.length).toBeLessThanOrEqual(10);
});

test('7 app attributes: traceparent, baggage and one more; the rest reported once', () => {
  const { result, producer } = produceInSession(SESSION_ID, () =>
    injectSqsMessageAttributes({ MessageBody: 'x', MessageAttributes: appAttributes(7) }),
  );
  const attributes = result.MessageAttributes ?? {};
  expect(Object.keys(attributes)).toHaveLength(10);
  expect(Object.keys(attributes).slice(7, 9)).toEqual(['traceparent', 'baggage']);
  const warnings = tracing.diagMessages.filter((m) => m.level === 'warn');
  expect(warnings).toHaveLength(1);
  expect(warnings[0]?.message).toMatch(/left out propagation field\(s\) .*x-datadog/);

  // And the Lambda consumer still continues the trace with the session.
  const session = runInMessageContext(lambdaSqsRecord(attributes), () => activeBaggageValue('session.id'));
  expect(session).toBe(SESSION_ID);
  expect(tracing.span('my-queue process').parentSpanContext?.spanId).toBe(producer.spanId);
});

test('Datadog and B3 headers alone (no traceparent) still continue the trace', () => {
  const { result, producer } = produceInSession(SESSION_ID, () => injectKafkaHeaders({ value: 'x' }));
  const { traceparent: _dropped, ...withoutW3c } = result.headers;
  const headers = Object.fromEntries(Object.entries(withoutW3c).map(([k, v]) => [k, Buffer.from(String(v))]));
  const traceId = runInMessageContext(
    { offset: '1', value: null, headers },
    () => trace.getActiveSpan()?.spanContext().traceId,
  );
  expect(traceId).toBe(producer.traceId);
});
