/** The chDB-alone peer's process (chdb-alone-main.js): open once with its batch size, then run when told. */
import { forkWithCalls } from '../lib/child-calls.js';
import { DATA_DIR } from '../lib/paths.js';

export async function startChdbAlone(bodies, batchRows) {
  const { call, callAndExit } = await forkWithCalls(
    new URL('./chdb-alone-main.js', import.meta.url),
    [],
    'chDB-alone child',
  );
  const opened = await call('open', { dataDir: `${DATA_DIR}/ingest-chdb-alone-${batchRows}`, bodies, batchRows });
  return {
    batchRows: opened.batchRows,
    /** `{ rows, durationS, drainS, threadCpu, insertMs }` of one timed run. */
    run: (warmupS, durationS) => call('run', { warmupS, durationS }),
    /** `{ stored, inserted }`; the child then exits. */
    close: () => callAndExit('close'),
  };
}
