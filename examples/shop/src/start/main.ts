/**
 * `npm start`: rumlink plus the demo shop, until Ctrl-C / SIGTERM. Exit codes: 0 stopped cleanly, 1 failed at run
 * time (a process crashed, a port is taken), 2 bad flags or environment.
 */
import { ShopConfigError } from '../process/environment.js';
import { PortInUseError } from './port-availability.js';
import { type ShopStack, startShopStack } from './shop-stack.js';
import { parseStartOptions, START_USAGE } from './start-options.js';

const print = (line: string) => console.log(line);

function instructions(stack: ShopStack): string {
  const { urls, application } = stack;
  return [
    '',
    'rumlink demo shop is running',
    `  shop         ${urls.shop}`,
    `  rumlink UI   ${urls.ui}`,
    `  api          ${urls.api}   auth ${urls.auth}   third party ${urls.thirdParty}`,
    `  queue        ${urls.queue}${stack.queueDataDir ? ` (local SQS, journal in ${stack.queueDataDir})` : ' (SQS)'}`,
    `  intake       ${urls.intake}   application ${application.id}, clientToken ${application.clientToken}`,
    '',
    `Open ${urls.shop} and click: "Add to cart" on a product or two, then "Checkout";`,
    '"Show recommendations" is slow on purpose and "Apply coupon" fails on purpose.',
    `Then open the rumlink UI at ${urls.ui} and pick the session (its id is at the top right of the shop): its`,
    'timeline runs through the page, api, auth, queue and worker; each request links to its trace and log lines.',
    'Or let a headless browser click for you: npm run demo:traffic',
    'Press Ctrl-C to stop everything (telemetry and rumlink data are flushed first).',
    '',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const options = parseStartOptions(argv, process.env);
  if (options.help) {
    print(START_USAGE);
    return 0;
  }
  // Listening before anything starts: a signal during startup stops the stack once it is up, never orphans it.
  let signalled: (outcome: { reason: string; code: number }) => void = () => undefined;
  const signal = new Promise<{ reason: string; code: number }>((resolve) => {
    signalled = resolve;
  });
  process.once('SIGINT', () => signalled({ reason: 'Ctrl-C', code: 0 }));
  process.once('SIGTERM', () => signalled({ reason: 'SIGTERM', code: 0 }));

  const stack = await startShopStack(options, print);
  print(instructions(stack));
  const outcome = await Promise.race([
    signal,
    stack.unexpectedExit.then((child) => ({ reason: `${child.name} exited unexpectedly`, code: 1 })),
  ]);
  print(`\n${outcome.reason}: stopping the shop, then rumlink (flushing telemetry and data)… Ctrl-C again forces it.`);
  process.once('SIGINT', () => {
    for (const child of stack.processes) child.kill();
    process.exit(130);
  });
  const killed = await stack.stop();
  if (killed.length > 0) {
    print(`did not stop in time and were killed: ${killed.join(', ')}`);
    return 1;
  }
  print('stopped.');
  return outcome.code;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`npm start: ${(error as Error).message}`);
    if (error instanceof PortInUseError) process.exit(1);
    if (error instanceof ShopConfigError) process.exit(2);
    process.exit(1);
  },
);
