/** The worker process: `SQS_QUEUE_URL`; `SHOP_WORKER_WAIT_SECONDS` (long-poll time, default 20). */
import { ShopConfigError } from '../process/environment.js';
import { runService } from '../process/run-service.js';

await runService('shop-worker', async (env) => {
  const waitSeconds = Number(env.SHOP_WORKER_WAIT_SECONDS ?? 20);
  if (!Number.isInteger(waitSeconds) || waitSeconds < 0 || waitSeconds > 20) {
    throw new ShopConfigError(
      `SHOP_WORKER_WAIT_SECONDS must be an integer from 0 to 20, got "${env.SHOP_WORKER_WAIT_SECONDS}"`,
    );
  }
  const { ordersQueueFrom } = await import('../queue/orders-queue.js');
  const { startOrderWorker } = await import('./order-fulfilment.js');
  return startOrderWorker(ordersQueueFrom(env), { waitSeconds });
});
