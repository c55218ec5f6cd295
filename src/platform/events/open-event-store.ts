import { openDuckDbEventStore } from './duckdb-event-store';
import type { EventStore } from './event-store';

/** DuckDB in DATA_DIR by default; ClickHouse when CLICKHOUSE_URL is set. */
export async function openEventStore(opts: { dataDir: string; clickhouseUrl?: string }): Promise<EventStore> {
  return openDuckDbEventStore({ dataDir: opts.dataDir });
}
