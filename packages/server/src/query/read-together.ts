/**
 * Several independent SELECTs as one statement. chDB runs a process's parameterized statements one at a time (see
 * docs/architecture.md), so a route's reads add up, each with its own fixed cost; the branches of one UNION ALL run in
 * parallel inside the engine and the fixed cost is paid once. Each branch's rows travel as JSON text
 * (`formatRowNoNewline`: the same JSON as `query`'s JSONEachRow output), in the branch's own order, and share one set
 * of bound parameters.
 */
import type { QueryParams, SqlExecutor } from '../store/executor.js';

export async function readTogether<Rows extends unknown[][]>(
  store: SqlExecutor,
  statements: { [K in keyof Rows]: string },
  params: QueryParams,
): Promise<Rows> {
  const sql = statements
    .map((statement, part) => `SELECT ${part} AS Part, formatRowNoNewline('JSONEachRow', *) AS Row FROM (${statement})`)
    .join('\nUNION ALL\n');
  const results = statements.map(() => [] as unknown[]);
  for (const { Part, Row } of await store.query<{ Part: number; Row: string }>(sql, params)) {
    results[Part]!.push(JSON.parse(Row));
  }
  return results as Rows;
}
