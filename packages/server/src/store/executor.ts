/**
 * The only interface queries and writers use to reach ClickHouse. `chdb.ts` implements it in-process; a
 * ClickHouse server/cluster executor (`@clickhouse/client`) implements the same three calls.
 *
 * Parameters are always bound server-side (`{name:Type}` placeholders); SQL text never contains request strings.
 */
export type QueryParams = Record<string, string | number | boolean | string[] | number[]>;

export interface SqlExecutor {
  /** Human-readable: what store this is and where it keeps its data (printed at startup). */
  readonly description: string;
  /** Runs a SELECT and returns its rows (JSONEachRow). */
  query<Row = Record<string, unknown>>(sql: string, params?: QueryParams): Promise<Row[]>;
  /** Runs a statement that returns nothing (DDL, ALTER, OPTIMIZE). */
  command(sql: string, params?: QueryParams): Promise<void>;
  /** Inserts Native blocks (row-encoding.ts), read one after another, into `columns`; all land or none do. The
   *  blocks are passed as they are, so a batch of many writes is never copied into one buffer first. */
  insertRows(table: string, columns: readonly string[], blocks: readonly Buffer[]): Promise<void>;
  close(): Promise<void>;
}
