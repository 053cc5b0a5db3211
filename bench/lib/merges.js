/**
 * Waiting for a store's background merges to finish. Large inserts leave merges running after the last insert; a
 * throughput that stops the clock there counts rows whose merge work is still owed, and over longer runs that work
 * slows the inserts down (chDB alone at 65,536-row batches: 222k rows/s over 30 s, 197k over 120 s, both 183k with
 * the wait counted). So sustained rates here count the wait.
 */
const POLL_MS = 200;
/** A merge is scheduled a moment after the insert that calls for it: "none running" must hold this long. */
const QUIET_S = 1;

/** Seconds until no merge of `table` has run for QUIET_S (at most `maxS`); `query(sql, params)` returns result rows. */
export async function waitForMerges(query, table, maxS = 120) {
  const started = performance.now();
  let quietSince;
  while (performance.now() - started < maxS * 1000) {
    const [{ running }] = await query('SELECT count() AS running FROM system.merges WHERE table = {table:String}', {
      table,
    });
    const now = performance.now();
    if (Number(running) > 0) quietSince = undefined;
    else if (quietSince === undefined) quietSince = now;
    else if (now - quietSince >= QUIET_S * 1000) return (quietSince - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return (performance.now() - started) / 1000;
}
