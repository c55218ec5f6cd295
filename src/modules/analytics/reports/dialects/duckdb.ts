import { type Dialect, type Interval, integerLiteral } from '../dialect';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const WEEK = 7 * DAY;
// 1970-01-05, the first Monday after the epoch: weeks are counted from it.
const FIRST_MONDAY = 4 * DAY;

/** DuckDB: standard SQL strings (quote doubled, backslash is plain text), FILTER clauses, lists. */
export const duckDbDialect: Dialect = {
  engine: 'duckdb',

  string(value) {
    // A NUL cannot sit inside a DuckDB literal: splice it in with chr(0).
    const parts = value.split('\0').map((part) => `'${part.replaceAll("'", "''")}'`);
    return parts.length === 1 ? parts[0] : `(${parts.join(' || chr(0) || ')})`;
  },
  int: integerLiteral,

  eventsTable: () => 'events',
  // The primary key on session_id keeps one row per visit already.
  sessionsTable: () => 'sessions',

  distinctCount: (expr) => `count(distinct ${expr})`,
  distinctCountIf: (expr, cond) => `count(distinct ${expr}) filter (where ${cond})`,
  countIf: (cond) => `count(*) filter (where ${cond})`,
  sumIf: (expr, cond) => `coalesce(sum(${expr}) filter (where ${cond}), 0)`,

  bucketStart(ms, interval: Interval) {
    switch (interval) {
      case 'hour':
        return `((${ms}) // ${HOUR}) * ${HOUR}`;
      case 'day':
        return `((${ms}) // ${DAY}) * ${DAY}`;
      case 'week':
        return `(((${ms}) - ${FIRST_MONDAY}) // ${WEEK}) * ${WEEK} + ${FIRST_MONDAY}`;
      case 'month':
        return `epoch_ms(date_trunc('month', epoch_ms(${ms})))`;
    }
  },
  intDiv: (a, b) => `((${a}) // (${b}))`,

  arrayContains: (arr, element) => `list_contains(${arr}, ${element})`,
  propValue(key) {
    return `coalesce(props_values[list_position(props_keys, ${this.string(key)})], '')`;
  },
  arrayJoin: (arr) => `unnest(${arr})`,
  latestIf: (value, order, cond) => `coalesce(arg_max(${value}, ${order}) filter (where ${cond}), '')`,
  containsIgnoreCase(expr, needle) {
    return `contains(lower(${expr}), ${this.string(needle.toLowerCase())})`;
  },
  regexMatch(expr, regex) {
    return `regexp_matches(${expr}, ${this.string(regex)})`;
  },

  toFloat: (expr) => `cast(${expr} as double)`,
  toInt: (expr) => `cast(${expr} as bigint)`,
  toText: (expr) => `cast(${expr} as varchar)`,

  inSubquery: (expr, subquery) => `${expr} in (${subquery})`,
  limit: (count, offset) => `limit ${integerLiteral(count)} offset ${integerLiteral(offset)}`,
};
