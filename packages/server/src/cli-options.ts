/** `rumlink` command-line parsing: flags → options, with one-line errors that say what to do. */
import { parseArgs } from 'node:util';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `Usage: rumlink serve [options]

Starts the rumlink server: intake for OTLP traces/logs, rumlink RUM events and the Datadog browser SDK,
an embedded ClickHouse store (chDB), and the query API + UI.

Options:
  --data DIR            where the embedded store keeps its data (default: ./rumlink-data)
  --host HOST           query API + web UI listen address (default: 127.0.0.1; non-loopback requires apiKey)
  --port PORT           query API + UI port (default: 4320)
  --intake-host HOST    intake listen address (default: 127.0.0.1; use 0.0.0.0 to accept remote browsers)
  --intake-port PORT    intake port (default: 4318, the OTLP/HTTP port)
  --config FILE         JSON config: { "applications": [{ "id", "name", "clientToken" }],
                        "ingestKey", "apiKey", "retentionDays" }
  -h, --help            show this help
  -v, --version         show the version

Without --config, a development application is created in the data directory and its client token printed.
Examples:
  rumlink serve
  rumlink serve --data /var/lib/rumlink --intake-host 0.0.0.0 --config /etc/rumlink.json`;

export interface CliOptions {
  command: 'serve' | 'help' | 'version';
  dataDir: string;
  host: string;
  port: number;
  intakeHost: string;
  intakePort: number;
  configPath: string | undefined;
}

function port(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || parsed > 65535) {
    throw new UsageError(`${flag} must be a port number from 0 to 65535, got "${value}"`);
  }
  return parsed;
}

export function parseCliOptions(argv: string[]): CliOptions {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]} (see rumlink --help)`);
  }
  const { values, positionals } = parsed;
  const [command = 'serve', ...extra] = positionals;
  if (values.help || command === 'help') return defaults('help');
  if (values.version) return defaults('version');
  if (command !== 'serve') throw new UsageError(`unknown command "${command}"; the command is: rumlink serve`);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}" (see rumlink --help)`);
  for (const flag of ['data', 'host', 'intake-host', 'config'] as const) {
    if (values[flag] === '') throw new UsageError(`--${flag} needs a value`);
  }
  return {
    command: 'serve',
    dataDir: values.data ?? './rumlink-data',
    host: values.host ?? '127.0.0.1',
    port: port(values.port, '--port', 4320),
    intakeHost: values['intake-host'] ?? '127.0.0.1',
    intakePort: port(values['intake-port'], '--intake-port', 4318),
    configPath: values.config,
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      data: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'intake-host': { type: 'string' },
      'intake-port': { type: 'string' },
      config: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
}

function defaults(command: CliOptions['command']): CliOptions {
  return { command, dataDir: '', host: '', port: 0, intakeHost: '', intakePort: 0, configPath: undefined };
}
