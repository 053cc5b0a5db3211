/**
 * A child process that answers calls over IPC: the parent's side (`forkWithCalls`) and the child's (`answerCalls`).
 * Each store lives in its own process (libchdb binds one data directory per process), driven from the bench.
 */
import { fork } from 'node:child_process';

/** Forks `entry`; resolves once the child sends `{ ready }`, with that value, `call(op, args)` and the process. */
export function forkWithCalls(entry, args, name) {
  const child = fork(entry, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
  const pending = new Map();
  let nextId = 0;
  let exited = false;
  let announce;
  const ready = new Promise((resolve, reject) => {
    announce = resolve;
    child.once('exit', () => reject(new Error(`${name} exited before it was ready`)));
  });
  child.on('exit', (code, signal) => {
    exited = true;
    for (const { reject } of pending.values()) reject(new Error(`${name} exited (code ${code}, signal ${signal})`));
    pending.clear();
  });
  child.on('message', (message) => {
    if (message.ready) return announce(message.ready);
    const waiter = pending.get(message.callId);
    if (!waiter) return;
    pending.delete(message.callId);
    if (message.error) waiter.reject(new Error(message.error));
    else waiter.resolve(message.result);
  });
  const call = (op, callArgs = {}) =>
    new Promise((resolve, reject) => {
      if (exited) return reject(new Error(`${name} has exited`));
      const callId = nextId++;
      pending.set(callId, { resolve, reject });
      child.send({ callId, op, ...callArgs });
    });
  /** Waits for the child to leave after `op` (which makes it disconnect). */
  const callAndExit = async (op) => {
    if (exited) return undefined;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    const result = await call(op);
    await gone;
    return result;
  };
  return ready.then((value) => ({ ready: value, call, callAndExit, pid: child.pid }));
}

/** The child's side: runs `ops[op](args)` for each call and replies; after `lastOp` it disconnects and so exits. */
export function answerCalls(ops, lastOp) {
  // The parent going away ends the child.
  process.on('disconnect', () => process.exit(0));
  process.on('message', async ({ callId, op, ...args }) => {
    const afterReply = () => op === lastOp && process.disconnect();
    try {
      process.send({ callId, result: await ops[op](args) }, afterReply);
    } catch (error) {
      process.send(
        { callId, error: error instanceof Error ? (error.stack ?? error.message) : String(error) },
        afterReply,
      );
    }
  });
}
