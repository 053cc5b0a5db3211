import fc from 'fast-check';
import { beforeEach, describe, expect, test } from 'vitest';
import { produceInSession, SESSION_ID, useQueueTracing } from '../../test/queue-tracing.js';
import {
  AWS_MAX_MESSAGE_ATTRIBUTES,
  type AwsMessageAttributes,
  forgetReportedOmissions,
  isAwsAttributeName,
  planPropagationAttributes,
  withPropagationAttributes,
} from './aws-message-attributes.js';

const tracing = useQueueTracing();
beforeEach(() => {
  tracing.reset();
  forgetReportedOmissions();
});

// What a W3C + B3 + Datadog propagator writes, in that propagator order.
const FIELDS = [
  ['tracestate', 'rojo=00f067aa0ba902b7'],
  ['b3', '0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-1'],
  ['x-datadog-trace-id', '9532127138774266268'],
  ['baggage', 'session.id=8f14e45f-ceea-4e7a-9a3b-2c4d5e6f7a8b'],
  ['traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'],
] as const;

const appAttributes = (count: number) => Array.from({ length: count }, (_, i) => `app${i}`);

describe('planPropagationAttributes', () => {
  test.each([
    [0, ['traceparent', 'baggage', 'tracestate', 'b3', 'x-datadog-trace-id'], []],
    [6, ['traceparent', 'baggage', 'tracestate', 'b3'], ['x-datadog-trace-id']],
    [8, ['traceparent', 'baggage'], ['tracestate', 'b3', 'x-datadog-trace-id']],
    [9, ['traceparent'], ['baggage', 'tracestate', 'b3', 'x-datadog-trace-id']],
    [10, [], ['traceparent', 'baggage', 'tracestate', 'b3', 'x-datadog-trace-id']],
    [12, [], ['traceparent', 'baggage', 'tracestate', 'b3', 'x-datadog-trace-id']],
  ])('%i app attributes: adds %j, leaves out %j', (count, added, omitted) => {
    const plan = planPropagationAttributes(appAttributes(count), FIELDS);
    expect(plan.added.map(([name]) => name)).toEqual(added);
    expect(plan.omitted).toEqual(omitted);
  });

  test('an app attribute with a propagation name (any case) is kept and takes no second slot', () => {
    const plan = planPropagationAttributes(['Traceparent', ...appAttributes(8)], FIELDS);
    expect(plan.added.map(([name]) => name)).toEqual(['baggage']);
    expect(plan.omitted).toEqual(['tracestate', 'b3', 'x-datadog-trace-id']);
  });

  test('a field name AWS rejects is never sent', () => {
    const plan = planPropagationAttributes([], [['uber-trace-id:bad', 'x'], ...FIELDS]);
    expect(plan.invalidNames).toEqual(['uber-trace-id:bad']);
    expect(plan.added).toHaveLength(5);
  });

  test('property: never over the limit, never an app name, priority kept, every field accounted for', () => {
    const name = fc.oneof(
      fc.constantFrom('traceparent', 'TraceParent', 'baggage', 'BAGGAGE', 'tracestate', 'b3', 'x-datadog-parent-id'),
      fc.stringMatching(/^[a-z][a-z0-9_-]{0,11}$/),
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(name, { maxLength: 14, selector: (n) => n.toLowerCase() }),
        fc.uniqueArray(fc.tuple(name, fc.string({ minLength: 1, maxLength: 5 })), {
          maxLength: 8,
          selector: ([n]) => n.toLowerCase(),
        }),
        (existing, fields) => {
          const plan = planPropagationAttributes(existing, fields);
          const added = plan.added.map(([n]) => n);
          expect(existing.length + added.length).toBeLessThanOrEqual(Math.max(existing.length, 10));
          const taken = new Set(existing.map((n) => n.toLowerCase()));
          for (const n of added) expect(taken.has(n.toLowerCase())).toBe(false);
          const eligible = fields.map(([n]) => n).filter((n) => !taken.has(n.toLowerCase()));
          expect([...added, ...plan.omitted, ...plan.invalidNames].sort()).toEqual([...eligible].sort());
          // traceparent, then baggage, go first: nothing is added while either of them is left out.
          const first = ['traceparent', 'baggage'].filter((n) => eligible.some((e) => e.toLowerCase() === n));
          expect(added.slice(0, first.length).map((n) => n.toLowerCase())).toEqual(
            first.slice(0, Math.min(first.length, added.length)),
          );
        },
      ),
    );
  });
});

test.each([
  ['traceparent', true],
  ['x-datadog-trace-id', true],
  ['X-B3-TraceId', true],
  ['ot.tracer.traceid', true],
  ['uber-trace-id:x', false],
  ['AWS.traceparent', false],
  ['amazon.baggage', false],
  ['.leading', false],
  ['trailing.', false],
  ['double..dot', false],
  ['', false],
  ['a'.repeat(257), false],
])('isAwsAttributeName(%j) = %s', (name, valid) => {
  expect(isAwsAttributeName(name)).toBe(valid);
});

describe('withPropagationAttributes', () => {
  const attributes = (count: number): AwsMessageAttributes =>
    Object.fromEntries(appAttributes(count).map((n) => [n, { DataType: 'String', StringValue: n }]));

  test('9 app attributes: traceparent only, app attributes untouched, one warning however many messages', () => {
    const { result, producer } = produceInSession(SESSION_ID, (_span, active) => [
      withPropagationAttributes(attributes(9), 'SQS', active),
      withPropagationAttributes(attributes(9), 'SQS', active),
    ]);
    for (const sent of result) {
      expect(Object.keys(sent ?? {})).toHaveLength(AWS_MAX_MESSAGE_ATTRIBUTES);
      expect(sent).toEqual({
        ...attributes(9),
        traceparent: { DataType: 'String', StringValue: `00-${producer.traceId}-${producer.spanId}-01` },
      });
    }
    const warnings = tracing.diagMessages.filter((m) => m.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toContain('SQS message already has 9 of its 10 message attributes');
    expect(warnings[0]?.message).toContain('left out propagation field(s) baggage');
  });

  test('10 app attributes: the very same object back, one warning', () => {
    const full = attributes(10);
    const { result } = produceInSession(SESSION_ID, (_span, active) => withPropagationAttributes(full, 'SNS', active));
    expect(result).toBe(full);
    expect(tracing.diagMessages.filter((m) => m.level === 'warn').map((m) => m.message)).toEqual([
      expect.stringContaining('left out propagation field(s) traceparent, baggage'),
    ]);
  });

  test('nothing to propagate: attributes unchanged, no warning', () => {
    const full = attributes(10);
    expect(withPropagationAttributes(full, 'SQS')).toBe(full);
    expect(withPropagationAttributes(undefined, 'SQS')).toBeUndefined();
    expect(tracing.diagMessages.filter((m) => m.level === 'warn')).toEqual([]);
  });
});
