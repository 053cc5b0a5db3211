/**
 * `npm start` options: every port and the data directory, from flags or environment variables (flags win), each
 * checked with a message that names the flag, the variable and what a valid value is.
 */
import { parseArgs } from 'node:util';
import { type Environment, parseHttpUrl, parsePort, ShopConfigError } from '../process/environment.js';

export interface PortSetting {
  /** What listens there, for messages. */
  role: string;
  flag: string;
  variable: string;
  port: number;
}

export interface StartOptions {
  help: boolean;
  dataDir: string;
  ports: {
    web: PortSetting;
    api: PortSetting;
    auth: PortSetting;
    thirdParty: PortSetting;
    queue: PortSetting;
    intake: PortSetting;
    ui: PortSetting;
  };
  /** A real SQS queue (`SQS_QUEUE_URL`); without it the local SQS endpoint runs. */
  sqsQueueUrl: string | undefined;
}

const PORTS = {
  web: ['web front end', 'web-port', 'SHOP_WEB_PORT', 3000],
  api: ['api', 'api-port', 'SHOP_API_PORT', 3001],
  auth: ['auth service', 'auth-port', 'SHOP_AUTH_PORT', 3002],
  thirdParty: ['third-party origin', 'third-party-port', 'SHOP_THIRD_PARTY_PORT', 3003],
  queue: ['local SQS endpoint', 'queue-port', 'SHOP_QUEUE_PORT', 3004],
  intake: ['rumlink intake', 'intake-port', 'RUMLINK_INTAKE_PORT', 4318],
  ui: ['rumlink UI and query API', 'ui-port', 'RUMLINK_UI_PORT', 4320],
} as const;

export const START_USAGE = `Usage: npm start [-- options]

Starts rumlink (embedded store) and the demo shop: web front end, api, auth service, queue, worker, third party.

Options (or environment variables):
${Object.values(PORTS)
  .map(
    ([role, flag, variable, port]) =>
      `  --${`${flag} PORT`.padEnd(24)} ${variable.padEnd(22)} ${role} (default ${port}; 0: any free port)`,
  )
  .join('\n')}
  --data DIR                 RUMLINK_DATA_DIR       rumlink's data and the local queue's journal (default ./rumlink-data)
                             SQS_QUEUE_URL          use this SQS queue (AWS credentials from the usual AWS_* variables)
  -h, --help                 show this help`;

export function parseStartOptions(argv: string[], env: Environment): StartOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        ...Object.fromEntries(Object.values(PORTS).map(([, flag]) => [flag, { type: 'string' as const }])),
        data: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new ShopConfigError(`${(error as Error).message.split('\n')[0]} (see npm start -- --help)`);
  }
  const port = ([role, flag, variable, fallback]: (typeof PORTS)[keyof typeof PORTS]): PortSetting => {
    const fromFlag = values[flag];
    const fromEnv = env[variable];
    const value =
      typeof fromFlag === 'string'
        ? parsePort(fromFlag, `--${flag}`)
        : fromEnv
          ? parsePort(fromEnv, variable)
          : fallback;
    return { role, flag: `--${flag}`, variable, port: value };
  };
  const dataDir = typeof values.data === 'string' ? values.data : env.RUMLINK_DATA_DIR || './rumlink-data';
  if (dataDir === '') throw new ShopConfigError('--data needs a directory');
  const ports = {
    web: port(PORTS.web),
    api: port(PORTS.api),
    auth: port(PORTS.auth),
    thirdParty: port(PORTS.thirdParty),
    queue: port(PORTS.queue),
    intake: port(PORTS.intake),
    ui: port(PORTS.ui),
  };
  const fixed = Object.values(ports).filter((setting) => setting.port !== 0);
  for (const [index, setting] of fixed.entries()) {
    const clash = fixed.slice(index + 1).find((other) => other.port === setting.port);
    if (clash) {
      throw new ShopConfigError(
        `the ${setting.role} and the ${clash.role} are both given port ${setting.port}; give each its own (${setting.flag}, ${clash.flag})`,
      );
    }
  }
  return {
    help: values.help === true,
    dataDir,
    ports,
    sqsQueueUrl: env.SQS_QUEUE_URL ? parseHttpUrl(env.SQS_QUEUE_URL, 'SQS_QUEUE_URL') : undefined,
  };
}
