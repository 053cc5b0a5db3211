/** A WHERE clause built from fixed SQL fragments and the parameters they bind; request text only ever binds. */
import type { QueryParams } from '../store/executor.js';
import type { TimeRange } from './parameters.js';

/** `column` (DateTime64) within `{from:Int64}` … `{to:Int64}`, epoch milliseconds. */
export const TIME_RANGE = (column = 'Timestamp') =>
  `${column} >= fromUnixTimestamp64Milli({from:Int64}) AND ${column} <= fromUnixTimestamp64Milli({to:Int64})`;

export class Conditions {
  readonly params: QueryParams;
  private readonly parts: string[] = [];

  constructor(params: QueryParams = {}) {
    this.params = params;
  }

  /** Adds `sql` with its bound parameters; skipped when a parameter value is undefined (an absent filter). */
  add(sql: string, params: Record<string, QueryParams[string] | undefined> = {}): this {
    if (Object.values(params).some((value) => value === undefined)) return this;
    this.parts.push(sql);
    Object.assign(this.params, params);
    return this;
  }

  /** `Timestamp` (DateTime64) within the range, in epoch milliseconds. */
  timeRange(range: TimeRange, column = 'Timestamp'): this {
    return this.add(TIME_RANGE(column), { from: Math.floor(range.from), to: Math.ceil(range.to) });
  }

  /**
   * The same range on a DateTime (seconds) column, widened to whole seconds. otel_logs is partitioned and keyed on
   * `TimestampTime`, so only a bound on it prunes partitions and granules.
   */
  secondsRange(range: TimeRange, column: string): this {
    return this.add(
      `${column} >= toDateTime(intDiv({from:Int64}, 1000)) AND ${column} <= toDateTime(intDiv({to:Int64}, 1000) + 1)`,
      { from: Math.floor(range.from), to: Math.ceil(range.to) },
    );
  }

  toString(): string {
    return this.parts.length ? this.parts.join(' AND ') : '1';
  }
}
