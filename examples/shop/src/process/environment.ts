/**
 * Reading a shop process's configuration from its environment, with one-line errors that name the variable and
 * say what a valid value looks like. Every process validates everything before it starts anything.
 */
export class ShopConfigError extends Error {
  readonly code = 'invalid_config';
  constructor(message: string) {
    super(message);
    this.name = 'ShopConfigError';
  }
}

export type Environment = Record<string, string | undefined>;

export function parsePort(value: string, name: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new ShopConfigError(`${name} must be a port number from 0 to 65535 (0: any free port), got "${value}"`);
  }
  return port;
}

export function portFrom(env: Environment, name: string, fallback: number): number {
  const value = env[name];
  return value === undefined || value === '' ? fallback : parsePort(value, name);
}

export function parseHttpUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ShopConfigError(`${name} must be an http(s) URL such as http://127.0.0.1:4318, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ShopConfigError(`${name} must be an http(s) URL, got "${value}"`);
  }
  return value.replace(/\/+$/, '');
}

export function requiredUrl(env: Environment, name: string): string {
  const value = env[name];
  if (!value) throw new ShopConfigError(`${name} is required (an http(s) URL)`);
  return parseHttpUrl(value, name);
}

export function urlFrom(env: Environment, name: string, fallback: string): string {
  const value = env[name];
  return value ? parseHttpUrl(value, name) : fallback;
}

export function requiredText(env: Environment, name: string, what: string): string {
  const value = env[name];
  if (!value) throw new ShopConfigError(`${name} is required: ${what}`);
  return value;
}

/** The address every shop process listens on; the demo is local by default. */
export const hostFrom = (env: Environment) => env.SHOP_HOST || '127.0.0.1';
