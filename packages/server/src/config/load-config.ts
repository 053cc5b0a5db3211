/**
 * Loads `--config FILE`, or with none, the development application persisted in the data directory so its client
 * token survives restarts.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ApplicationConfig, configSchema, type RumlinkConfig } from './config-schema.js';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function parseConfig(json: unknown, source: string): RumlinkConfig {
  const parsed = configSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new ConfigError(`${source}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

export function readConfigFile(path: string): RumlinkConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config file ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`config file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseConfig(json, path);
}

const DEV_APPLICATION_FILE = 'dev-application.json';

/** The development application of a data directory, created on first use. */
export function developmentApplication(dataDir: string): ApplicationConfig {
  const file = join(dataDir, DEV_APPLICATION_FILE);
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as ApplicationConfig;
    if (saved.id && saved.clientToken) return saved;
  } catch {
    // first start with this data directory: create it below
  }
  const application = { id: 'dev', name: 'Development', clientToken: `pub${randomBytes(16).toString('hex')}` };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(application, null, 2)}\n`, { mode: 0o600 });
  return application;
}

/** The effective configuration: the file's, or defaults plus the development application. */
export function resolveConfig(configPath: string | undefined, dataDir: string): RumlinkConfig {
  const config = configPath ? readConfigFile(configPath) : parseConfig({}, 'defaults');
  if (config.applications.length === 0) config.applications = [developmentApplication(dataDir)];
  return config;
}
