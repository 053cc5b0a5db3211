/**
 * The tables rumlink reads and writes. `otel_traces` and `otel_logs` follow the OpenTelemetry Collector ClickHouse
 * exporter's DDL (same names and types) so collectors can write into a cluster rumlink reads;
 * rumlink adds MATERIALIZED `SessionId` columns with bloom-filter indexes, through idempotent ALTERs, so tables the
 * collector created converge to the same shape.
 *
 * otel_traces differs from the collector's in its sort key only: rumlink reads spans by trace (a trace, a session's
 * traces), so TraceId leads and a trace's spans sit together in one granule, where the collector's (ServiceName,
 * SpanName, time) scatters them over one granule per service. Granules are capped at 1 MiB (about 800 spans) instead
 * of 8,192 rows: reading one span decompresses its whole granule of each column, and the attribute maps make a full
 * granule several MiB. A table the collector created keeps its key and still works, with slower trace reads.
 *
 * Of the collector's map indexes, only the one on the record's own attribute values is created: it is what prunes an
 * attribute filter (`SpanAttributes['k'] = 'v'` skips granules without 'v'). Key indexes prune nothing (every granule
 * holds the common keys) and resource/scope attributes take a few values per service, yet each bloom filter is
 * rebuilt at every insert and merge: in chDB-alone insert runs they cost about a tenth of its CPU per row (24 vs 26–28 µs).
 *
 * The collector's trace-id lookup table (`otel_traces_trace_id_ts` and the materialized view filling it) is not
 * created: with TraceId leading the key, otel_traces answers "is this trace stored?" as fast, and the view cost about
 * a fifth of the insert CPU (bench/RESULTS.md). A data directory that has them keeps them; nothing reads them.
 */
import type { SqlExecutor } from './executor.js';

/**
 * Spans and logs arrive as a stream of small inserts (a group-commit batch of a few thousand rows), and with the
 * default base (5) every row was rewritten by about five merges: merges were the store's largest CPU cost at full
 * ingest. Base 10 merges about twice as many parts at once, so a row goes through half as many merges (chDB alone:
 * 26.1 → 23.5 µs of CPU per row; the server under load: 48–62 → 44–45 µs per span); the price is more parts per
 * partition between merges (the query bench's 10M spans settle in 23 parts instead of 8).
 */
const MERGE_SELECTOR_BASE = 10;

const ttl = (column: string, days: number) => (days > 0 ? `TTL toDateTime(${column}) + toIntervalDay(${days})` : '');

/** Tables with a time-to-live, and the column it is computed from. */
export const RETENTION_COLUMNS = {
  otel_traces: 'Timestamp',
  otel_logs: 'TimestampTime',
  rum_events: 'Timestamp',
  rum_trace_links: 'Timestamp',
  rum_replay_segments: 'Start',
} as const;

