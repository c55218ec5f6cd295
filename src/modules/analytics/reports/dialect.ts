/**
 * What differs between the SQL engines the reports run on. Reports are compiled from a typed
 * `StatsQuery` into SQL through this interface only, so a report file never names an engine.
 * Each engine has one implementation in `dialects/` (DuckDB, ClickHouse); engine-specific speed-ups
 * stay inside it.
 *
 * Contract for every implementation:
 * - every value that reaches SQL goes through `string()` or `int()`: the ClickHouse server we
 *   support (18.16) has no server-side parameters, so quoting must be safe on its own;
 * - times are integer milliseconds since the epoch (UTC) in `ts`, `started_at`, `ended_at`;
 * - results use plain column aliases (no quoting needed): letters, digits and `_`.
 */
export type Interval = 'hour' | 'day' | 'week' | 'month';

export interface Dialect {
  readonly engine: 'duckdb' | 'clickhouse';

  /** A string literal for `value`, quoted and escaped so any text (quotes, backslashes, NUL) is data. */
  string(value: string): string;
  /** An integer literal; throws on anything that is not a safe integer. */
  int(value: number): string;

  /** The table expression to select events from (ClickHouse may name a Distributed table). */
  eventsTable(): string;
  /**
   * The table expression to select visits from, with each visit counted once at its newest
   * version (ClickHouse's ReplacingMergeTree keeps old versions until a merge: `sessions FINAL`).
   */
  sessionsTable(): string;

  /** Exact number of distinct values of `expr` (`count(distinct x)` / `uniqExact(x)`). */
  distinctCount(expr: string): string;
  /** Exact number of distinct values of `expr` over the rows where `cond` holds. */
  distinctCountIf(expr: string, cond: string): string;
  /** Number of rows where `cond` holds, as an integer. */
  countIf(cond: string): string;
  /** Sum of `expr` over the rows where `cond` holds (0 when none). */
  sumIf(expr: string, cond: string): string;

  /**
   * The start of the UTC bucket that the integer-ms expression falls in, as integer ms since the
   * epoch. Weeks start on Monday (ISO), months on the 1st.
   */
  bucketStart(msExpr: string, interval: Interval): string;
  /** Integer division of non-negative integers, truncating. */
  intDiv(a: string, b: string): string;

  /** Whether the array expression contains the (already quoted) element. */
  arrayContains(arrayExpr: string, element: string): string;
  /** The value of property `key` (raw text, quoted by the dialect) of an event, '' when absent. */
  propValue(key: string): string;
  /**
   * One output row per element of the array expression (DuckDB `unnest`, ClickHouse `arrayJoin`);
   * only in the select list of a subquery.
   */
  arrayJoin(arrayExpr: string): string;
  /**
   * Aggregate: the `value` of the row with the greatest `order` among the rows where `cond` holds
   * ('' when none). Callers keep `order` unique within a group so engines agree.
   */
  latestIf(value: string, order: string, cond: string): string;
  /** Case-insensitive substring test; `needle` is raw text, quoted by the dialect. */
  containsIgnoreCase(expr: string, needle: string): string;
  /** Whether `expr` matches the RE2 regular expression `regex` (raw text, quoted by the dialect). */
  regexMatch(expr: string, regex: string): string;

  /** `expr` as a 64-bit float. */
  toFloat(expr: string): string;
  /** `expr` as a signed 64-bit integer. */
  toInt(expr: string): string;
  /** `expr` as text (64-bit ids lose precision as JS numbers, so they are read as text). */
  toText(expr: string): string;

  /** `expr IN (subquery)`; across ClickHouse shards this must be `GLOBAL IN`. */
  inSubquery(expr: string, subquery: string): string;
  /** The LIMIT/OFFSET clause (ClickHouse 18.16 wants `LIMIT offset, n`). */
  limit(count: number, offset: number): string;
}

/** Shared by both dialects: integers are formatted by JS, never taken from input text. */
export function integerLiteral(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`not a safe integer: ${value}`);
  return String(value);
}

/** A `*` wildcard path pattern (`/blog/*`) as an anchored RE2 regular expression; `*` matches anything. */
export function wildcardToRegex(pattern: string): string {
  return `^${pattern
    .split('*')
    .map((part) => part.replace(/[\\^$.|?+()[\]{}]/g, '\\$&'))
    .join('.*')}$`;
}
