/**
 * Starts the whole demo in order (rumlink, then the queue, the services and the web front end, each once the
 * ones it calls are ready) and stops it in reverse: the shop processes first, so their telemetry reaches rumlink,
 * then rumlink, which flushes its store.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertPortsFree, freePort } from './port-availability.js';
import type { StartOptions } from './start-options.js';
import { type SupervisedProcess, supervise } from './supervised-process.js';

export interface ShopUrls {
  shop: string;
  ui: string;
  intake: string;
  api: string;
  auth: string;
  thirdParty: string;
  queue: string;
}

export interface ShopStack {
  urls: ShopUrls;
  application: { id: string; clientToken: string };
  /** The local queue's journal directory, or undefined with a real SQS queue. */
  queueDataDir: string | undefined;
  processes: SupervisedProcess[];
  /** Resolves with the first process that ended although nobody stopped it. */
  unexpectedExit: Promise<SupervisedProcess>;
  /** Stops everything; resolves with the processes that had to be killed (empty when all stopped cleanly). */
  stop(): Promise<string[]>;
}

const HOST = '127.0.0.1';
const PREFIX_WIDTH = 11;
const service = (name: string) => fileURLToPath(new URL(`../${name}/main.js`, import.meta.url));
const rumlinkServer = fileURLToPath(new URL('./rumlink-with-lifeline.js', import.meta.url));
const readyPort = (line: string) => /^\{"ready":(\d+)\}$/.exec(line.trim())?.[1];

export async function startShopStack(options: StartOptions, print: (line: string) => void): Promise<ShopStack> {
  const { ports } = options;
  const local = options.sqsQueueUrl === undefined;
  await assertPortsFree(
    [ports.ui, ports.intake, ports.web, ports.api, ports.auth, ports.thirdParty, ...(local ? [ports.queue] : [])],
    HOST,
  );
  const dataDir = resolve(options.dataDir);
  const processes: SupervisedProcess[] = [];
  let stopping = false;
  let reportExit: (process: SupervisedProcess) => void = () => undefined;
  const unexpectedExit = new Promise<SupervisedProcess>((resolveExit) => {
    reportExit = resolveExit;
  });
  const start = (name: string, args: string[], env: Record<string, string | undefined>, ready = readyPort) => {
    const child = supervise({ name, args, env, ready, print, prefixWidth: PREFIX_WIDTH });
    processes.push(child);
    void child.exited.then(() => {
      if (!stopping) reportExit(child);
    });
    return child;
  };
  /** Stops in stages: the services (they flush telemetry, the api and worker finish with the queue), then the
   *  queue, then rumlink. */
  const stop = async () => {
    stopping = true;
    const stages = [
      processes.filter((child) => child.name !== 'queue' && child.name !== 'rumlink'),
      processes.filter((child) => child.name === 'queue'),
      processes.filter((child) => child.name === 'rumlink'),
    ];
    const killed: string[] = [];
    for (const stage of stages) {
      const results = await Promise.all(stage.map((child) => child.stop(child.name === 'rumlink' ? 30_000 : 15_000)));
      killed.push(...stage.filter((_, index) => results[index]!.killed).map((child) => child.name));
    }
    return killed;
  };

  try {
    // rumlink: its banner says where it listens (ports may be 0); its last line says it is ready.
    const serverLines: string[] = [];
    const server = start(
      'rumlink',
      [
        rumlinkServer,
        'serve',
        '--data',
        dataDir,
        '--port',
        String(ports.ui.port),
        '--intake-port',
        String(ports.intake.port),
      ],
      { ...process.env },
      (line) => {
        serverLines.push(line);
        return line.startsWith('Press Ctrl-C') ? line : undefined;
      },
    );
    await server.ready;
    const intake = bannerValue(serverLines, /^\s*intake\s+(http\S+)/);
    const ui = bannerValue(serverLines, /^\s*query API\s+(http:\/\/[^/\s]+)/);
    const application = developmentApplication(dataDir);

    const port = async (setting: { port: number }) => setting.port || (await freePort(HOST));
    const url = (p: number) => `http://${HOST}:${p}`;
    const [webPort, apiPort, authPort, thirdPartyPort] = [
      await port(ports.web),
      await port(ports.api),
      await port(ports.auth),
      await port(ports.thirdParty),
    ];
    const common = {
      ...process.env,
      SHOP_SUPERVISED: '1',
      SHOP_HOST: HOST,
      OTEL_EXPORTER_OTLP_ENDPOINT: intake,
      SHOP_DATA_DIR: dataDir,
      // The AWS SDK warns on Node 20 that its releases from 2027 on need Node 22; rumlink supports Node 20 and
      // pins this SDK line, so the warning would only be noise in every demo run.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED:
        process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ?? 'true',
    };

    let queueUrl = options.sqsQueueUrl;
    if (local) {
      const queue = start('queue', [service('local-sqs')], { ...common, SHOP_QUEUE_PORT: String(ports.queue.port) });
      queueUrl = `${url(Number(await queue.ready))}/000000000000/orders`;
    }
    // The local endpoint checks no signature; these keep the AWS SDK from looking for real credentials.
    const queueEnv = local
      ? {
          SQS_QUEUE_URL: queueUrl,
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
          AWS_SESSION_TOKEN: undefined,
          AWS_PROFILE: undefined,
        }
      : { SQS_QUEUE_URL: queueUrl };

    const auth = start('auth', [service('auth')], { ...common, SHOP_AUTH_PORT: String(authPort) });
    const thirdParty = start('third-party', [service('third-party')], {
      ...common,
      SHOP_THIRD_PARTY_PORT: String(thirdPartyPort),
    });
    const worker = start('worker', [service('worker')], { ...common, ...queueEnv });
    await Promise.all([auth.ready, thirdParty.ready, worker.ready]);
    const api = start('api', [service('api')], {
      ...common,
      ...queueEnv,
      SHOP_API_PORT: String(apiPort),
      SHOP_WEB_ORIGIN: url(webPort),
      SHOP_AUTH_URL: url(authPort),
    });
    await api.ready;
    const web = start('web', [service('web')], {
      ...common,
      SHOP_WEB_PORT: String(webPort),
      SHOP_API_URL: url(apiPort),
      SHOP_THIRD_PARTY_URL: url(thirdPartyPort),
      RUMLINK_INTAKE_URL: intake,
      RUMLINK_APPLICATION_ID: application.id,
      RUMLINK_CLIENT_TOKEN: application.clientToken,
    });
    await web.ready;

    return {
      urls: {
        shop: `${url(webPort)}/`,
        ui: `${ui}/`,
        intake,
        api: url(apiPort),
        auth: url(authPort),
        thirdParty: url(thirdPartyPort),
        queue: queueUrl!,
      },
      application,
      queueDataDir: local ? join(dataDir, 'shop-queue') : undefined,
      processes,
      unexpectedExit,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function bannerValue(lines: string[], pattern: RegExp): string {
  for (const line of lines) {
    const match = pattern.exec(line);
    if (match) return match[1]!;
  }
  throw new Error(`rumlink's startup banner has no line matching ${pattern}: ${lines.join('\n')}`);
}

/** The application the rumlink server created in its data directory on first start (and printed). */
function developmentApplication(dataDir: string): { id: string; clientToken: string } {
  const file = join(dataDir, 'dev-application.json');
  const application = JSON.parse(readFileSync(file, 'utf8')) as { id?: string; clientToken?: string };
  if (!application.id || !application.clientToken) throw new Error(`${file} has no application id and client token`);
  return { id: application.id, clientToken: application.clientToken };
}
