/**
 * The whole demo as `npm start` runs it (rumlink with its embedded store, the local SQS endpoint, web, api, auth,
 * worker, third party), on ports the kernel picks and a temporary data directory, so test files run side by side.
 * Tests drive it with real Chromium through the same flows as `npm run demo:traffic` and assert through the rumlink
 * query API and the third party's record of what it received.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const shopDir = fileURLToPath(new URL('..', import.meta.url));
export const repoRoot = join(shopDir, '..', '..');

export interface ShopUrls {
  shop: string;
  ui: string;
  api: string;
  auth: string;
  thirdParty: string;
  queue: string;
  intake: string;
}

export interface RunningShop {
  urls: ShopUrls;
  /** The supervisor's pid. */
  pid: number;
  dataDir: string;
  /** Every line the supervisor printed so far (the processes' lines are prefixed with their name). */
  output(): string[];
  /** GET JSON from the rumlink query API (`/api/v1` prefix added). */
  api<T = any>(path: string): Promise<T>;
  /** What the third-party origin received. */
  thirdPartyRequests(): Promise<Array<{ method: string; path: string; headers: Record<string, string[]> }>>;
  /** Sends `signal` to the supervisor and resolves with its exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Every port free-for-all: `0` lets the kernel choose. */
export const DYNAMIC_PORTS = {
  SHOP_WEB_PORT: '0',
  SHOP_API_PORT: '0',
  SHOP_AUTH_PORT: '0',
  SHOP_THIRD_PARTY_PORT: '0',
  SHOP_QUEUE_PORT: '0',
  RUMLINK_INTAKE_PORT: '0',
  RUMLINK_UI_PORT: '0',
};

/** Short export delays: data reaches rumlink within a fraction of a second instead of the 5 s default. */
const FAST_EXPORT = { OTEL_BSP_SCHEDULE_DELAY: '100', OTEL_BLRP_SCHEDULE_DELAY: '100' };

/** The supervisor runs dist/: fail clearly instead of testing stale output. */
function assertBuilt(): void {
  const newest = (path: string): number =>
    statSync(path).isDirectory()
      ? Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))))
      : path.endsWith('.test.ts')
        ? 0 // not a build input
        : statSync(path).mtimeMs;
  const built = (path: string) => {
    try {
      return statSync(path).mtimeMs;
    } catch {
      return 0;
    }
  };
  if (
    built(join(shopDir, 'tsconfig.tsbuildinfo')) < newest(join(shopDir, 'src')) ||
    built(join(shopDir, 'dist/page/shop.js')) < newest(join(shopDir, 'page'))
  ) {
    throw new Error('examples/shop/dist is missing or older than its sources: run `npm run build` first');
  }
}

/** Reads the labelled URLs of the supervisor's banner (see src/start/main.ts). */
export function parseBanner(lines: string[]): ShopUrls | undefined {
  const text = lines.join('\n');
  const value = (pattern: RegExp) => pattern.exec(text)?.[1];
  const urls = {
    shop: value(/^ {2}shop\s+(http\S+)/m),
    ui: value(/^ {2}rumlink UI\s+(http\S+)/m),
    api: value(/^ {2}api\s+(http\S+)/m),
    auth: value(/^ {2}api\s+\S+\s+auth (http\S+)/m),
    thirdParty: value(/third party (http\S+)/m),
    queue: value(/^ {2}queue\s+(http\S+)/m),
    intake: value(/^ {2}intake\s+(http\S+)/m),
  };
  return Object.values(urls).every(Boolean) ? (urls as ShopUrls) : undefined;
}

/** Collects a child's output lines and resolves once `done(lines)` says so; rejects if it exits first. */
export function watchOutput(child: ChildProcess) {
  const lines: string[] = [];
  let pending = '';
  const waiters = new Set<() => void>();
  const take = (chunk: Buffer) => {
    pending += chunk.toString();
    const parts = pending.split('\n');
    pending = parts.pop()!;
    lines.push(...parts);
    for (const waiter of waiters) waiter();
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  // 'close', not 'exit': it comes once every process holding the output pipes has ended, so the output is complete.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  return {
    lines,
    exited,
    until<T>(done: (lines: string[]) => T | undefined, timeoutMs: number, what: string): Promise<T> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const value = done(lines);
          if (value === undefined) return;
          finish();
          resolve(value);
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`timed out waiting for ${what}:\n${lines.join('\n')}`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        void exited.then(({ code, signal }) => {
          finish();
          reject(new Error(`exited (${signal ?? code}) before ${what}:\n${lines.join('\n')}`));
        });
        check();
      });
    },
  };
}

export async function startShop(options: { env?: Record<string, string> } = {}): Promise<RunningShop> {
  assertBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'rumlink-shop-'));
  const child = spawn(process.execPath, [join(shopDir, 'dist/start/main.js'), '--data', dataDir], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', ...DYNAMIC_PORTS, ...FAST_EXPORT, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = watchOutput(child);
  let urls: ShopUrls;
  try {
    urls = await output.until(parseBanner, 60_000, 'the shop to be running');
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const json = async (url: string): Promise<any> => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  return {
    urls,
    pid: child.pid!,
    dataDir,
    output: () => output.lines,
    api: (path) => json(`${urls.ui}api/v1${path}`),
    thirdPartyRequests: async () => (await json(`${urls.thirdParty}/received`)).requests,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const exit = await output.exited;
      rmSync(dataDir, { recursive: true, force: true });
      return exit;
    },
  };
}

/** Pids of every live descendant of `pid` (Linux /proc), to prove a stop leaves no orphan behind. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so read after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const child of children.get(parent) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
}

export const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
