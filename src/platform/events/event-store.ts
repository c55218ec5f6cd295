/**
 * The port through which analytics writes and reads events. Two engines implement it: DuckDB
 * (embedded, `DATA_DIR/events.duckdb`, the default) and ClickHouse (`CLICKHOUSE_URL`). Both hold
 * the same two tables with the same columns (see `EVENT_COLUMNS`, `SESSION_COLUMNS`), so a report
 * compiled for either dialect returns the same rows.
 *
 * Conventions shared by both engines, so results are identical:
 * - times are integer milliseconds since the epoch (UTC) in `ts`, `started_at`, `ended_at`;
 * - text columns are never NULL: unknown is the empty string;
 * - visitor and session ids are unsigned 64-bit integers (the pipeline's 16 hex chars);
 * - properties are two parallel string arrays `props_keys` / `props_values` (numbers and booleans
 *   as their JSON text).
 */

/** One accepted event as stored. Attribution (channel, referrer, UTM) is the visit's, copied on every event. */
export interface EventRow {
  siteId: string;
  /** Write-ahead-log sequence number: unique per event, the key that makes replay idempotent. */
  walSeq: number;
  ts: number;
  name: string;
  pathname: string;
  hostname: string;
  title: string;
  sessionId: bigint;
  visitorId: bigint;
  channel: string;
  referrerHost: string;
  utmSource: string;
  utmMedium: string;
  utmCampaign: string;
  utmTerm: string;
  utmContent: string;
  country: string;
  device: string;
  browser: string;
  browserVersion: string;
  os: string;
  osVersion: string;
  engagementMs: number;
  /** 0-100, or 0 when not sent. */
  scrollDepth: number;
  propsKeys: string[];
  propsValues: string[];
  revenueAmount: number;
  revenueCurrency: string;
}

/**
 * The latest state of one visit. Written again whenever the visit changes; engines keep the row
 * with the highest `version` (DuckDB replaces by primary key, ClickHouse uses ReplacingMergeTree).
 */
export interface SessionRow {
  siteId: string;
  sessionId: bigint;
  visitorId: bigint;
  /** Grows with every event of the visit (including engagement), so the newest state wins. */
  version: number;
  startedAt: number;
  endedAt: number;
  /** Pageview events in the visit. */
  pageviews: number;
  /** Pageviews plus custom events (not engagement): a visit with 1 is a bounce. */
  events: number;
  engagementMs: number;
  entryPage: string;
  exitPage: string;
  hostname: string;
  channel: string;
  referrerHost: string;
  utmSource: string;
  utmMedium: string;
  utmCampaign: string;
  utmTerm: string;
  utmContent: string;
  country: string;
  device: string;
  browser: string;
  os: string;
}

export interface EventBatch {
  events: EventRow[];
  /** At most one row per session id (the newest state). */
  sessions: SessionRow[];
  /** The highest WAL sequence number in this batch; stored with the batch in one transaction. */
  lastWalSeq: number;
  /**
   * The same rows already serialised (the write-ahead log keeps them this way): newline-delimited
   * JSON objects keyed by `EVENT_COLUMNS` / `SESSION_COLUMNS`, 64-bit ids as decimal strings, lone
   * surrogates as U+FFFD. An engine that loads JSON takes these bytes instead of serialising again.
   */
  jsonLines?: { events: Uint8Array; sessions: Uint8Array };
}

/** Column names in table order, identical in both engines. */
export const EVENT_COLUMNS = [
  'site_id',
  'wal_seq',
  'ts',
  'name',
  'pathname',
  'hostname',
  'title',
  'session_id',
  'visitor_id',
  'channel',
  'referrer_host',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'country',
  'device',
  'browser',
  'browser_version',
  'os',
  'os_version',
  'engagement_ms',
  'scroll_depth',
  'props_keys',
  'props_values',
  'revenue_amount',
  'revenue_currency',
] as const;

export const SESSION_COLUMNS = [
  'site_id',
  'session_id',
  'visitor_id',
  'version',
  'started_at',
  'ended_at',
  'pageviews',
  'events',
  'engagement_ms',
  'entry_page',
  'exit_page',
  'hostname',
  'channel',
  'referrer_host',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'country',
  'device',
  'browser',
  'os',
] as const;

/** A result row: 64-bit integers come back as JS numbers, text as strings, arrays as arrays. */
export type QueryRow = Record<string, string | number | boolean | null | string[]>;

