/** The local SQS endpoint as a process: `SHOP_QUEUE_PORT` (default 3004), journals under `SHOP_DATA_DIR`. */
import { join } from 'node:path';
import { hostFrom, portFrom } from '../process/environment.js';
import { runService } from '../process/run-service.js';
import { startLocalSqs } from './local-sqs-endpoint.js';

await runService(
  'local-sqs',
  async (env) => {
    const sqs = await startLocalSqs({
      host: hostFrom(env),
      port: portFrom(env, 'SHOP_QUEUE_PORT', 3004),
      dataDir: join(env.SHOP_DATA_DIR || './rumlink-data', 'shop-queue'),
      queueNames: [env.SHOP_QUEUE_NAME || 'orders'],
    });
    return { port: sqs.port, stop: () => sqs.stop() };
  },
  { telemetry: false },
);
