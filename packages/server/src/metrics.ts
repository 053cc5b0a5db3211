/**
 * Server self-metrics in the Prometheus text exposition format (served at /metrics on the query listener).
 * A handful of counters and histograms does not justify a client library.
 */

type Labels = Record<string, string>;

const LATENCY_BUCKETS_MS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];
const BATCH_ROW_BUCKETS = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000];

class Counter {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  add(labels: Labels, amount = 1): void {
    const key = labelText(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + amount);
  }
  get(labels: Labels): number {
    return this.values.get(labelText(labels)) ?? 0;
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [labels, value] of this.values) lines.push(`${this.name}${labels} ${value}`);
    return lines;
  }
}

class Histogram {
  private readonly series = new Map<string, { counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly buckets: number[],
  ) {}
  observe(labels: Labels, value: number): void {
    const key = labelText(labels);
    let entry = this.series.get(key);
    if (!entry) {
      entry = { counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, entry);
    }
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]!) entry.counts[i]!++;
    entry.sum += value;
    entry.count++;
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [labels, entry] of this.series) {
      const inner = labels.slice(1, -1);
      const join = inner ? `${inner},` : '';
      this.buckets.forEach((bound, i) => {
        lines.push(`${this.name}_bucket{${join}le="${bound}"} ${entry.counts[i]}`);
      });
      lines.push(`${this.name}_bucket{${join}le="+Inf"} ${entry.count}`);
      lines.push(`${this.name}_sum${labels} ${entry.sum}`, `${this.name}_count${labels} ${entry.count}`);
    }
    return lines;
  }
}

function labelText(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  const escaped = entries.map(
    ([key, value]) => `${key}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
  );
  return `{${escaped.join(',')}}`;
}

export interface ServerMetrics {
  /** Items accepted per kind (`span`, `log`, `rum_event`, `replay_segment`). */
  readonly accepted: Counter;
  /** Requests or items refused, per kind and error code. */
  readonly rejected: Counter;
  /** Events a browser SDK dropped from its bounded queue (collector unreachable), as it reported them, per app. */
  readonly clientDropped: Counter;
  readonly batchRows: Histogram;
  readonly insertLatency: Histogram;
  render(gauges: { bufferedBytes: number }): string;
}

export function createServerMetrics(): ServerMetrics {
  const accepted = new Counter('rumlink_intake_accepted_total', 'Items accepted by the intake, by kind.');
  const rejected = new Counter(
    'rumlink_intake_rejected_total',
    'Items or requests refused by the intake, by kind and code.',
  );
  const clientDropped = new Counter(
    'rumlink_rum_client_dropped_events_total',
    'Events browser SDKs dropped from their bounded queues while the intake was unreachable, by application.',
  );
  const batchRows = new Histogram(
    'rumlink_store_batch_rows',
    'Rows per group-committed insert, by table.',
    BATCH_ROW_BUCKETS,
  );
  const insertLatency = new Histogram(
    'rumlink_store_insert_duration_ms',
    'Insert latency per batch in milliseconds, by table.',
    LATENCY_BUCKETS_MS,
  );
  return {
    accepted,
    rejected,
    clientDropped,
    batchRows,
    insertLatency,
    render({ bufferedBytes }) {
      const lines = [
        ...accepted.render(),
        ...rejected.render(),
        ...clientDropped.render(),
        ...batchRows.render(),
        ...insertLatency.render(),
        '# HELP rumlink_store_buffered_bytes Bytes accepted and waiting to be inserted.',
        '# TYPE rumlink_store_buffered_bytes gauge',
        `rumlink_store_buffered_bytes ${bufferedBytes}`,
        '# HELP rumlink_process_resident_memory_bytes Resident set size of the server process.',
        '# TYPE rumlink_process_resident_memory_bytes gauge',
        `rumlink_process_resident_memory_bytes ${process.memoryUsage.rss()}`,
      ];
      return `${lines.join('\n')}\n`;
    },
  };
}
