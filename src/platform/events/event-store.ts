import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/**
 * The port through which analytics reads and writes events. DuckDB is the embedded engine;
 * ClickHouse (CLICKHOUSE_URL) arrives with the analytics context and implements the same port.
 */
export interface EventStore {
  engine: 'duckdb' | 'clickhouse';
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export async function openEventStore(opts: { dataDir: string }): Promise<EventStore> {
  mkdirSync(opts.dataDir, { recursive: true });
  const instance = await DuckDBInstance.create(path.join(opts.dataDir, 'events.duckdb'));
  const connection = await instance.connect();
  let closed = false;
  return {
    engine: 'duckdb',
    async ping() {
      if (closed) return false;
      try {
        await connection.run('select 1');
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      // CHECKPOINT folds the WAL into the database file so the next start does not replay it.
      await connection.run('CHECKPOINT');
      connection.closeSync();
      instance.closeSync();
    },
  };
}
