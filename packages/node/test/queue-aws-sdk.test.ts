/**
 * The real AWS SDK v3 clients serialize what `inject…Attributes` adds. The only thing replaced is the HTTP handler,
 * the SDK's lowest layer: it keeps the `HttpRequest` the SDK would send and answers like AWS would (with the body
 * MD5 the SQS client checks), so serialization, signing and response parsing are the SDK's own.
 */
import { createHash } from 'node:crypto';
import { PublishBatchCommand, PublishCommand, type PublishInput, SNSClient } from '@aws-sdk/client-sns';
import {
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SendMessageRequest,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { SpanKind } from '@opentelemetry/api';
import { beforeEach, describe, expect, test } from 'vitest';
import { forgetReportedOmissions } from '../src/queues/aws-message-attributes.js';
import {
  extractSqsContext,
  injectSnsBatchAttributes,
  injectSnsMessageAttributes,
  injectSqsBatchAttributes,
  injectSqsMessageAttributes,
  runInMessageContext,
} from '../src/queues/index.js';
import { receiveMessageResponse, type SentAttributes } from './queue-aws-fixtures.js';
import { activeBaggageValue, produceInSession, SESSION_ID, useQueueTracing } from './queue-tracing.js';

interface SentRequest {
  method: string;
  hostname: string;
  headers: Record<string, string>;
  body: string;
}

/** An HTTP handler that records requests and answers with `respond(body)` (status 200). */
function cannedAws(contentType: string, respond: (request: SentRequest) => string) {
  const sent: SentRequest[] = [];
  const requestHandler = {
    async handle(request: { method: string; hostname: string; headers: Record<string, string>; body?: unknown }) {
      const body =
        request.body instanceof Uint8Array ? new TextDecoder().decode(request.body) : String(request.body ?? '');
      const captured = { method: request.method, hostname: request.hostname, headers: request.headers, body };
      sent.push(captured);
      return {
        response: {
          statusCode: 200,
          headers: { 'content-type': contentType },
          body: Buffer.from(respond(captured)),
        },
      };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
  };
  return { sent, requestHandler };
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const awsConfig = { region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } };
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/orders';
const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:orders';

/** SQS JSON protocol answers: message ids plus the body MD5s the client verifies. */
function sqsEndpoint(receiveBody?: string) {
  return cannedAws('application/x-amz-json-1.0', (request) => {
    const target = request.headers['x-amz-target'];
    const input = JSON.parse(request.body) as {
      MessageBody?: string;
      Entries?: Array<{ Id: string; MessageBody: string }>;
    };
    if (target === 'AmazonSQS.SendMessage') {
      return JSON.stringify({ MessageId: 'sent-1', MD5OfMessageBody: md5(input.MessageBody ?? '') });
    }
    if (target === 'AmazonSQS.SendMessageBatch') {
      return JSON.stringify({
        Successful: (input.Entries ?? []).map((e) => ({
          Id: e.Id,
          MessageId: `sent-${e.Id}`,
          MD5OfMessageBody: md5(e.MessageBody),
        })),
        Failed: [],
      });
    }
    if (target === 'AmazonSQS.ReceiveMessage' && receiveBody !== undefined) return receiveBody;
    throw new Error(`unexpected SQS call ${target}`);
  });
}

/** SNS query protocol answers (XML). */
function snsEndpoint() {
  return cannedAws('text/xml', (request) => {
    const form = new URLSearchParams(request.body);
    const ns = 'xmlns="http://sns.amazonaws.com/doc/2010-03-31/"';
    const metadata = '<ResponseMetadata><RequestId>f187a3c1-376f-11df-8963-01868b7c937a</RequestId></ResponseMetadata>';
    if (form.get('Action') === 'Publish') {
      return `<PublishResponse ${ns}><PublishResult><MessageId>94f20ce6-13c5-43a0-9a9e-ca52d816e90b</MessageId></PublishResult>${metadata}</PublishResponse>`;
    }
    const ids = [...form.keys()].filter((k) => /^PublishBatchRequestEntries\.member\.\d+\.Id$/.test(k));
    const members = ids
      .map((k) => `<member><Id>${form.get(k)}</Id><MessageId>m-${form.get(k)}</MessageId></member>`)
      .join('');
    return `<PublishBatchResponse ${ns}><PublishBatchResult><Successful>${members}</Successful><Failed/></PublishBatchResult>${metadata}</PublishBatchResponse>`;
  });
}

const appAttributes = (count: number): SentAttributes =>
  Object.fromEntries(
    Array.from({ length: count }, (_, i) => [`app${i}`, { DataType: 'String', StringValue: `v${i}` }]),
  );

/** The `name → StringValue` pairs of an SNS query-protocol form under `prefix` (`MessageAttributes`). */
function snsFormAttributes(form: URLSearchParams, prefix: string): Record<string, [string | null, string | null]> {
  const attributes: Record<string, [string | null, string | null]> = {};
  for (const [key, name] of form) {
    const match = key.match(new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.entry\\.(\\d+)\\.Name$`));
    if (!match) continue;
    const entry = `${prefix}.entry.${match[1]}.Value`;
    attributes[name] = [form.get(`${entry}.DataType`), form.get(`${entry}.StringValue`)];
  }
  return attributes;
}

const tracing = useQueueTracing();
beforeEach(() => {
  tracing.reset();
  forgetReportedOmissions();
});

describe('SQS (AWS JSON 1.0 protocol)', () => {
  test('SendMessage: the serialized body carries traceparent and baggage as String attributes', async () => {
    const { sent, requestHandler } = sqsEndpoint();
    const sqs = new SQSClient({ ...awsConfig, requestHandler });
    const { result, producer } = produceInSession(SESSION_ID, () =>
      sqs.send(
        new SendMessageCommand(
          injectSqsMessageAttributes({
            QueueUrl: QUEUE_URL,
            MessageBody: '{"order":1}',
            MessageAttributes: { tenant: { DataType: 'String', StringValue: 'acme' } },
          }),
        ),
      ),
    );
    expect((await result).MessageId).toBe('sent-1');
    const [request] = sent;
    expect(request?.headers['x-amz-target']).toBe('AmazonSQS.SendMessage');
    expect(request?.headers['content-type']).toBe('application/x-amz-json-1.0');
    const traceparent = `00-${producer.traceId}-${producer.spanId}-01`;
    expect(request?.body).toContain(
      `"MessageAttributes":{"tenant":{"DataType":"String","StringValue":"acme"},` +
        `"traceparent":{"DataType":"String","StringValue":"${traceparent}"},` +
        `"baggage":{"DataType":"String","StringValue":"session.id=${SESSION_ID}"}}`,
    );
  });

  test('SendMessageBatch: every entry carries them', async () => {
    const { sent, requestHandler } = sqsEndpoint();
    const sqs = new SQSClient({ ...awsConfig, requestHandler });
    const { result, producer } = produceInSession(SESSION_ID, () =>
      sqs.send(
        new SendMessageBatchCommand(
          injectSqsBatchAttributes({
            QueueUrl: QUEUE_URL,
            Entries: [
              { Id: '1', MessageBody: 'first' },
              { Id: '2', MessageBody: 'second', MessageAttributes: appAttributes(9) },
            ],
          }),
        ),
      ),
    );
    expect((await result).Successful?.map((s) => s.MessageId)).toEqual(['sent-1', 'sent-2']);
    const body = JSON.parse(sent[0]?.body ?? '') as { Entries: SendMessageRequest[] };
    const traceparent = { DataType: 'String', StringValue: `00-${producer.traceId}-${producer.spanId}-01` };
    expect(body.Entries[0]?.MessageAttributes).toEqual({
      traceparent,
      baggage: { DataType: 'String', StringValue: `session.id=${SESSION_ID}` },
    });
    expect(body.Entries[1]?.MessageAttributes).toEqual({ ...appAttributes(9), traceparent });
  });

  test('9 app attributes: traceparent only (baggage left out, one warning); 10: sent unchanged', async () => {
    const { sent, requestHandler } = sqsEndpoint();
    const sqs = new SQSClient({ ...awsConfig, requestHandler });
    const nine: SendMessageRequest = { QueueUrl: QUEUE_URL, MessageBody: 'nine', MessageAttributes: appAttributes(9) };
    const ten: SendMessageRequest = { QueueUrl: QUEUE_URL, MessageBody: 'ten', MessageAttributes: appAttributes(10) };
    const { result, producer } = produceInSession(SESSION_ID, () => {
      const nineInput = injectSqsMessageAttributes(nine);
      const tenInput = injectSqsMessageAttributes(ten);
      expect(tenInput).toBe(ten);
      return Promise.all([
        sqs.send(new SendMessageCommand(nineInput)),
        sqs.send(new SendMessageCommand(injectSqsMessageAttributes(nine))),
        sqs.send(new SendMessageCommand(tenInput)),
      ]);
    });
    await result;
    const bodies = sent.map((r) => JSON.parse(r.body) as SendMessageRequest);
    const nineSent = {
      ...appAttributes(9),
      traceparent: { DataType: 'String', StringValue: `00-${producer.traceId}-${producer.spanId}-01` },
    };
    expect(bodies.map((b) => b.MessageAttributes)).toEqual([nineSent, nineSent, appAttributes(10)]);
    expect(nine.MessageAttributes).toEqual(appAttributes(9)); // the app's input object is not mutated
    expect(tracing.diagMessages.filter((m) => m.level === 'warn').map((m) => m.message)).toEqual([
      expect.stringContaining('left out propagation field(s) baggage'),
      expect.stringContaining('left out propagation field(s) traceparent, baggage'),
    ]);
  });

  test('an app attribute named like a propagation field is never overwritten', () => {
    const { result } = produceInSession(SESSION_ID, () =>
      injectSqsMessageAttributes({
        QueueUrl: QUEUE_URL,
        MessageBody: 'x',
        MessageAttributes: { traceparent: { DataType: 'String', StringValue: 'app-owned' } },
      }),
    );
    expect(result.MessageAttributes?.traceparent).toEqual({ DataType: 'String', StringValue: 'app-owned' });
    expect(Object.keys(result.MessageAttributes ?? {})).toEqual(['traceparent', 'baggage']);
  });

  test('ReceiveMessage output, parsed by the SDK, restores the producer’s context', async () => {
    const { result: attributes, producer } = produceInSession(
      SESSION_ID,
      () => injectSqsMessageAttributes({ QueueUrl: QUEUE_URL, MessageBody: 'x' }).MessageAttributes ?? {},
    );
    const { requestHandler } = sqsEndpoint(receiveMessageResponse(attributes));
    const sqs = new SQSClient({ ...awsConfig, requestHandler });
    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: QUEUE_URL, MessageAttributeNames: ['All'], MaxNumberOfMessages: 1 }),
    );
    const message = received.Messages?.[0];
    expect(message?.MessageAttributes?.baggage?.StringValue).toBe(`session.id=${SESSION_ID}`);
    expect(extractSqsContext(message ?? {})).not.toBeUndefined();

    const session = runInMessageContext(message, () => activeBaggageValue('session.id'), { destination: 'orders' });
    const consumer = tracing.span('orders process');
    expect(session).toBe(SESSION_ID);
    expect(consumer.kind).toBe(SpanKind.CONSUMER);
    expect(consumer.spanContext().traceId).toBe(producer.traceId);
    expect(consumer.parentSpanContext?.spanId).toBe(producer.spanId);
    expect(consumer.attributes).toMatchObject({
      'messaging.system': 'aws_sqs',
      'messaging.destination.name': 'orders',
      'messaging.message.id': '219f8380-5770-4cc2-8c3e-5c715e145f5e',
      'session.id': SESSION_ID,
    });
  });
});

describe('SNS (AWS query protocol)', () => {
  test('Publish: MessageAttributes.entry.N form fields carry traceparent and baggage', async () => {
    const { sent, requestHandler } = snsEndpoint();
    const sns = new SNSClient({ ...awsConfig, requestHandler });
    const { result, producer } = produceInSession(SESSION_ID, () =>
      sns.send(new PublishCommand(injectSnsMessageAttributes({ TopicArn: TOPIC_ARN, Message: '{"order":1}' }))),
    );
    expect((await result).MessageId).toBe('94f20ce6-13c5-43a0-9a9e-ca52d816e90b');
    const request = sent[0];
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const traceparent = `00-${producer.traceId}-${producer.spanId}-01`;
    expect(request?.body).toContain(
      'MessageAttributes.entry.1.Name=traceparent&MessageAttributes.entry.1.Value.DataType=String' +
        `&MessageAttributes.entry.1.Value.StringValue=${traceparent}` +
        '&MessageAttributes.entry.2.Name=baggage&MessageAttributes.entry.2.Value.DataType=String' +
        `&MessageAttributes.entry.2.Value.StringValue=session.id%3D${SESSION_ID}`,
    );
    const form = new URLSearchParams(request?.body);
    expect(form.get('Action')).toBe('Publish');
    expect(snsFormAttributes(form, 'MessageAttributes')).toEqual({
      traceparent: ['String', traceparent],
      baggage: ['String', `session.id=${SESSION_ID}`],
    });
  });

  test('PublishBatch: every entry carries them; a full entry is sent unchanged', async () => {
    const { sent, requestHandler } = snsEndpoint();
    const sns = new SNSClient({ ...awsConfig, requestHandler });
    const full: PublishInput['MessageAttributes'] = appAttributes(10);
    const { result, producer } = produceInSession(SESSION_ID, () =>
      sns.send(
        new PublishBatchCommand(
          injectSnsBatchAttributes({
            TopicArn: TOPIC_ARN,
            PublishBatchRequestEntries: [
              { Id: 'a', Message: 'first' },
              { Id: 'b', Message: 'second', MessageAttributes: full },
            ],
          }),
        ),
      ),
    );
    expect((await result).Successful?.map((s) => s.Id)).toEqual(['a', 'b']);
    const form = new URLSearchParams(sent[0]?.body);
    expect(form.get('Action')).toBe('PublishBatch');
    const traceparent = `00-${producer.traceId}-${producer.spanId}-01`;
    expect(sent[0]?.body).toContain(
      'PublishBatchRequestEntries.member.1.MessageAttributes.entry.1.Name=traceparent' +
        '&PublishBatchRequestEntries.member.1.MessageAttributes.entry.1.Value.DataType=String' +
        `&PublishBatchRequestEntries.member.1.MessageAttributes.entry.1.Value.StringValue=${traceparent}`,
    );
    expect(snsFormAttributes(form, 'PublishBatchRequestEntries.member.1.MessageAttributes')).toEqual({
      traceparent: ['String', traceparent],
      baggage: ['String', `session.id=${SESSION_ID}`],
    });
    expect(snsFormAttributes(form, 'PublishBatchRequestEntries.member.2.MessageAttributes')).toEqual(
      Object.fromEntries(Object.entries(appAttributes(10)).map(([name, v]) => [name, ['String', v.StringValue]])),
    );
    expect(tracing.diagMessages.filter((m) => m.level === 'warn')).toHaveLength(1);
  });
});
