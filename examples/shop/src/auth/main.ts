/** The auth service process: `SHOP_AUTH_PORT` (default 3002). */
import { hostFrom, portFrom } from '../process/environment.js';
import { runService } from '../process/run-service.js';

await runService('shop-auth', async (env) => {
  const { startAuth } = await import('./auth-app.js'); // after runService started OpenTelemetry
  return startAuth({ host: hostFrom(env), port: portFrom(env, 'SHOP_AUTH_PORT', 3002) });
});
