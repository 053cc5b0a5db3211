/**
 * `npm start` as a newcomer runs it: from a fresh clone of this repository at HEAD, the README's command, then
 * Ctrl-C. Also its answer when a port is taken. Ports come from the documented environment variables, all 0, so
 * the test runs beside anything else on the machine.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../../../test-support/eventually.mjs';
import { DYNAMIC_PORTS, descendants, isAlive, parseBanner, repoRoot, startShop, watchOutput } from './shop-harness.js';

const cleanups: Array<() => void> = [];
afterAll(() => {
  for (const cleanup of cleanups) cleanup();
});

describe('npm start', () => {
  it('from a fresh clone: the README command starts the shop and rumlink, and Ctrl-C stops every process', async () => {
    const clone = mkdtempSync(join(tmpdir(), 'rumlink-clone-'));
    cleanups.push(() => rmSync(clone, { recursive: true, force: true }));
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    execFileSync('git', ['clone', '--quiet', '--no-checkout', repoRoot, clone]);
    execFileSync('git', ['checkout', '--quiet', head], { cwd: clone });

    // The README's command, in its own process group, as a terminal runs it (so Ctrl-C reaches the whole group).
    const child = spawn('sh', ['-c', 'npm install --no-audit --no-fund && npm start'], {
      cwd: clone,
      env: { ...process.env, ...DYNAMIC_PORTS },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    cleanups.push(() => {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
    });
    const output = watchOutput(child);
    const urls = await output.until(parseBanner, 240_000, 'npm start to print the shop URLs');

    const page = await fetch(urls.shop);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('rumlink demo shop');
    expect(page.headers.get('server-timing')).toMatch(/^traceparent;desc="00-[0-9a-f]{32}-[0-9a-f]{16}-01"$/);
    expect(await (await fetch(`${urls.ui}healthz`)).json()).toMatchObject({ status: 'ok' });
    expect((await fetch(`${urls.ui}api/v1/sessions`)).status).toBe(200);

    const running = descendants(child.pid!);
    expect(running.length).toBeGreaterThanOrEqual(8); // npm, the supervisor, rumlink and six shop processes
    process.kill(-child.pid!, 'SIGINT'); // Ctrl-C
    const exit = await output.exited;
    expect(output.lines.join('\n')).toContain('rumlink stopped.');
    expect(output.lines.at(-1)).toBe('stopped.');
    // The shell ends on Ctrl-C as shells do (after npm, which waits for the supervisor): by the signal or with 0.
    expect(exit.code === 0 || exit.signal === 'SIGINT').toBe(true);
    expect(running.filter(isAlive)).toEqual([]);
  }, 300_000);

  it('leaves no orphan when the supervisor itself is killed: every process follows it through its lifeline', async () => {
    const shop = await startShop();
    const running = descendants(shop.pid);
    expect(running).toHaveLength(7); // rumlink, the queue, auth, third party, worker, api, web
    expect(await shop.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    await eventually(async () => running.every((pid) => !isAlive(pid)), 'every shop process to end');
  });

  it('says which port is taken and how to choose another, and starts nothing', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => blocker.close());
    const taken = (blocker.address() as { port: number }).port;
    const child = spawn(process.execPath, [join(repoRoot, 'examples/shop/dist/start/main.js')], {
      cwd: mkdtempSync(join(tmpdir(), 'rumlink-start-')),
      env: { PATH: process.env.PATH ?? '', ...DYNAMIC_PORTS, SHOP_API_PORT: String(taken) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = watchOutput(child);
    expect(await output.exited).toEqual({ code: 1, signal: null });
    expect(output.lines).toEqual([
      `npm start: port ${taken} (api) is already in use: stop what runs there (an earlier npm start?) or choose another port with --api-port / SHOP_API_PORT (0: any free port)`,
    ]);
  });

  it('refuses a bad flag with exit code 2 and one line', async () => {
    const child = spawn(
      process.execPath,
      [join(repoRoot, 'examples/shop/dist/start/main.js'), '--web-port', 'eighty'],
      {
        env: { PATH: process.env.PATH ?? '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const output = watchOutput(child);
    expect(await output.exited).toEqual({ code: 2, signal: null });
    expect(output.lines).toEqual([
      'npm start: --web-port must be a port number from 0 to 65535 (0: any free port), got "eighty"',
    ]);
  });
});
