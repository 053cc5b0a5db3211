/** RESULTS.md section for the query benchmark. */
import { mib, ms, num, table, verdict } from '../lib/markdown.js';

const oneLine = (sql) => sql.replace(/\s+/g, ' ').trim();
const brief = (sql, length = 110) => {
  const text = oneLine(sql);
  return text.length > length ? `${text.slice(0, length)}…` : text;
};

export function queryReport(r, knobs) {
  const { shape, data } = r;
  const pass = Object.fromEntries(r.routes.map((route) => [route.name, route.latency.p50 <= route.budgetMs]));
  const rows = data.parts.map((part) => `${part.table} ${num(part.rows)} rows in ${part.parts} parts`).join('; ');
  const section = [
    '## 2. Query latency',
    '',
    table(
      ['route', 'requests', 'p50', 'p90', 'p99', 'max', 'budget', 'result', 'returned per request (mean)'],
      r.routes.map((route) => [
        `\`${route.route}\``,
        route.latency.count,
        ms(route.latency.p50),
        ms(route.latency.p90),
        ms(route.latency.p99),
        ms(route.latency.max),
        `p50 ≤ ${route.budgetMs} ms`,
        verdict(pass[route.name]),
        Object.entries(route.averages)
          .map(([key, value]) => `${key} ${num(value, value % 1 ? 1 : 0)}`)
          .join(', '),
      ]),
    ),
    '',
    `Data: ${num(shape.spans)} spans, ${num(shape.logs)} logs, ${num(shape.traces)} traces of 10 spans, ` +
      `${num(shape.sessions)} sessions (20 traces = 200 spans each, half carrying \`session.id\`, the other half linked only ` +
      `through the RUM resource that carries their trace id), 40 RUM event rows per session; spread over 3 days. ` +
      `${data.reused ? 'Reused a data set generated earlier' : `Generated in ${num(data.seconds.spans + data.seconds.logs + data.seconds.rumEvents)} s`} ` +
      `(spans ${num(data.seconds.spans)} s, logs ${num(data.seconds.logs)} s, RUM events ${num(data.seconds.rumEvents, 1)} s), ` +
      `then the run waited until no background merge was running (at most ${knobs.settleS} s; it waited ` +
      `${num(data.waitedS ?? 0)} s); no OPTIMIZE. Active parts after that: ${rows}. ` +
      `Data directory: ${num(r.dataBytes / 2 ** 30, 2)} GiB on disk.`,
    '',
    `Server memory during the query phase: peak ${mib(r.memory.peakMiB)}, steady ${mib(r.memory.steadyMiB)} (VmRSS).`,
    '',
    '**Where the time goes**: each SQL statement the route runs, timed inside the server process with the real query ' +
      'functions (median of 5 requests; statements of one route partly run concurrently and compete for the 2 CPUs), ' +
      'and each statement run again on its own (median of 3):',
    '',
  ];
  for (const route of r.routes) {
    section.push(
      table(
        [`\`${route.route}\` (median total ${ms(route.profile.totalMs)})`, 'in the route', 'alone', 'rows'],
        route.profile.statements.map((statement) => [
          `\`${brief(statement.sql)}\``,
          ms(statement.medianMs),
          ms(statement.aloneMs),
          num(statement.rows),
        ]),
      ),
      '',
      `<details><summary>EXPLAIN indexes = 1 of the slowest statement of ${route.route}</summary>`,
      '',
      '```sql',
      oneLine(route.profile.statements.reduce((a, b) => (b.medianMs > a.medianMs ? b : a)).sql),
      '```',
      '',
      '```',
      ...route.profile.explain,
      '```',
      '',
      '</details>',
      '',
    );
  }
  return { markdown: section.join('\n'), pass };
}
