import { type Dialect, type Interval, integerLiteral } from '../dialect';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const WEEK = 7 * DAY;
// 1970-01-05, the first Monday after the epoch: weeks are counted from it.
const FIRST_MONDAY = 4 * DAY;

/**
 * ClickHouse, written for 18.16 (Debian's package) and valid on later versions. Differences from
 * DuckDB that matter for identical rows (docs/clickhouse.md):
 * - no query parameters in 18.16: `string()` is the whole defence (backslash and quote escaped;
 *   control characters written as escapes so a statement stays one readable line);
 * - `sessions` is a ReplacingMergeTree that keeps old versions of a visit until a merge: read it
 *   `FINAL`. (18.16 rejects `FINAL` + a plain ORDER BY through a Distributed table unless every
 *   sort-key column is read; reports only aggregate visits, which works);
 * - buckets are integer arithmetic on UTC ms, months via `toStartOfMonth(..., 'UTC')`, so the
 *   server's timezone never shifts a day;
 * - RE2 in ClickHouse lets `.` match a newline, DuckDB's does not: `(?-s)` makes them agree;
 * - across shards a plain `IN (subquery)` would run the subquery against each shard's local part
 *   only (or be refused): `GLOBAL IN` runs it once and ships the result; on one server it is IN.
 */
export function createClickHouseDialect(
  opts: { events?: string; sessions?: string; globalIn?: boolean } = {},
): Dialect {
  const events = opts.events ?? 'events';
  const sessions = opts.sessions ?? 'sessions';
  const globalIn = opts.globalIn ?? true;
  const string = (value: string) =>
    `'${value
      .replaceAll('\\', '\\\\')
      .replaceAll("'", "\\'")
      .replaceAll('\0', '\\0')
      .replaceAll('\n', '\\n')
      .replaceAll('\r', '\\r')
      .replaceAll('\t', '\\t')}'`;
  return {
    engine: 'clickhouse',

    string,
    int: integerLiteral,

    eventsTable: () => events,
    sessionsTable: () => `${sessions} FINAL`,

    distinctCount: (expr) => `uniqExact(${expr})`,
    distinctCountIf: (expr, cond) => `uniqExactIf(${expr}, ${cond})`,
    countIf: (cond) => `countIf(${cond})`,
    sumIf: (expr, cond) => `sumIf(${expr}, ${cond})`,

    bucketStart(ms, interval: Interval) {
      switch (interval) {
        case 'hour':
          return `intDiv(${ms}, ${HOUR}) * ${HOUR}`;
        case 'day':
          return `intDiv(${ms}, ${DAY}) * ${DAY}`;
        case 'week':
          return `intDiv((${ms}) - ${FIRST_MONDAY}, ${WEEK}) * ${WEEK} + ${FIRST_MONDAY}`;
        case 'month':
          return `toInt64(toDateTime(toStartOfMonth(toDateTime(intDiv(${ms}, 1000), 'UTC')), 'UTC')) * 1000`;
      }
    },
    intDiv: (a, b) => `intDiv(${a}, ${b})`,

    arrayContains: (arr, element) => `has(${arr}, ${element})`,
    // indexOf is 0 when absent, and element 0 of an array is the type's default ('').
    propValue: (key) => `props_values[indexOf(props_keys, ${string(key)})]`,
    arrayJoin: (arr) => `arrayJoin(${arr})`,
    // argMaxIf over no rows gives the type's default, ''.
    latestIf: (value, order, cond) => `argMaxIf(${value}, ${order}, ${cond})`,
    containsIgnoreCase: (expr, needle) => `positionCaseInsensitiveUTF8(${expr}, ${string(needle)}) > 0`,
    regexMatch: (expr, regex) => `match(${expr}, ${string(`(?-s)${regex}`)})`,

    toFloat: (expr) => `toFloat64(${expr})`,
    toInt: (expr) => `toInt64(${expr})`,
    toText: (expr) => `toString(${expr})`,

    inSubquery: (expr, subquery) => `${expr} ${globalIn ? 'GLOBAL IN' : 'IN'} (${subquery})`,
    limit: (count, offset) => `LIMIT ${integerLiteral(count)} OFFSET ${integerLiteral(offset)}`,
  };
}

/** One dialect for a single server and a cluster: the tables keep their names (`events`, `sessions`). */
export const clickHouseDialect = createClickHouseDialect();
