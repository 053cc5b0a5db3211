/**
 * The local SQS endpoint spoken to by the real @aws-sdk/client-sqs (its serializer, MD5 checks and error parsing),
 * and by raw HTTP for the input a real SDK would never send.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DeleteMessageCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalSqs, startLocalSqs } from './local-sqs-endpoint.js';

let dataDir: string;
let sqs: LocalSqs;
let client: SQSClient;
let queueUrl: string;

const start = async () => {
  sqs = await startLocalSqs({ port: 0, dataDir, queueNames: ['orders'] });
  queueUrl = sqs.queueUrl('orders');
  client = new SQSClient({
    endpoint: sqs.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
};
const receive = (input: { WaitTimeSeconds?: number; VisibilityTimeout?: number } = {}) =>
  client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MessageAttributeNames: ['All'], ...input }));

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'local-sqs-'));
  await start();
});
afterEach(async () => {
  client.destroy();
  await sqs.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('with @aws-sdk/client-sqs', () => {
  it('sends, receives with attributes, and deletes', async () => {
    const sent = await client.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: '{"orderId":"o-1"}',
        MessageAttributes: {
          traceparent: { DataType: 'String', StringValue: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
        },
      }),
    );
    expect(sent.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    const { Messages } = await receive();
    expect(Messages).toEqual([
      expect.objectContaining({
        MessageId: sent.MessageId,
        Body: '{"orderId":"o-1"}',
        MessageAttributes: {
          traceparent: { DataType: 'String', StringValue: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
        },
      }),
    ]);
    await client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: Messages![0]!.ReceiptHandle }));
    expect((await receive()).Messages ?? []).toEqual([]);
  });

  it('hides a received message for its visibility timeout, then delivers it again', async () => {
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'again' }));
    const first = (await receive({ VisibilityTimeout: 1 })).Messages!;
    expect((await receive()).Messages ?? []).toEqual([]); // in flight: nobody else gets it
    // A long poll wakes when the message becomes visible again, about a second later.
    const second = (await receive({ WaitTimeSeconds: 5 })).Messages!;
    expect(second[0]).toMatchObject({ MessageId: first[0]!.MessageId, Attributes: { ApproximateReceiveCount: '2' } });
    expect(second[0]!.ReceiptHandle).not.toBe(first[0]!.ReceiptHandle);
    // Only the newest receipt handle deletes it.
    await expect(
      client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: first[0]!.ReceiptHandle })),
    ).rejects.toThrow(/newest handle/);
  });

  it('answers a waiting long poll as soon as a message is sent', async () => {
    const polling = receive({ WaitTimeSeconds: 20 });
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'wake up' }));
    expect((await polling).Messages?.[0]?.Body).toBe('wake up');
  });

  it('keeps undeleted messages across a restart, and forgets deleted ones', async () => {
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'kept' }));
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'deleted' }));
    const received = (await receive({ VisibilityTimeout: 60 })).Messages!;
    const deleted = (await receive({ VisibilityTimeout: 60 })).Messages!;
    expect([received[0]!.Body, deleted[0]!.Body]).toEqual(['kept', 'deleted']);
    await client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: deleted[0]!.ReceiptHandle }));
    await sqs.stop();
    client.destroy();
    await start();
    // In flight before the restart, visible again after it (as when a consumer's visibility timeout runs out).
    expect((await receive()).Messages!.map((message) => message.Body)).toEqual(['kept']);
  });

  it('resolves the queue URL by name', async () => {
    expect((await client.send(new GetQueueUrlCommand({ QueueName: 'orders' }))).QueueUrl).toBe(queueUrl);
  });

  it.each([
    [
      'an unknown queue',
      { QueueUrl: `${'http://127.0.0.1:1'}/000000000000/payments`, MessageBody: 'x' },
      'QueueDoesNotExist',
      /does not exist/,
    ],
    ['an empty body', { QueueUrl: 'QUEUE', MessageBody: '' }, 'InvalidParameterValue', /non-empty MessageBody/],
    [
      'a control character in the body',
      { QueueUrl: 'QUEUE', MessageBody: 'a\u0000b' },
      'InvalidMessageContents',
      /Invalid binary character/,
    ],
    [
      'an AWS-reserved attribute name',
      {
        QueueUrl: 'QUEUE',
        MessageBody: 'x',
        MessageAttributes: { 'AWS.trace': { DataType: 'String', StringValue: 'v' } },
      },
      'InvalidAttributeName',
      /AWS\.trace/,
    ],
    [
      'a delay over 15 minutes',
      { QueueUrl: 'QUEUE', MessageBody: 'x', DelaySeconds: 901 },
      'InvalidParameterValue',
      /DelaySeconds/,
    ],
  ])('refuses %s with an error the SDK names', async (_, input, name, message) => {
    const request = { ...input, QueueUrl: input.QueueUrl === 'QUEUE' ? queueUrl : input.QueueUrl };
    const error = await client.send(new SendMessageCommand(request)).catch((e: Error) => e);
    expect(error).toMatchObject({ name, message: expect.stringMatching(message), $metadata: { httpStatusCode: 400 } });
  });

  it('refuses eleven message attributes (SQS allows ten)', async () => {
    const attributes = Object.fromEntries(
      Array.from({ length: 11 }, (_, i) => [`a${i}`, { DataType: 'String', StringValue: 'v' }]),
    );
    await expect(
      client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'x', MessageAttributes: attributes })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message: expect.stringMatching(/exceeds the allowed maximum \[10\]/),
    });
  });

  it('refuses a receipt handle it never gave', async () => {
    await expect(
      client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: 'not-a-handle' })),
    ).rejects.toMatchObject({ name: 'ReceiptHandleIsInvalid' });
  });
});

describe('raw HTTP input no SDK sends', () => {
  const post = (target: string | undefined, body: string) =>
    fetch(sqs.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', ...(target ? { 'x-amz-target': target } : {}) },
      body,
    });

  it.each([
    ['no X-Amz-Target', undefined, '{}', 'UnsupportedOperation', /X-Amz-Target null is not supported/],
    ['an unknown action', 'AmazonSQS.PurgeQueue', '{}', 'UnsupportedOperation', /AmazonSQS\.SendMessage/],
    ['a body that is not JSON', 'AmazonSQS.SendMessage', '{oops', 'SerializationException', /not valid JSON/],
    ['a JSON array', 'AmazonSQS.SendMessage', '[]', 'SerializationException', /JSON object/],
    ['a missing QueueUrl', 'AmazonSQS.ReceiveMessage', '{}', 'MissingParameter', /QueueUrl/],
    ['a QueueUrl that is no URL', 'AmazonSQS.ReceiveMessage', '{"QueueUrl":"orders"}', 'InvalidAddress', /not valid/],
    ['a wait over 20 s', 'AmazonSQS.ReceiveMessage', 'WAIT', 'InvalidParameterValue', /WaitTimeSeconds/],
  ])('answers %s with a 400 and a JSON error', async (_, target, body, type, message) => {
    const text = body === 'WAIT' ? JSON.stringify({ QueueUrl: queueUrl, WaitTimeSeconds: 21 }) : body;
    const response = await post(target, text);
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-query-error')).toMatch(/;Sender$/);
    expect(await response.json()).toEqual({
      __type: `com.amazonaws.sqs#${type}`,
      message: expect.stringMatching(message),
    });
  });

  it('refuses a body over 1 MiB without reading it all', async () => {
    const response = await post(
      'AmazonSQS.SendMessage',
      JSON.stringify({ QueueUrl: queueUrl, MessageBody: 'x'.repeat(2 * 1024 * 1024) }),
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(/larger than/);
  });
});
