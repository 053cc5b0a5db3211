/**
 * A small SQS-compatible HTTP endpoint (AWS JSON 1.0 protocol, what @aws-sdk/client-sqs 3.x speaks) so that the
 * demo runs the exact `@aws-sdk/client-sqs` code it would run against AWS, with nothing but Node installed.
 * Actions: SendMessage, ReceiveMessage (with long polling and visibility timeouts), DeleteMessage, GetQueueUrl.
 * Signatures are not checked: it listens on loopback and holds demo data only.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { isReceiptHandle, type MessageJournal, openMessageJournal, type QueuedMessage } from './message-journal.js';
import { invalidParameter, SqsError } from './sqs-error.js';
import { parseDeleteMessage, parseReceiveMessage, parseSendMessage, selectAttributes } from './sqs-requests.js';

export interface LocalSqsOptions {
  host?: string;
  port: number;
  /** The journals live in `<dataDir>/<queue>.jsonl`. */
  dataDir: string;
  queueNames: string[];
  defaultVisibilityTimeoutSeconds?: number;
}

export interface LocalSqs {
  url: string;
  port: number;
  queueUrl(name: string): string;
  stop(): Promise<void>;
}

const ACCOUNT_ID = '000000000000';
const MAX_REQUEST_BYTES = 1024 * 1024;
const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';

interface Queue {
  journal: MessageJournal;
  /** Long-polling receivers waiting for a message. */
  waiters: Set<() => void>;
}

