/** Entry point of the server child (see server-child.js): `node server-child-main.js <dataDir>`. */
import { answerCalls } from './child-calls.js';
import { SERVER_DIST } from './paths.js';

const { startServer } = await import(`${SERVER_DIST}/index.js`);
const { getTrace } = await import(`${SERVER_DIST}/query/traces.js`);
const { getTimeline } = await import(`${SERVER_DIST}/query/timeline.js`);

const BENCH_APP = { id: 'bench', clientToken: 'bench_client_token_0123456789' };

const server = await startServer({
  dataDir: process.argv[2],
  port: 0,
  intakePort: 0,
  config: { applications: [BENCH_APP], retentionDays: 0 },
  // What-if runs only: a decode worker count and group-commit options other than the server's defaults,
  // e.g. BENCH_DECODE_THREADS=2, BENCH_SERVER_WRITER='{"maxDelayMs":5}'.
  decodeThreads: process.env.BENCH_DECODE_THREADS ? Number(process.env.BENCH_DECODE_THREADS) : undefined,
  writer: process.env.BENCH_SERVER_WRITER ? JSON.parse(process.env.BENCH_SERVER_WRITER) : undefined,
});
const { executor } = server;

/** An executor that records every statement a route function issues, with its time. */
function recordingExecutor(statements) {
  return {
    ...executor,
    async query(sql, params) {
      const started = performance.now();
      const rows = await executor.query(sql, params);
      statements.push({ sql, params, ms: performance.now() - started, rows: rows.length });
      return rows;
    },
  };
}

const routes = {
  trace: (store, id) => getTrace(store, id),
  timeline: (store, id) => getTimeline(store, id, { maxItemsPerSource: 5000 }),
};

const ops = {
  async query({ sql, params }) {
    const started = performance.now();
    const rows = await executor.query(sql, params);
    return { rows, ms: performance.now() - started };
  },
  async command({ sql, params }) {
    const started = performance.now();
    await executor.command(sql, params);
    return { ms: performance.now() - started };
  },
  async profile({ route, id }) {
    const statements = [];
    const started = performance.now();
    await routes[route](recordingExecutor(statements), id);
    return { totalMs: performance.now() - started, statements };
  },
  stop: () => server.stop(),
};

answerCalls(ops, 'stop');
process.send({ ready: { intakeUrl: server.intakeUrl, queryUrl: server.queryUrl, store: server.store } });
