import { context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { describe, expect, test } from 'vitest';
import { produceInSession, SESSION_ID, useQueueTracing } from '../../test/queue-tracing.js';
import {
  extractMessageContext,
  fieldsMissingFrom,
  hasPropagationFields,
  injectedFields,
  readCarrierFields,
  readCarrierValue,
} from './carrier.js';

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

const _tracing = useQueueTracing();

describe('readCarrierValue', () => {
  test.each([
    ['plain string (AMQP, NATS, kafkajs producer)', TRACEPARENT, TRACEPARENT],
    ['Buffer (kafkajs consumer, AMQP byte array)', Buffer.from(TRACEPARENT), TRACEPARENT],
    ['Uint8Array', new TextEncoder().encode('session.id=abc'), 'session.id=abc'],
    ['repeated kafkajs header: first', [Buffer.from('a'), Buffer.from('b')], 'a'],
    ['SQS SDK attribute', { DataType: 'String', StringValue: TRACEPARENT }, TRACEPARENT],
    [
      'Lambda SQS attribute',
      { stringValue: TRACEPARENT, stringListValues: [], binaryListValues: [], dataType: 'String' },
      TRACEPARENT,
    ],
    ['SNS envelope / Lambda SNS attribute', { Type: 'String', Value: TRACEPARENT }, TRACEPARENT],
    ['SQS Number attribute still has text', { DataType: 'Number', StringValue: '42' }, '42'],
    ['SQS custom String type', { DataType: 'String.trace', StringValue: TRACEPARENT }, TRACEPARENT],
    [
      'SQS Binary attribute without StringValue',
      { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2]) },
      undefined,
    ],
    ['SNS envelope Binary attribute (base64 text)', { Type: 'Binary', Value: 'AAEC' }, undefined],
    ['Lambda Binary attribute', { dataType: 'Binary', binaryValue: 'AAEC' }, undefined],
    ['number', 42, undefined],
    ['boolean', true, undefined],
    ['null', null, undefined],
    ['undefined', undefined, undefined],
    ['nested object', { StringValue: { nested: TRACEPARENT } }, undefined],
    ['empty list', [], undefined],
  ])('%s', (_label, value, expected) => {
    expect(readCarrierValue(value)).toBe(expected);
  });
});

describe('readCarrierFields', () => {
  test('lower-cases names and merges the same name in different cases', () => {
    const fields = readCarrierFields({ TraceParent: TRACEPARENT, Baggage: 'a=1', baggage: Buffer.from('b=2') });
    expect([...fields]).toEqual([
      ['traceparent', [TRACEPARENT]],
      ['baggage', ['a=1', 'b=2']],
    ]);
  });

  test('reads Maps and nats-style iterables of [name, values[]]', () => {
    expect(readCarrierFields(new Map([['traceparent', [TRACEPARENT]]])).get('traceparent')).toEqual([TRACEPARENT]);
    const natsLike = {
      *[Symbol.iterator]() {
        yield ['Baggage', ['session.id=abc']];
        yield 'not a pair';
      },
    };
    expect([...readCarrierFields(natsLike)]).toEqual([['baggage', ['session.id=abc']]]);
  });

  test.each([
    ['undefined', undefined],
    ['a string', 'traceparent'],
    ['a number', 7],
    ['an array', [['traceparent', TRACEPARENT]]],
    ['only garbage values', { traceparent: 42, baggage: { deep: { deeper: 'x' } }, tracestate: null }],
  ])('garbage carrier (%s) yields no fields', (_label, carrier) => {
    expect(readCarrierFields(carrier).size).toBe(0);
  });

  test('a carrier whose iterator throws yields no fields instead of throwing', () => {
    const hostile = {
      [Symbol.iterator]() {
        throw new Error('boom');
      },
    };
    expect(readCarrierFields(hostile).size).toBe(0);
  });
});

describe('extractMessageContext', () => {
  test('reads trace context and baggage through the global propagator, names in any case', () => {
    const extracted = extractMessageContext(
      readCarrierFields({ TRACEPARENT: TRACEPARENT, BAGGAGE: `session.id=${SESSION_ID}` }),
    );
    expect(trace.getSpanContext(extracted)).toMatchObject({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      isRemote: true,
    });
    expect(propagation.getBaggage(extracted)?.getEntry('session.id')?.value).toBe(SESSION_ID);
  });

  test('no fields: ROOT_CONTEXT', () => {
    expect(extractMessageContext(readCarrierFields({}))).toBe(ROOT_CONTEXT);
  });

  test('two baggage headers merge (W3C baggage allows several)', () => {
    const extracted = extractMessageContext(readCarrierFields({ baggage: [Buffer.from('a=1'), Buffer.from('b=2')] }));
    expect(propagation.getBaggage(extracted)?.getAllEntries()).toEqual([
      ['a', { value: '1' }],
      ['b', { value: '2' }],
    ]);
  });
});

describe('injectedFields', () => {
  test('what the registered propagator writes for the context, in its order', () => {
    const { result, producer } = produceInSession(SESSION_ID, (_span, active) => injectedFields(active));
    expect(result).toEqual([
      ['traceparent', `00-${producer.traceId}-${producer.spanId}-01`],
      ['baggage', `session.id=${SESSION_ID}`],
    ]);
  });

  test('nothing active: nothing written', () => {
    expect(injectedFields(context.active())).toEqual([]);
  });

  test('hasPropagationFields knows the registered propagator’s fields', () => {
    expect(hasPropagationFields(readCarrierFields({ Baggage: 'a=1' }))).toBe(true);
    expect(hasPropagationFields(readCarrierFields({ 'x-app': 'a=1' }))).toBe(false);
  });
});

test.each([
  [[], ['traceparent', 'baggage']],
  [['TraceParent'], ['baggage']],
  [['traceparent', 'BAGGAGE', 'other'], []],
])('fieldsMissingFrom(%j) keeps the app’s own headers', (existing, expected) => {
  const fields = [
    ['traceparent', TRACEPARENT],
    ['baggage', 'a=1'],
  ] as const;
  expect(fieldsMissingFrom(existing, fields).map(([name]) => name)).toEqual(expected);
});
