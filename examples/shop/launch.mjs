#!/usr/bin/env node
/**
 * `npm start` and `npm run demo:traffic` land here: build what is missing or older than its sources (a fresh
 * clone after `npm install` is already built by postinstall), then run the compiled command.
 * Usage: node examples/shop/launch.mjs start|traffic [options]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const COMMANDS = { start: './dist/start/main.js', traffic: './dist/traffic/main.js' };
const shopDir = dirname(fileURLToPath(import.meta.url));
const root = join(shopDir, '..', '..');

/** Newest source file under `path`; tests are not build inputs (and tsc -b leaves an up-to-date build untouched). */
const newest = (path) => {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return path.endsWith('.test.ts') ? 0 : stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
};
const mtime = (path) => (existsSync(path) ? statSync(path).mtimeMs : 0);

/** Each build output, with the sources it is made from. */
const OUTPUTS = [
  ...['packages/server', 'packages/browser', 'packages/node', 'examples/shop'].map((dir) => ({
    output: join(root, dir, 'tsconfig.tsbuildinfo'),
    sources: [join(root, dir, 'src')],
  })),
  { output: join(shopDir, 'dist/page/shop.js'), sources: [join(shopDir, 'page'), join(root, 'packages/browser/src')] },
  { output: join(root, 'packages/ui/dist/index.html'), sources: [join(root, 'packages/ui/src')] },
];

const [command, ...args] = process.argv.slice(2);
if (!(command in COMMANDS)) {
  console.error(`usage: node examples/shop/launch.mjs ${Object.keys(COMMANDS).join('|')} [options]`);
  process.exit(2);
}
const stale = OUTPUTS.filter(({ output, sources }) => mtime(output) < Math.max(...sources.map(newest)));
if (stale.length > 0) {
  console.log(`building (${stale.map(({ output }) => output.slice(root.length + 1)).join(', ')} out of date)…`);
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('the build failed: fix the errors above, then run npm start again');
    process.exit(1);
  }
}
process.argv = [process.argv[0], join(shopDir, COMMANDS[command]), ...args];
await import(new URL(COMMANDS[command], import.meta.url).href);
