import { describe, expect, it } from 'vitest';
import { useTemporaryStore } from '../../test/temporary-store.js';
import { applySchema } from './schema.js';

describe('applySchema', () => {
  const temporary = useTemporaryStore();

  it('has nothing to say about the tables it creates, on the first start and the next', async () => {
    expect(await applySchema(temporary.store, 7)).toEqual([]);
    expect(await applySchema(temporary.store, 7)).toEqual([]);
  });

  it('gives an existing span table its merge base, and tells that its sort key is the collector’s', async () => {
    await temporary.store.command('DROP TABLE otel_traces');
    // The shape the OpenTelemetry Collector's ClickHouse exporter creates (abridged to what rumlink's ALTERs use).
    await temporary.store.command(
      `CREATE TABLE otel_traces (
        Timestamp DateTime64(9), TraceId String, ServiceName LowCardinality(String), SpanName LowCardinality(String),
        ResourceAttributes Map(LowCardinality(String), String), SpanAttributes Map(LowCardinality(String), String)
      ) ENGINE = MergeTree PARTITION BY toDate(Timestamp) ORDER BY (ServiceName, SpanName, toDateTime(Timestamp))`,
    );
    const notices = await applySchema(temporary.store, 7);
    expect(notices).toEqual([
      expect.stringMatching(
        /^otel_traces is sorted by \(ServiceName, SpanName, toDateTime\(Timestamp\)\), not \(TraceId/,
      ),
    ]);
    const [table] = await temporary.store.query<{ engine_full: string }>(
      "SELECT engine_full FROM system.tables WHERE name = 'otel_traces'",
    );
    expect(table!.engine_full).toMatch(/merge_selector_base = 10\b/);
    // The table gained rumlink's session column too.
    const columns = await temporary.store.query<{ name: string }>(
      "SELECT name FROM system.columns WHERE table = 'otel_traces'",
    );
    expect(columns.map((column) => column.name)).toContain('SessionId');
    expect(await applySchema(temporary.store, 7)).toEqual(notices);
  });
});
