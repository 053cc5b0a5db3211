/**
 * The api process: `SHOP_API_PORT` (default 3001), `SHOP_WEB_ORIGIN` (the front end's origin, for CORS; several
 * separated by commas), `SHOP_AUTH_URL`, `SQS_QUEUE_URL`.
 */
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { hostFrom, parseHttpUrl, portFrom, requiredText, requiredUrl } from '../process/environment.js';
import { runService } from '../process/run-service.js';

// Express's instrumentation gives each server span its route ("GET /carts/:id"), as the UI shows it.
const instrumentations = [new HttpInstrumentation(), new UndiciInstrumentation(), new ExpressInstrumentation()];

await runService(
  'shop-api',
  async (env) => {
    const allowedOrigins = requiredText(env, 'SHOP_WEB_ORIGIN', 'the front end origin, e.g. http://127.0.0.1:3000')
      .split(',')
      .map((origin) => new URL(parseHttpUrl(origin.trim(), 'SHOP_WEB_ORIGIN')).origin);
    const authUrl = requiredUrl(env, 'SHOP_AUTH_URL');
    // Loaded after runService started OpenTelemetry, so the instrumentations see Express, winston and the AWS SDK.
    const { ordersQueueFrom } = await import('../queue/orders-queue.js');
    const { startApi } = await import('./api-app.js');
    const queue = ordersQueueFrom(env);
    return startApi({
      host: hostFrom(env),
      port: portFrom(env, 'SHOP_API_PORT', 3001),
      allowedOrigins,
      authUrl,
      queue,
    });
  },
  { instrumentations },
);