function tableStatements(retentionDays: number): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS otel_traces (
      Timestamp DateTime64(9) CODEC(Delta, ZSTD(1)),
      TraceId String CODEC(ZSTD(1)),
      SpanId String CODEC(ZSTD(1)),
      ParentSpanId String CODEC(ZSTD(1)),
      TraceState String CODEC(ZSTD(1)),
      SpanName LowCardinality(String) CODEC(ZSTD(1)),
      SpanKind LowCardinality(String) CODEC(ZSTD(1)),
      ServiceName LowCardinality(String) CODEC(ZSTD(1)),
      ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
      ScopeName String CODEC(ZSTD(1)),
      ScopeVersion String CODEC(ZSTD(1)),
      SpanAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
      Duration UInt64 CODEC(ZSTD(1)),
      StatusCode LowCardinality(String) CODEC(ZSTD(1)),
      StatusMessage String CODEC(ZSTD(1)),
      Events Nested (Timestamp DateTime64(9), Name LowCardinality(String), Attributes Map(LowCardinality(String), String)) CODEC(ZSTD(1)),
      Links Nested (TraceId String, SpanId String, TraceState String, Attributes Map(LowCardinality(String), String)) CODEC(ZSTD(1)),
      INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1,
      INDEX idx_span_attr_value mapValues(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
      INDEX idx_duration Duration TYPE minmax GRANULARITY 1
    ) ENGINE = MergeTree
    PARTITION BY toDate(Timestamp)
    ORDER BY (TraceId, Timestamp)
    ${ttl('Timestamp', retentionDays)}
    SETTINGS index_granularity = 8192, index_granularity_bytes = 1048576, ttl_only_drop_parts = 1,
      merge_selector_base = ${MERGE_SELECTOR_BASE}`,

    `CREATE TABLE IF NOT EXISTS otel_logs (
      Timestamp DateTime64(9) CODEC(Delta(8), ZSTD(1)),
      TimestampTime DateTime DEFAULT toDateTime(Timestamp),
      TraceId String CODEC(ZSTD(1)),
      SpanId String CODEC(ZSTD(1)),
      TraceFlags UInt8,
      SeverityText LowCardinality(String) CODEC(ZSTD(1)),
      SeverityNumber UInt8,
      ServiceName LowCardinality(String) CODEC(ZSTD(1)),
      Body String CODEC(ZSTD(1)),
      ResourceSchemaUrl LowCardinality(String) CODEC(ZSTD(1)),
      ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
      ScopeSchemaUrl LowCardinality(String) CODEC(ZSTD(1)),
      ScopeName String CODEC(ZSTD(1)),
      ScopeVersion LowCardinality(String) CODEC(ZSTD(1)),
      ScopeAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
      LogAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
      INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1,
      INDEX idx_log_attr_value mapValues(LogAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
      INDEX idx_body Body TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 8
    ) ENGINE = MergeTree
    PARTITION BY toDate(TimestampTime)
    PRIMARY KEY (ServiceName, TimestampTime)
    ORDER BY (ServiceName, TimestampTime, Timestamp)
    ${ttl('TimestampTime', retentionDays)}
    SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1, merge_selector_base = ${MERGE_SELECTOR_BASE}`,

    // Session lookups are the common read, so the sort key starts with SessionId. ReplacingMergeTree keeps the
    // highest Version of an event: view updates, and SDK retries that resend an event with the same id.
    `CREATE TABLE IF NOT EXISTS rum_events (
      Timestamp DateTime64(3) CODEC(Delta, ZSTD(1)),
      ApplicationId LowCardinality(String),
      SessionId String CODEC(ZSTD(1)),
      ViewId String CODEC(ZSTD(1)),
      EventId String CODEC(ZSTD(1)),
      Type LowCardinality(String),
      Version UInt64,
      Source LowCardinality(String),
      Service LowCardinality(String),
      Env LowCardinality(String),
      AppVersion LowCardinality(String),
      ViewUrl String CODEC(ZSTD(1)),
      ViewName String CODEC(ZSTD(1)),
      Url String CODEC(ZSTD(1)),
      Method LowCardinality(String),
      StatusCode UInt16,
      DurationMs Float64,
      TraceId String CODEC(ZSTD(1)),
      SpanId String CODEC(ZSTD(1)),
      TraceSampled UInt8,
      LinkSource LowCardinality(String),
      ActionId String CODEC(ZSTD(1)),
      Name String CODEC(ZSTD(1)),
      Kind LowCardinality(String),
      Attributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
      Payload String CODEC(ZSTD(3)),
      ReceivedAt DateTime64(3),
      INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1,
      INDEX idx_event_id EventId TYPE bloom_filter(0.001) GRANULARITY 1
    ) ENGINE = ReplacingMergeTree(Version)
    PARTITION BY toDate(Timestamp)
    ORDER BY (SessionId, Type, EventId)
    ${ttl('Timestamp', retentionDays)}
    SETTINGS index_granularity = 8192`,

    // Trace → RUM in one primary-key read: the events that carry a trace id, ordered by it (rum_events is ordered for
    // sessions; finding a trace's RUM origin there meant a bloom-filter pass over the whole table).
    `CREATE TABLE IF NOT EXISTS rum_trace_links (
      TraceId String CODEC(ZSTD(1)),
      Type LowCardinality(String),
      EventId String CODEC(ZSTD(1)),
      SessionId String CODEC(ZSTD(1)),
      ViewId String CODEC(ZSTD(1)),
      ActionId String CODEC(ZSTD(1)),
      Timestamp DateTime64(3)
    ) ENGINE = ReplacingMergeTree
    PARTITION BY toDate(Timestamp)
    ORDER BY (TraceId, Type, EventId)
    ${ttl('Timestamp', retentionDays)}
    SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1`,

    `CREATE MATERIALIZED VIEW IF NOT EXISTS rum_trace_links_mv TO rum_trace_links AS
      SELECT TraceId, Type, EventId, SessionId, ViewId, ActionId, Timestamp FROM rum_events WHERE TraceId != ''`,

    `CREATE TABLE IF NOT EXISTS rum_replay_segments (
      ApplicationId LowCardinality(String),
      SessionId String,
      ViewId String,
      Start DateTime64(3),
      End DateTime64(3),
      RecordsCount UInt32,
      Source LowCardinality(String),
      Segment String CODEC(ZSTD(1)),
      Metadata String CODEC(ZSTD(1)),
      ReceivedAt DateTime64(3)
    ) ENGINE = MergeTree
    PARTITION BY toDate(Start)
    ORDER BY (SessionId, ViewId, Start)
    ${ttl('Start', retentionDays)}
    SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1`,

    // rumlink's additions to the collector tables: the session a span or log carries through baggage.
    `ALTER TABLE otel_traces ADD COLUMN IF NOT EXISTS SessionId String
      MATERIALIZED if(SpanAttributes['session.id'] != '', SpanAttributes['session.id'], ResourceAttributes['session.id'])`,
    'ALTER TABLE otel_traces ADD INDEX IF NOT EXISTS idx_session_id SessionId TYPE bloom_filter(0.001) GRANULARITY 1',
    `ALTER TABLE otel_logs ADD COLUMN IF NOT EXISTS SessionId String
      MATERIALIZED if(LogAttributes['session.id'] != '', LogAttributes['session.id'], ResourceAttributes['session.id'])`,
    'ALTER TABLE otel_logs ADD INDEX IF NOT EXISTS idx_session_id SessionId TYPE bloom_filter(0.001) GRANULARITY 1',
  ];
}

/**
 * Creates or upgrades every table; safe to run on every start and from several nodes. Returns notices about existing
 * tables that differ from what rumlink creates in ways it does not change by itself (startup prints them).
 */
export async function applySchema(executor: SqlExecutor, retentionDays: number): Promise<string[]> {
  // One look at what exists before: tables created below already have the configured TTL.
  const existing = await executor.query<ExistingTable>(
    'SELECT name, engine_full, sorting_key FROM system.tables WHERE database = currentDatabase()',
    {},
  );
  const exists = (name: string) => existing.some((table) => table.name === name);
  const hadTraceLinks = exists('rum_trace_links');
  for (const statement of tableStatements(retentionDays)) await executor.command(statement);
  // A data directory from before the links table: its view fills the table from now on, this fills it with the past.
  if (!hadTraceLinks && exists('rum_events')) {
    await executor.command(
      `INSERT INTO rum_trace_links SELECT TraceId, Type, EventId, SessionId, ViewId, ActionId, Timestamp
       FROM rum_events WHERE TraceId != ''`,
    );
  }
  await applyRetention(executor, retentionDays, existing);
  return adoptExistingTables(executor, existing);
}

interface ExistingTable {
  name: string;
  engine_full: string;
  sorting_key: string;
}

/**
 * A table the OpenTelemetry Collector (or an older rumlink) created gets rumlink's merge base (a setting, changed in
 * place, as the session columns are added) but keeps its sort key, which cannot change in place: it still works,
 * with slower trace reads, and the operator is told.
 */
async function adoptExistingTables(executor: SqlExecutor, existing: ExistingTable[]): Promise<string[]> {
  const notices: string[] = [];
  for (const { name, sorting_key, engine_full } of existing) {
    if (name !== 'otel_traces' && name !== 'otel_logs') continue;
    if (name === 'otel_traces' && !sorting_key.startsWith('TraceId')) {
      notices.push(
        `otel_traces is sorted by (${sorting_key}), not (TraceId, Timestamp) as rumlink creates it: trace and session ` +
          'reads scan more of it. A new data directory (or a table rumlink creates) has the faster key.',
      );
    }
    if (!new RegExp(`merge_selector_base = ${MERGE_SELECTOR_BASE}\\b`).test(engine_full)) {
      await executor.command(`ALTER TABLE ${name} MODIFY SETTING merge_selector_base = ${MERGE_SELECTOR_BASE}`);
    }
  }
  return notices;
}

/**
 * Brings existing tables' TTL to `retentionDays` when the configuration changed. Only metadata changes:
 * `ttl_only_drop_parts` lets merges drop whole expired parts instead of rewriting them.
 */
async function applyRetention(executor: SqlExecutor, retentionDays: number, tables: ExistingTable[]): Promise<void> {
  for (const { name, engine_full } of tables) {
    if (!(name in RETENTION_COLUMNS)) continue;
    const column = RETENTION_COLUMNS[name as keyof typeof RETENTION_COLUMNS];
    const wanted = retentionDays > 0 ? `toIntervalDay(${retentionDays})` : '';
    const current = /toIntervalDay\((\d+)\)/.exec(engine_full)?.[0] ?? '';
    if (current === wanted) continue;
    const change = retentionDays > 0 ? `MODIFY ${ttl(column, retentionDays)}` : 'REMOVE TTL';
    await executor.command(`ALTER TABLE ${name} ${change} SETTINGS materialize_ttl_after_modify = 0`);
  }
}