export interface EventStore {
  engine: 'duckdb' | 'clickhouse';
  ping(): Promise<boolean>;
  /**
   * Writes a batch all-or-nothing (DuckDB: one transaction; ClickHouse: events carry wal_seq and
   * replay skips what is there) and records `lastWalSeq` as loaded.
   */
  appendBatch(batch: EventBatch): Promise<void>;
  /** The highest WAL sequence number already loaded (0 for an empty store): replay starts after it. */
  loadedWalSeq(): Promise<number>;
  /** Visits that were still going on at `sinceMs` or later, to restore sessionization after a restart. */
  recentSessions(sinceMs: number): Promise<SessionRow[]>;
  /**
   * Runs one SELECT compiled by this engine's dialect (values already quoted by the dialect).
   * Reads never block writes.
   */
  query(sql: string): Promise<QueryRow[]>;
  /** Removes every event and visit of a deleted site. */
  deleteSite(siteId: string): Promise<void>;
  close(): Promise<void>;
  /**
   * Stored partial aggregates the reports may keep per site and visit-start day (DuckDB only; a
   * store without it is always queried raw). See `RollupStore`.
   */
  rollups?: RollupStore;
}

/**
 * Columns of a stored partial-aggregate row, in table order. The reports module decides what the
 * rows mean (`src/modules/analytics/reports/rollups.ts`); the store only keeps them, knows which
 * (site, key, start day) sets are current, and forgets that when a batch touches the day.
 */
export const ROLLUP_COLUMNS = [
  ['key', 'varchar'],
  ['s_day', 'bigint'],
  ['day', 'bigint'],
  ['val', 'varchar'],
  ['val2', 'varchar'],
  ['visitor_id', 'ubigint'],
  ['session_id', 'ubigint'],
  ['visitors', 'bigint'],
  ['visits', 'bigint'],
  ['n', 'bigint'],
  ['bounces', 'bigint'],
  ['duration_ms', 'bigint'],
  ['engagement_ms', 'bigint'],
  ['amount', 'double'],
  ['title', 'varchar'],
  ['title_ts', 'bigint'],
] as const;

/**
 * Per-site partial aggregates keyed by `key` and the UTC day visits started (`s_day`, ms). A stored
 * (site, key, s_day) is current until a batch writes a visit that started on that day: the write
 * marks it stale in the same transaction, so a reader can tell current partials from outdated
 * ones. Table: `rollup_rows` (ROLLUP_COLUMNS plus `site_id`).
 */
export interface RollupStore {
  /** The table the rows are kept in, for the reports' SELECTs (columns: `site_id` + ROLLUP_COLUMNS). */
  readonly table: string;
  /** For each key, which of `days` hold partials for the site: when filled, and whether a write has outdated them since. */
  storedDays(
    siteId: string,
    keys: readonly string[],
    days: readonly number[],
  ): Promise<Map<string, Map<number, { filledAt: number; stale: boolean }>>>;
  /**
   * Replaces the site's partials of `keys` for start days `[from, to)` with the rows of the SELECT
   * that `build` returns (ROLLUP_COLUMNS in order) and marks every (key, day) current as of
   * `filledAt`, in one transaction ordered with batch writes. `build` may read the store first (on
   * the same connection, after every earlier batch) to shape its SQL.
   */
  fill(
    siteId: string,
    keys: readonly string[],
    range: { from: number; to: number; filledAt: number },
    build: (read: (sql: string) => Promise<QueryRow[]>) => Promise<string>,
  ): Promise<void>;
  /**
   * Rewrites the rows ordered by site and day, so that reading one site's skips the others' (fills
   * append in arrival order). Does nothing and answers false unless a tenth of the rows were
   * written since the last rewrite (or the process started).
   */
  compact(): Promise<boolean>;
}

/** Reads a `sessions` row (either engine: ids may arrive as text or numbers) back into a SessionRow. */
export function sessionFromRow(row: Record<string, unknown>): SessionRow {
  const text = (k: string) => String(row[k] ?? '');
  const num = (k: string) => Number(row[k] ?? 0);
  return {
    siteId: text('site_id'),
    sessionId: BigInt(text('session_id')),
    visitorId: BigInt(text('visitor_id')),
    version: num('version'),
    startedAt: num('started_at'),
    endedAt: num('ended_at'),
    pageviews: num('pageviews'),
    events: num('events'),
    engagementMs: num('engagement_ms'),
    entryPage: text('entry_page'),
    exitPage: text('exit_page'),
    hostname: text('hostname'),
    channel: text('channel'),
    referrerHost: text('referrer_host'),
    utmSource: text('utm_source'),
    utmMedium: text('utm_medium'),
    utmCampaign: text('utm_campaign'),
    utmTerm: text('utm_term'),
    utmContent: text('utm_content'),
    country: text('country'),
    device: text('device'),
    browser: text('browser'),
    os: text('os'),
  };
}
