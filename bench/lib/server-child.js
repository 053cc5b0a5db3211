/**
 * A rumlink server in a child process (libchdb binds one data directory per process, and load generators must not
 * share the server's event loop). The child reports its URLs over IPC and runs SQL on the server's own executor.
 */
import { fork } from 'node:child_process';

const ENTRY = new URL('./server-child-main.js', import.meta.url);

export function startServerChild(dataDir) {
  const child = fork(ENTRY, [dataDir], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
  const pending = new Map();
  let nextId = 0;
  let exited = false;
  const failAll = (error) => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  let announce;
  const ready = new Promise((resolve, reject) => {
    announce = resolve;
    child.once('exit', () => reject(new Error('server child exited before it was ready')));
  });
  child.on('exit', (code, signal) => {
    exited = true;
    failAll(new Error(`server child exited (code ${code}, signal ${signal})`));
  });
  child.on('message', (message) => {
    if (message.ready) return announce(message.ready);
    const waiter = pending.get(message.callId);
    if (!waiter) return;
    pending.delete(message.callId);
    if (message.error) waiter.reject(new Error(message.error));
    else waiter.resolve(message.result);
  });
  const call = (op, args = {}) =>
    new Promise((resolve, reject) => {
      if (exited) return reject(new Error('server child has exited'));
      const callId = nextId++;
      pending.set(callId, { resolve, reject });
      child.send({ callId, op, ...args });
    });

  return ready.then((urls) => ({
    pid: child.pid,
    ...urls,
    /** Rows of a SELECT, and how long the store took (ms, measured in the child). */
    query: (sql, params) => call('query', { sql, params }),
    command: (sql, params) => call('command', { sql, params }),
    /** Runs a query route's function with an executor that times each SQL statement it issues. */
    profile: (route, id) => call('profile', { route, id }),
    async stop() {
      if (exited) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      await call('stop');
      await gone;
    },
  }));
}
