/**
 * The web process: `SHOP_WEB_PORT` (default 3000), `SHOP_API_URL`, `SHOP_THIRD_PARTY_URL`, `RUMLINK_INTAKE_URL`,
 * `RUMLINK_APPLICATION_ID`, `RUMLINK_CLIENT_TOKEN`.
 */
import { hostFrom, portFrom, requiredText, requiredUrl } from '../process/environment.js';
import { runService } from '../process/run-service.js';

await runService('shop-web', async (env) => {
  const config = {
    apiUrl: requiredUrl(env, 'SHOP_API_URL'),
    thirdPartyUrl: requiredUrl(env, 'SHOP_THIRD_PARTY_URL'),
    rumlink: {
      endpoint: requiredUrl(env, 'RUMLINK_INTAKE_URL'),
      applicationId: requiredText(env, 'RUMLINK_APPLICATION_ID', 'the rumlink application id (the server prints it)'),
      clientToken: requiredText(env, 'RUMLINK_CLIENT_TOKEN', "the application's client token (the server prints it)"),
      service: 'shop-web',
      env: 'demo',
      version: '0.1.0',
      propagatorTypes: ['tracecontext' as const],
      sessionSampleRate: 100,
      traceSampleRate: 100,
    },
  };
  const { startWeb } = await import('./web-app.js');
  return startWeb({ host: hostFrom(env), port: portFrom(env, 'SHOP_WEB_PORT', 3000), config });
});
