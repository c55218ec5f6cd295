import { openClickHouseEventStore } from './clickhouse-event-store';
import { openDuckDbEventStore } from './duckdb-event-store';
import type { EventStore } from './event-store';

/** DuckDB in DATA_DIR by default; ClickHouse when CLICKHOUSE_URL is set (a cluster with CLICKHOUSE_CLUSTER). */
export async function openEventStore(opts: {
  dataDir: string;
  clickhouseUrl?: string;
  clickhouseCluster?: string;
  clickhouseShardUrls?: string[];
  duckdbThreads?: number;
}): Promise<EventStore> {
  if (opts.clickhouseUrl) {
    return openClickHouseEventStore({
      url: opts.clickhouseUrl,
      cluster: opts.clickhouseCluster,
      shardUrls: opts.clickhouseShardUrls,
    });
  }
  return openDuckDbEventStore({ dataDir: opts.dataDir, threads: opts.duckdbThreads });
}
