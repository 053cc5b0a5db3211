/**
 * A throwaway NATS server for broker round-trip tests: Debian's `nats-server`, installed by
 * scripts/install-test-deps.sh. It listens on a port it picks itself on 127.0.0.1 and writes that port to a ports
 * file in its own temporary directory, so nothing races for a port; the test waits until the server answers a TCP
 * connection with its INFO line.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { connect as connectTcp } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface NatsServer {
  url: string;
  /** Milliseconds from spawn until the server accepted a connection. */
  startupMs: number;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 10_000;
const POLL_MS = 10;

/** `NATS_SERVER_PATH`, else `nats-server` on PATH or in /usr/sbin (where Debian puts it, often not on a user's PATH). */
export function findNatsServer(env: NodeJS.ProcessEnv = process.env): string {
  if (env.NATS_SERVER_PATH !== undefined) {
    if (existsSync(env.NATS_SERVER_PATH)) return env.NATS_SERVER_PATH;
    throw new Error(
      `NATS_SERVER_PATH=${env.NATS_SERVER_PATH} does not exist: run scripts/install-test-deps.sh ` +
        '(Debian package "nats-server") or point NATS_SERVER_PATH at a nats-server binary',
    );
  }
  const directories = [...(env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/sbin', '/usr/bin'];
  const found = directories.map((directory) => join(directory, 'nats-server')).find((path) => existsSync(path));
  if (found === undefined) {
    throw new Error(
      `nats-server not found (looked in ${directories.join(', ')}): run scripts/install-test-deps.sh, which installs ` +
        'the Debian package "nats-server" (the queue broker round-trip test needs it)',
    );
  }
  return found;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves with the client URL once nats-server has written its ports file. */
async function readClientUrl(directory: string): Promise<string | undefined> {
  const portsFile = (await readdir(directory)).find((name) => name.endsWith('.ports'));
  if (portsFile === undefined) return undefined;
  try {
    const ports = JSON.parse(await readFile(join(directory, portsFile), 'utf8')) as { nats?: string[] };
    return ports.nats?.[0];
  } catch {
    return undefined; // written but not complete yet
  }
}

/** True when a TCP connection to `url` gets the NATS `INFO {…}` greeting. */
function answersWithInfo(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connectTcp({ host: hostname, port: Number(port) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('data', (chunk) => done(chunk.toString('utf8').startsWith('INFO ')));
    socket.once('error', () => done(false));
    socket.setTimeout(1_000, () => done(false));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startNatsServer(): Promise<NatsServer> {
  const binary = findNatsServer();
  const directory = await mkdtemp(join(tmpdir(), 'rumlink-nats-'));
  const config = join(directory, 'nats.conf');
  await writeFile(config, `listen: "127.0.0.1:-1"\nports_file_dir: ${JSON.stringify(directory)}\n`);
  const started = performance.now();
  const child = spawn(binary, ['-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    log += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString('utf8');
  });
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killed = await Promise.race([exited(child).then(() => true), sleep(5_000).then(() => false)]);
      if (!killed) {
        child.kill('SIGKILL');
        await exited(child);
      }
    }
    await rm(directory, { recursive: true, force: true });
  };

  const deadline = started + STARTUP_TIMEOUT_MS;
  while (performance.now() < deadline) {
    if (spawnError !== undefined || child.exitCode !== null) {
      await stop();
      throw new Error(
        `nats-server (${binary}) did not start: ${spawnError?.message ?? `exit ${child.exitCode}`}\n${log}`,
      );
    }
    const url = await readClientUrl(directory);
    if (url !== undefined && (await answersWithInfo(url))) {
      return { url, startupMs: performance.now() - started, stop };
    }
    await sleep(POLL_MS);
  }
  await stop();
  throw new Error(`nats-server did not accept connections within ${STARTUP_TIMEOUT_MS} ms\n${log}`);
}
