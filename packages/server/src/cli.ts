#!/usr/bin/env node
/** The `rumlink` command. Exit codes: 0 stopped cleanly, 1 failed at run time, 2 bad flags or config. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCliOptions, USAGE, UsageError } from './cli-options.js';
import { ConfigError, resolveConfig } from './config/load-config.js';
import { startServer } from './server.js';

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

async function main(argv: string[]): Promise<number> {
  const options = parseCliOptions(argv);
  if (options.command === 'help' || options.command === 'version') {
    console.log(options.command === 'help' ? USAGE : packageJson.version);
    return 0;
  }

  const dataDir = resolve(options.dataDir);
  const config = resolveConfig(options.configPath, dataDir);
  console.log(`rumlink ${packageJson.version} starting (data: ${dataDir})…`);
  const server = await startServer({
    dataDir,
    host: options.host,
    port: options.port,
    intakeHost: options.intakeHost,
    intakePort: options.intakePort,
    config,
  });
  // Signal handlers go in before the banner: a supervisor may signal as soon as it reads it.
  const stopped = new Promise<void>((resolveStop) => {
    const stop = (signal: string) => {
      console.log(`\n${signal}: flushing and stopping… (press Ctrl-C again to force)`);
      server.stop().then(resolveStop, (error) => {
        console.error(`rumlink: error while stopping: ${(error as Error).message}`);
        resolveStop();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  const lines = [
    `rumlink ${packageJson.version} is running`,
    `  store        ${server.store}`,
    `  web UI       ${server.queryUrl}/`,
    `  query API    ${server.queryUrl}/api/v1/sessions`,
    `  intake       ${server.intakeUrl}`,
    `               OTLP/HTTP  ${server.intakeUrl}/v1/traces  ${server.intakeUrl}/v1/logs`,
    `               RUM        ${server.intakeUrl}/rum/v1/events?app=<id>&token=<clientToken>`,
    `               Datadog    proxy: '${server.intakeUrl}/' (browser SDK option)`,
    ...config.applications.map(
      (app) => `  application  ${app.id}${app.name ? ` (${app.name})` : ''}  clientToken: ${app.clientToken}`,
    ),
    `  retention    ${config.retentionDays > 0 ? `${config.retentionDays} days` : 'forever'}`,
    ...server.notices.map((notice) => `  note         ${notice}`),
    'Press Ctrl-C to stop (accepted data is flushed first).',
  ];
  console.log(lines.join('\n'));

  await stopped;
  console.log('rumlink stopped.');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ConfigError) {
      console.error(`rumlink: ${error.message}`);
      process.exit(2);
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      const address = (error as { address?: string; port?: number }).port;
      console.error(`rumlink: port ${address} is already in use; stop the other process or pass --port/--intake-port`);
    } else {
      console.error(`rumlink: ${(error as Error).message ?? error}`);
    }
    process.exit(1);
  },
);
