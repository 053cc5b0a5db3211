/**
 * Runs a fixture app in its own Node process, as it runs in production: the built package (dist/), its own
 * OpenTelemetry SDK and resource. Resolves with the port the app printed as `{"ready": <port>}` on stdout.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
export const fixture = (name: string) => join(packageDir, 'test', 'fixtures', name);
export const registerModule = join(packageDir, 'dist', 'register.js');

/** The children run dist/: fail clearly instead of testing stale output. */
export function assertBuilt(): void {
  const newest = (dir: string): number =>
    Math.max(
      ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) return newest(path);
        return entry.name.endsWith('.test.ts') ? 0 : statSync(path).mtimeMs;
      }),
    );
  let built = 0;
  try {
    // `tsc -b` rewrites only the outputs that changed, but always its build info.
    built = statSync(join(packageDir, 'tsconfig.tsbuildinfo')).mtimeMs;
  } catch {}
  if (built < newest(join(packageDir, 'src'))) {
    throw new Error('packages/node/dist is missing or older than src/: run `npx tsc -b packages/node` first');
  }
}

export interface RunningApp {
  port: number;
  url: string;
  /** Complete stdout lines so far. */
  stdout(): string[];
  stderr(): string;
  /** Sends `signal` and waits for the process to end. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function startApp(args: string[], env: Record<string, string>): Promise<RunningApp> {
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: packageDir,
    // Only what the test sets: no OTEL_* from the developer's shell.
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const ready = /\{"ready":(\d+)\}/.exec(out);
      if (ready) resolve(Number(ready[1]));
    });
    child.stderr!.on('data', (chunk) => {
      err += chunk;
    });
    void exited.then(({ code }) => reject(new Error(`app exited (${code}) before it was ready: ${err}`)));
  });
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    stdout: () => out.split('\n').filter((line) => line.trim() !== ''),
    stderr: () => err,
    stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
