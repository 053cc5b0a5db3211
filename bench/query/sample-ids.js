/** Existing trace and session ids picked at random (seeded, so runs are repeatable), computed from their row numbers. */
import { sessionIdSql, traceIdSql } from './dataset-sql.js';

function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function idsFor(server, idSql, numbers) {
  const { rows } = await server.query(
    `SELECT ${idSql('n')} AS id FROM (SELECT arrayJoin({numbers:Array(UInt64)}) AS n)`,
    {
      numbers,
    },
  );
  return rows.map((row) => row.id);
}

export async function sampleIds(server, shape, count, seed = 42) {
  const random = seededRandom(seed);
  const pick = (n) => Array.from({ length: count }, () => Math.floor(random() * n));
  return {
    traceIds: await idsFor(server, traceIdSql, pick(shape.traces)),
    sessionIds: await idsFor(server, sessionIdSql, pick(shape.sessions)),
  };
}
