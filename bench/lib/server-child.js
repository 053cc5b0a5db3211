/**
 * A rumlink server in a child process (libchdb binds one data directory per process, and load generators must not
 * share the server's event loop). The child reports its URLs over IPC and runs SQL on the server's own executor.
 */
import { forkWithCalls } from './child-calls.js';

const ENTRY = new URL('./server-child-main.js', import.meta.url);

export async function startServerChild(dataDir) {
  const { ready: urls, call, callAndExit, pid } = await forkWithCalls(ENTRY, [dataDir], 'server child');
  return {
    pid,
    ...urls,
    /** Rows of a SELECT, and how long the store took (ms, measured in the child). */
    query: (sql, params) => call('query', { sql, params }),
    command: (sql, params) => call('command', { sql, params }),
    /** Runs a query route's function with an executor that times each SQL statement it issues. */
    profile: (route, id) => call('profile', { route, id }),
    stop: () => callAndExit('stop'),
  };
}