export async function startLocalSqs(options: LocalSqsOptions): Promise<LocalSqs> {
  mkdirSync(options.dataDir, { recursive: true });
  const queues = new Map<string, Queue>();
  for (const name of options.queueNames) {
    if (!QUEUE_NAME.test(name)) throw new Error(`queue name "${name}" is invalid: use 1-80 letters, digits, - or _`);
    queues.set(name, { journal: openMessageJournal(join(options.dataDir, `${name}.jsonl`)), waiters: new Set() });
  }
  const visibilityTimeout = options.defaultVisibilityTimeoutSeconds ?? 30;
  let closing = false;

  function queueOf(queueUrl: string): Queue {
    let path: string;
    try {
      path = new URL(queueUrl).pathname;
    } catch {
      throw new SqsError('InvalidAddress', `The address ${queueUrl} is not valid for this endpoint.`);
    }
    const [, account, name, ...rest] = path.split('/');
    const queue = account === ACCOUNT_ID && rest.length === 0 && name ? queues.get(name) : undefined;
    if (!queue) {
      throw new SqsError(
        'QueueDoesNotExist',
        `The specified queue does not exist: ${queueUrl} (this endpoint has ${[...queues.keys()].map((n) => `/${ACCOUNT_ID}/${n}`).join(', ')}).`,
        'AWS.SimpleQueueService.NonExistentQueue',
      );
    }
    return queue;
  }

  const wake = (queue: Queue) => {
    for (const waiter of queue.waiters) waiter();
  };

  /** Resolves on the next send to the queue, when a message becomes visible again, or at the deadline. */
  function changed(queue: Queue, deadline: number, response: ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      const until = Math.min(deadline, queue.journal.nextVisibleAt() ?? deadline);
      const done = () => {
        clearTimeout(timer);
        queue.waiters.delete(done);
        response.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, until - Date.now()));
      queue.waiters.add(done);
      // A response's 'close' before it was sent means the client went away (a request's 'close' only means its
      // body was read).
      response.once('close', done);
    });
  }

  const actions: Record<string, (input: Record<string, unknown>, response: ServerResponse) => Promise<object>> = {
    async SendMessage(input) {
      const send = parseSendMessage(input);
      const queue = queueOf(send.queueUrl);
      const message = queue.journal.send(send.body, send.attributes, send.delaySeconds);
      wake(queue);
      return { MessageId: message.id, MD5OfMessageBody: md5(message.body) };
    },
    async ReceiveMessage(input, response) {
      const receive = parseReceiveMessage(input);
      const queue = queueOf(receive.queueUrl);
      const deadline = Date.now() + receive.waitSeconds * 1000;
      for (;;) {
        const messages = queue.journal.receive(
          receive.maxMessages,
          receive.visibilityTimeoutSeconds ?? visibilityTimeout,
        );
        const gone = response.destroyed || closing;
        if (messages.length > 0 || Date.now() >= deadline || gone) {
          return { Messages: messages.map((message) => received(message, receive.attributeNames)) };
        }
        await changed(queue, deadline, response);
      }
    },
    async DeleteMessage(input) {
      const remove = parseDeleteMessage(input);
      const queue = queueOf(remove.queueUrl);
      if (!isReceiptHandle(remove.receiptHandle)) {
        throw new SqsError(
          'ReceiptHandleIsInvalid',
          `The input receipt handle "${remove.receiptHandle}" is not a valid receipt handle.`,
        );
      }
      if (queue.journal.delete(remove.receiptHandle) === 'stale') {
        throw invalidParameter(
          'The receipt handle has expired: the message was received again since. Delete it with the newest handle.',
        );
      }
      return {};
    },
    async GetQueueUrl(input) {
      const name = input.QueueName;
      if (typeof name !== 'string' || !queues.has(name)) {
        throw new SqsError(
          'QueueDoesNotExist',
          `The specified queue does not exist: ${String(name)}.`,
          'AWS.SimpleQueueService.NonExistentQueue',
        );
      }
      return { QueueUrl: queueUrl(name) };
    },
  };

  async function handle(request: IncomingMessage, response: ServerResponse) {
    try {
      if (request.method !== 'POST') {
        throw new SqsError(
          'UnsupportedOperation',
          `${request.method} is not supported: SQS requests are POST ${JSON_CONTENT_TYPE}.`,
        );
      }
      const target = request.headers['x-amz-target'];
      const action = typeof target === 'string' && target.startsWith('AmazonSQS.') ? target.slice(10) : undefined;
      const run = action === undefined ? undefined : actions[action];
      if (!run) {
        throw new SqsError(
          'UnsupportedOperation',
          `X-Amz-Target ${JSON.stringify(target ?? null)} is not supported here; use AmazonSQS.${Object.keys(actions).join(', AmazonSQS.')}.`,
        );
      }
      const input = await readJson(request);
      reply(response, 200, await run(input, response));
    } catch (error) {
      const sqsError =
        error instanceof SqsError
          ? error
          : new SqsError('InternalError', (error as Error).message, 'InternalError', 500);
      // Refused before its body was read (too large): close, rather than read the rest of an upload we refuse.
      if (!request.complete) response.setHeader('connection', 'close');
      response.setHeader(
        'x-amzn-query-error',
        `${sqsError.queryCode};${sqsError.status < 500 ? 'Sender' : 'Receiver'}`,
      );
      reply(response, sqsError.status, sqsError.body);
    }
  }

  const server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  const queueUrl = (name: string) => `${url}/${ACCOUNT_ID}/${name}`;

  return {
    url,
    port,
    queueUrl,
    async stop() {
      closing = true;
      for (const queue of queues.values()) wake(queue); // long polls answer now, empty
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function received(message: QueuedMessage, attributeNames: string[]) {
  const attributes = selectAttributes(message.attributes, attributeNames);
  return {
    MessageId: message.id,
    ReceiptHandle: message.receiptHandle,
    MD5OfBody: md5(message.body),
    Body: message.body,
    Attributes: { ApproximateReceiveCount: String(message.receiveCount), SentTimestamp: String(message.sentAt) },
    ...(attributes ? { MessageAttributes: attributes } : {}),
  };
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

function reply(response: ServerResponse, status: number, body: object) {
  response.writeHead(status, { 'content-type': JSON_CONTENT_TYPE }).end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST_BYTES) throw invalidParameter(`The request body is larger than ${MAX_REQUEST_BYTES} bytes.`);
    chunks.push(chunk);
  }
  let input: unknown;
  try {
    input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    throw new SqsError(
      'SerializationException',
      `The request body is not valid JSON (Content-Type ${JSON_CONTENT_TYPE}).`,
    );
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new SqsError('SerializationException', 'The request body must be a JSON object.');
  }
  return input as Record<string, unknown>;
}
