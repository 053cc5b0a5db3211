/** The third-party origin's process: `SHOP_THIRD_PARTY_PORT` (default 3003). Not instrumented: it is not ours. */
import { hostFrom, portFrom } from '../process/environment.js';
import { runService } from '../process/run-service.js';
import { startThirdParty } from './third-party-app.js';

await runService(
  'third-party',
  (env) => startThirdParty({ host: hostFrom(env), port: portFrom(env, 'SHOP_THIRD_PARTY_PORT', 3003) }),
  { telemetry: false },
);
