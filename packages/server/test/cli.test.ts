/** The `rumlink` command as a person runs it: the built CLI in its own process. */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

function run(args: string[], untilOutput?: RegExp) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: mkdtempSync(join(tmpdir(), 'rumlink-cli-')) });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (!interrupted && untilOutput?.test(stdout)) {
        interrupted = true;
        child.kill('SIGINT'); // once: a second Ctrl-C forces an immediate exit
      }
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('rumlink CLI', () => {
  it('prints help', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: rumlink serve [options]');
    expect(stdout).toContain('--intake-port PORT');
  });

  it.each([
    [['serve', '--port', 'abc'], 'rumlink: --port must be a port number from 0 to 65535, got "abc"'],
    [
      ['serve', '--nope'],
      "rumlink: Unknown option '--nope'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- \"--nope\" (see rumlink --help)",
    ],
    [
      ['serve', '--config', '/nonexistent/rumlink.json'],
      'rumlink: cannot read config file /nonexistent/rumlink.json: ENOENT',
    ],
  ])('%j exits 2 with one line naming the problem', async (args, message) => {
    const { code, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stderr.trim()).toBe(message);
  });

  it('exits 2 on an invalid config file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rumlink-cli-')), 'rumlink.json');
    writeFileSync(file, JSON.stringify({ retentionDays: 'week' }));
    const { code, stderr } = await run(['serve', '--config', file, '--port', '0', '--intake-port', '0']);
    expect(code).toBe(2);
    expect(stderr.trim()).toMatch(/^rumlink: .*rumlink\.json: retentionDays: /);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 when asked to expose the query API without an apiKey', async () => {
    const { code, stderr } = await run(['serve', '--host', '0.0.0.0', '--port', '0', '--intake-port', '0']);
    expect(code).toBe(2);
    expect(stderr).toContain('refusing to serve the query API on non-loopback host 0.0.0.0 without an apiKey');
  });

  it('starts, prints the URLs, the store and the development token, and stops cleanly on Ctrl-C', async () => {
    const { code, stdout } = await run(['serve', '--port', '0', '--intake-port', '0'], /Press Ctrl-C/);
    expect(code).toBe(0);
    expect(stdout).toMatch(/store +embedded chDB [\d.]+ at .*rumlink-data/);
    expect(stdout).toMatch(/query API +http:\/\/127\.0\.0\.1:\d+\/api\/v1\/sessions/);
    expect(stdout).toMatch(/OTLP\/HTTP +http:\/\/127\.0\.0\.1:\d+\/v1\/traces/);
    expect(stdout).toMatch(/application +dev \(Development\) +clientToken: pub[0-9a-f]{32}/);
    expect(stdout).toContain('rumlink stopped.');
  });
});
