/**
 * Runs the `rumlink` CLI in this process (same argv: `serve --data …`) with the lifeline the shop processes have:
 * stdin is a pipe from the supervisor, and when it closes without a stop (the supervisor was killed), rumlink gets
 * the SIGTERM it would have got, flushes its store and exits, instead of living on as an orphan holding its ports.
 */
import { fileURLToPath } from 'node:url';

process.stdin.once('close', () => process.kill(process.pid, 'SIGTERM'));
process.stdin.resume();
const cli = new URL('./cli.js', import.meta.resolve('@rumlink/server'));
process.argv[1] = fileURLToPath(cli);
await import(cli.href);
