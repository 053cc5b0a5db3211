/**
 * The orders queue, through the real `@aws-sdk/client-sqs`: the same code talks to AWS SQS (or any SQS-compatible
 * endpoint) when `SQS_QUEUE_URL` points there, and to the shop's local endpoint otherwise. The endpoint is the queue
 * URL's origin, which is right for both, so nothing else differs but the credentials the environment provides.
 * The trace context and baggage (`session.id`) travel as message attributes via the @rumlink/node SQS carrier.
 */
import {
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { injectSqsMessageAttributes, runInMessageContext } from '@rumlink/node';
import { type Environment, requiredUrl, ShopConfigError } from '../process/environment.js';

export interface OrdersQueue {
  url: string;
  /** The queue name, the `messaging.destination.name` of the worker's span. */
  name: string;
  client: SQSClient;
}

export function ordersQueueFrom(env: Environment): OrdersQueue {
  const url = requiredUrl(env, 'SQS_QUEUE_URL');
  const { origin, hostname, pathname } = new URL(url);
  const name = pathname.split('/').filter(Boolean).at(-1);
  if (!name) throw new ShopConfigError(`SQS_QUEUE_URL must end with the queue name, got "${url}"`);
  const region =
    env.AWS_REGION ||
    env.AWS_DEFAULT_REGION ||
    /^sqs\.([a-z0-9-]+)\.amazonaws\.com$/.exec(hostname)?.[1] ||
    'us-east-1';
  return { url, name, client: new SQSClient({ endpoint: origin, region }) };
}

/** Sends inside the caller's context, so the message carries its trace and session. */
export async function sendMessage(queue: OrdersQueue, body: object): Promise<string | undefined> {
  const output = await queue.client.send(
    new SendMessageCommand(injectSqsMessageAttributes({ QueueUrl: queue.url, MessageBody: JSON.stringify(body) })),
  );
  return output.MessageId;
}

export interface QueueConsumer {
  stop(): Promise<void>;
}

/**
 * Long-polls the queue and runs `handle` for each message inside the producer's trace and baggage
 * (`runInMessageContext`); a message is deleted once handled, and left for redelivery when `handle` throws.
 */
export function startQueueConsumer(
  queue: OrdersQueue,
  handle: (message: Message) => Promise<void>,
  onError: (error: Error, message?: Message) => void,
  { waitSeconds = 20 } = {},
): QueueConsumer {
  const abort = new AbortController();
  const receiveAll = new ReceiveMessageCommand({
    QueueUrl: queue.url,
    MaxNumberOfMessages: 10,
    WaitTimeSeconds: waitSeconds,
    MessageAttributeNames: ['All'],
  });
  const loop = (async () => {
    let failures = 0;
    while (!abort.signal.aborted) {
      let messages: Message[];
      try {
        // The empty polls are plumbing, not part of anyone's session: no span for them.
        const output = await context.with(suppressTracing(context.active()), () =>
          queue.client.send(receiveAll, { abortSignal: abort.signal }),
        );
        messages = output.Messages ?? [];
        failures = 0;
      } catch (error) {
        if (abort.signal.aborted) break;
        onError(error as Error);
        failures += 1;
        // Back off while the queue is unreachable instead of spinning; a stop cuts the wait short.
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, Math.min(5000, 200 * 2 ** failures));
          abort.signal.addEventListener('abort', () => resolve(clearTimeout(timer)), { once: true });
        });
        continue;
      }
      for (const message of messages) {
        try {
          await runInMessageContext(
            message,
            async () => {
              await handle(message);
              await queue.client.send(
                new DeleteMessageCommand({ QueueUrl: queue.url, ReceiptHandle: message.ReceiptHandle }),
              );
            },
            { destination: queue.name },
          );
        } catch (error) {
          onError(error as Error, message); // not deleted: SQS delivers it again after the visibility timeout
        }
      }
    }
  })();
  return {
    async stop() {
      abort.abort();
      await loop;
    },
  };
}
