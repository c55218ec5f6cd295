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
