/**
 * One process of the demo, run by the supervisor: its output streamed line by line with a `[name]` prefix, a
 * readiness signal, and a stop that waits for the process to end.
 *
 * Each child gets its own process group (`detached`), so a terminal's Ctrl-C reaches only the supervisor, which
 * then stops the shop processes first (they flush their telemetry to rumlink) and rumlink last (it flushes its
 * store). Shop processes also get a stdin pipe as a lifeline: if the supervisor dies without stopping them, the
 * pipe closes and they stop themselves (run-service.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface SupervisedProcess {
  name: string;
  pid: number | undefined;
  /** Resolves with the first value `ready` extracts from an output line; rejects if the process exits first. */
  ready: Promise<string>;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  running(): boolean;
  /** SIGTERM, then SIGKILL if it has not ended after `graceMs`. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; killed: boolean }>;
  kill(): void;
}

export interface SuperviseOptions {
  name: string;
  args: string[];
  env: Record<string, string | undefined>;
  /** Returns the readiness value when `line` announces it (the line is then not printed). */
  ready: (line: string) => string | undefined;
  /** Where prefixed lines go. */
  print: (line: string) => void;
  prefixWidth: number;
}

export function supervise(options: SuperviseOptions): SupervisedProcess {
  const child: ChildProcess = spawn(process.execPath, options.args, {
    env: options.env,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  const prefix = `[${options.name}]`.padEnd(options.prefixWidth + 2);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<string>((resolve, reject) => {
    let announced = false;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const value = announced ? undefined : options.ready(line);
      if (value === undefined) return options.print(`${prefix} ${line}`);
      announced = true;
      resolve(value);
    });
    createInterface({ input: child.stderr! }).on('line', (line) => options.print(`${prefix} ${line}`));
    child.once('error', reject); // spawn failure
    void exited.then(({ code, signal }) => {
      if (!announced) reject(new Error(`${options.name} exited (${signal ?? `code ${code}`}) before it was ready`));
    });
  });
  ready.catch(() => undefined); // the caller awaits it; an early exit must not become an unhandled rejection

  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    name: options.name,
    pid: child.pid,
    ready,
    exited,
    running,
    async stop(graceMs = 15_000) {
      if (!running()) return { ...(await exited), killed: false };
      child.kill('SIGTERM');
      let killed = false;
      const timer = setTimeout(() => {
        killed = true;
        child.kill('SIGKILL');
      }, graceMs);
      const result = await exited;
      clearTimeout(timer);
      return { ...result, killed };
    },
    kill() {
      if (running()) child.kill('SIGKILL');
    },
  };
}
