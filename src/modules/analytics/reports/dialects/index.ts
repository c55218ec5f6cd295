import type { EventStore } from '../../../../platform/events/event-store';
import type { Dialect } from '../dialect';
import { clickHouseDialect } from './clickhouse';
import { duckDbDialect } from './duckdb';

/**
 * The dialect reports are compiled in for a store. A store may bring its own (a ClickHouse store
 * reading through a Distributed table names it there); otherwise the engine's default.
 */
export function dialectFor(store: EventStore & { dialect?: Dialect }): Dialect {
  if (store.dialect) return store.dialect;
  return store.engine === 'clickhouse' ? clickHouseDialect : duckDbDialect;
}
