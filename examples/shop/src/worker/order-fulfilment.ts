/**
 * The worker: takes orders off the queue and fulfils them. It runs each message inside the producer's trace and
 * baggage (startQueueConsumer → runInMessageContext), so its span and every line it logs carry the browser's
 * `session.id` although the request that queued the order ended long ago.
 */
import type { Message } from '@aws-sdk/client-sqs';
import { createPinoLogger } from '../logging/pino-logger.js';
import type { RunningService } from '../process/run-service.js';
import { type OrdersQueue, startQueueConsumer } from '../queue/orders-queue.js';

interface Order {
  orderId: string;
  userId: string;
  totalCents: number;
  lines: Array<{ productId: string; quantity: number }>;
}

function parseOrder(body: string | undefined): Order | undefined {
  try {
    const order = JSON.parse(body ?? '') as Partial<Order>;
    const valid = typeof order.orderId === 'string' && typeof order.userId === 'string' && Array.isArray(order.lines);
    return valid ? (order as Order) : undefined;
  } catch {
    return undefined;
  }
}

export function startOrderWorker(queue: OrdersQueue, { waitSeconds = 20 } = {}): RunningService {
  const logger = createPinoLogger();
  const consumer = startQueueConsumer(
    queue,
    async (message: Message) => {
      const order = parseOrder(message.Body);
      if (!order) {
        // A message nobody can ever handle: log it and let it be deleted rather than redelivered forever.
        logger.error({ messageId: message.MessageId }, 'order message rejected: not an order');
        return;
      }
      logger.info({ orderId: order.orderId, userId: order.userId, lines: order.lines.length }, 'order received');
      logger.info({ orderId: order.orderId, totalCents: order.totalCents }, 'order fulfilled');
    },
    (error, message) => logger.error({ messageId: message?.MessageId, error: error.message }, 'queue error'),
    { waitSeconds },
  );
  return { port: 0, stop: () => consumer.stop() };
}
