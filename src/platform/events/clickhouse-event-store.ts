import {
  EVENT_COLUMNS,
  type EventBatch,
  type EventRow,
  type EventStore,
  type QueryRow,
  SESSION_COLUMNS,
  type SessionRow,
  sessionFromRow,
} from './event-store';

/**
 * The ClickHouse engine, spoken over the HTTP interface with the global `fetch`: the official
 * clients target ClickHouse 22+, while the server we support (Debian's 18.16) has no query
 * parameters and quotes 64-bit integers in JSON. See docs/clickhouse.md.
 *
 * What is and is not atomic here (ClickHouse has no transactions):
 * - one INSERT into one MergeTree table is atomic per partition (month) and per shard;
 * - a batch is therefore NOT atomic as a whole: a failure can leave some of its events stored;
 * - so the position is written around the batch: `started` (the highest wal_seq that may be
 *   stored) before the events, `loaded` after events and visits. Rows at or below `loaded` are
 *   skipped on replay; rows in (`loaded`, `started`] are looked up and only the missing ones are
 *   inserted. Replaying the write-ahead log is thus idempotent: every event is stored once;
 * - visits are idempotent by themselves (ReplacingMergeTree keeps the highest `version`);
 * - bad rows (wrong types, out-of-range numbers) are rejected in JS before anything is sent,
 *   because ClickHouse would silently wrap an out-of-range integer.
 */

export interface ClickHouseEventStoreOptions {
  /**
   * The server queries go to (`http://user:password@host:8123/?database=marketloop`). With a
   * cluster it holds the `Distributed` tables.
   */
  url: string;
  /** Database to create and use; default: the URL's `database` parameter, else `default`. */
  database?: string;
  /** A `remote_servers` cluster name: store on every shard, query through `Distributed` tables. */
  cluster?: string;
  /** One HTTP URL per shard of the cluster (any order): local tables and deletes run there. */
  shardUrls?: string[];
  /** Per-request timeout; default 60 s. */
  timeoutMs?: number;
}

export interface ClickHouseEventStore extends EventStore {
  engine: 'clickhouse';
  readonly database: string;
  readonly cluster?: string;
  /** Drops the whole database on every server (test tear-down). */
  dropDatabase(): Promise<void>;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const UINT64_MAX = (1n << 64n) - 1n;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A ClickHouse string literal: backslash and single quote escaped, everything else is data (NUL too). */
export function quoteClickHouseString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export class ClickHouseError extends Error {
  constructor(
    message: string,
    readonly code?: number,
    /** The request may not have reached the server (or its answer was lost). */
    readonly network = false,
  ) {
    super(message);
    this.name = 'ClickHouseError';
  }
}

/** One ClickHouse server's HTTP interface. */
class ClickHouseHttp {
  readonly base: URL;
  private readonly headers: Record<string, string> = {};

  constructor(
    url: string,
    private readonly timeoutMs: number,
  ) {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      const user = decodeURIComponent(parsed.username || 'default');
      const password = decodeURIComponent(parsed.password);
      this.headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    }
    parsed.username = '';
    parsed.password = '';
    parsed.hash = '';
    parsed.searchParams.delete('database');
    this.base = parsed;
  }

  /** `host:port` for messages, never the credentials. */
  get label() {
    return this.base.host;
  }

  async request(
    sql: string,
    opts: {
      body?: string;
      database?: string;
      settings?: Record<string, string | number>;
      /** Safe to send twice: retried once when the connection drops. */
      idempotent?: boolean;
    } = {},
  ): Promise<string> {
    const url = new URL(this.base);
    if (opts.database) url.searchParams.set('database', opts.database);
    for (const [k, v] of Object.entries(opts.settings ?? {})) url.searchParams.set(k, String(v));
    // With a body (INSERT data) the statement travels in the URL; otherwise the statement is the body.
    if (opts.body !== undefined) url.searchParams.set('query', sql);
    let res: Response | undefined;
    let text = '';
    for (let attempt = 1; !res; attempt++) {
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: this.headers,
          body: opts.body ?? sql,
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        text = await res.text();
      } catch (err) {
        res = undefined;
        // A kept-alive connection the server just closed fails once; a second failure is real.
        const timedOut = (err as Error).name === 'TimeoutError';
        if (opts.idempotent !== false && attempt === 1 && !timedOut) continue;
        throw new ClickHouseError(
          `ClickHouse at ${this.label} is unreachable: ${(err as Error).cause ?? (err as Error).message}`,
          undefined,
          true,
        );
      }
    }
    if (!res.ok) {
      const code = Number(/^Code: (\d+)/.exec(text)?.[1]) || undefined;
      throw new ClickHouseError(`ClickHouse at ${this.label}: ${text.trim().slice(0, 2000)}`, code);
    }
    return text;
  }
}

const INT64 = /^(Nullable\()?U?Int64\)?$/;

interface JsonResult {
  meta: { name: string; type: string }[];
  data: Record<string, unknown>[];
}

/** 64-bit integers arrive as strings (exact in JSON); reports want plain numbers like DuckDB's. */
function rowsOfJson(result: JsonResult): QueryRow[] {
  const int64 = new Set(result.meta.filter((m) => INT64.test(m.type)).map((m) => m.name));
  return result.data.map((row) => {
    const out: QueryRow = {};
    for (const [key, value] of Object.entries(row)) {
      if (value === null || value === undefined) out[key] = null;
      else if (int64.has(key)) out[key] = Number(value);
      else if (Array.isArray(value)) out[key] = value.map((v) => String(v));
      else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
        out[key] = value;
      else out[key] = JSON.stringify(value);
    }
    return out;
  });
}

// Column types in EVENT_COLUMNS / SESSION_COLUMNS order (checked at load time below).
const EVENT_TYPES: Record<(typeof EVENT_COLUMNS)[number], string> = {
  site_id: 'String',
  wal_seq: 'UInt64',
  ts: 'Int64',
  name: 'String',
  pathname: 'String',
  hostname: 'String',
  title: 'String',
  session_id: 'UInt64',
  visitor_id: 'UInt64',
  channel: 'String',
  referrer_host: 'String',
  utm_source: 'String',
  utm_medium: 'String',
  utm_campaign: 'String',
  utm_term: 'String',
  utm_content: 'String',
  country: 'String',
  device: 'String',
  browser: 'String',
  browser_version: 'String',
  os: 'String',
  os_version: 'String',
  engagement_ms: 'UInt32',
  scroll_depth: 'UInt8',
  props_keys: 'Array(String)',
  props_values: 'Array(String)',
  revenue_amount: 'Float64',
  revenue_currency: 'String',
};

const SESSION_TYPES: Record<(typeof SESSION_COLUMNS)[number], string> = {
  site_id: 'String',
  session_id: 'UInt64',
  visitor_id: 'UInt64',
  version: 'UInt64',
  started_at: 'Int64',
  ended_at: 'Int64',
  pageviews: 'UInt32',
  events: 'UInt32',
  engagement_ms: 'UInt64',
  entry_page: 'String',
  exit_page: 'String',
  hostname: 'String',
  channel: 'String',
  referrer_host: 'String',
  utm_source: 'String',
  utm_medium: 'String',
  utm_campaign: 'String',
  utm_term: 'String',
  utm_content: 'String',
  country: 'String',
  device: 'String',
  browser: 'String',
  os: 'String',
};

const columnsDdl = (types: Record<string, string>, order: readonly string[]) =>
  order.map((c) => `${c} ${types[c]}`).join(', ');

// Months in UTC whatever the server's timezone; a visit's partition and sort key derive from
// started_at, which never changes for a visit (its id is a hash of visitor and start), so every
// version of a visit lands in the same part range and ReplacingMergeTree can fold them.
const EVENTS_ENGINE =
  "ENGINE = MergeTree() PARTITION BY toYYYYMM(toDateTime(intDiv(ts, 1000), 'UTC')) ORDER BY (site_id, ts)";
const SESSIONS_ENGINE =
  "ENGINE = ReplacingMergeTree(version) PARTITION BY toYYYYMM(toDateTime(intDiv(started_at, 1000), 'UTC')) ORDER BY (site_id, started_at, session_id)";
// Two keys: 'started' (the highest wal_seq that may be partly stored) and 'loaded' (fully stored).
const INGEST_STATE_DDL =
  'CREATE TABLE IF NOT EXISTS ingest_state (kind String, wal_seq UInt64) ENGINE = ReplacingMergeTree(wal_seq) ORDER BY kind';

// --- row validation and encoding (JSONEachRow; ids as strings so no precision is lost) ---

function fail(row: string, column: string, why: string): never {
  throw new Error(`ClickHouse event store: ${row} has an invalid ${column}: ${why}`);
}

function checkInt(value: unknown, min: number, max: number, row: string, column: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max)
    fail(row, column, `${String(value)} is not an integer in [${min}, ${max}]`);
  return value;
}

function checkId(value: unknown, row: string, column: string): string {
  if (typeof value !== 'bigint' || value < 0n || value > UINT64_MAX)
    fail(row, column, `${String(value)} is not an unsigned 64-bit bigint`);
  return value.toString();
}

function checkText(value: unknown, row: string, column: string): string {
  if (typeof value !== 'string') fail(row, column, 'not a string');
  return value;
}

function checkTexts(value: unknown, row: string, column: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    fail(row, column, 'not a string array');
  return value as string[];
}

const U32 = 2 ** 32 - 1;
const I64 = Number.MAX_SAFE_INTEGER;

function encodeEvent(e: EventRow): string {
  const r = `event wal_seq=${String(e.walSeq)}`;
  const t = (k: keyof EventRow, c: string) => checkText(e[k], r, c);
  if (typeof e.revenueAmount !== 'number' || !Number.isFinite(e.revenueAmount))
    fail(r, 'revenue_amount', String(e.revenueAmount));
  return JSON.stringify({
    site_id: t('siteId', 'site_id'),
    wal_seq: checkInt(e.walSeq, 0, I64, r, 'wal_seq'),
    ts: checkInt(e.ts, -I64, I64, r, 'ts'),
    name: t('name', 'name'),
    pathname: t('pathname', 'pathname'),
    hostname: t('hostname', 'hostname'),
    title: t('title', 'title'),
    session_id: checkId(e.sessionId, r, 'session_id'),
    visitor_id: checkId(e.visitorId, r, 'visitor_id'),
    channel: t('channel', 'channel'),
    referrer_host: t('referrerHost', 'referrer_host'),
    utm_source: t('utmSource', 'utm_source'),
    utm_medium: t('utmMedium', 'utm_medium'),
    utm_campaign: t('utmCampaign', 'utm_campaign'),
    utm_term: t('utmTerm', 'utm_term'),
    utm_content: t('utmContent', 'utm_content'),
    country: t('country', 'country'),
    device: t('device', 'device'),
    browser: t('browser', 'browser'),
    browser_version: t('browserVersion', 'browser_version'),
    os: t('os', 'os'),
    os_version: t('osVersion', 'os_version'),
    engagement_ms: checkInt(e.engagementMs, 0, U32, r, 'engagement_ms'),
    scroll_depth: checkInt(e.scrollDepth, 0, 255, r, 'scroll_depth'),
    props_keys: checkTexts(e.propsKeys, r, 'props_keys'),
    props_values: checkTexts(e.propsValues, r, 'props_values'),
    revenue_amount: e.revenueAmount,
    revenue_currency: t('revenueCurrency', 'revenue_currency'),
  });
}

function encodeSession(s: SessionRow): string {
  const r = `visit ${String(s.sessionId)}`;
  const t = (k: keyof SessionRow, c: string) => checkText(s[k], r, c);
  return JSON.stringify({
    site_id: t('siteId', 'site_id'),
    session_id: checkId(s.sessionId, r, 'session_id'),
    visitor_id: checkId(s.visitorId, r, 'visitor_id'),
    version: checkInt(s.version, 0, I64, r, 'version'),
    started_at: checkInt(s.startedAt, -I64, I64, r, 'started_at'),
    ended_at: checkInt(s.endedAt, -I64, I64, r, 'ended_at'),
    pageviews: checkInt(s.pageviews, 0, U32, r, 'pageviews'),
    events: checkInt(s.events, 0, U32, r, 'events'),
    engagement_ms: checkInt(s.engagementMs, 0, I64, r, 'engagement_ms'),
    entry_page: t('entryPage', 'entry_page'),
    exit_page: t('exitPage', 'exit_page'),
    hostname: t('hostname', 'hostname'),
    channel: t('channel', 'channel'),
    referrer_host: t('referrerHost', 'referrer_host'),
    utm_source: t('utmSource', 'utm_source'),
    utm_medium: t('utmMedium', 'utm_medium'),
    utm_campaign: t('utmCampaign', 'utm_campaign'),
    utm_term: t('utmTerm', 'utm_term'),
    utm_content: t('utmContent', 'utm_content'),
    country: t('country', 'country'),
    device: t('device', 'device'),
    browser: t('browser', 'browser'),
    os: t('os', 'os'),
  });
}

/** [min, max] without spreading (a replayed batch can exceed the argument limit); [0, 0] when empty. */
function bounds(values: number[]): [number, number] {
  if (values.length === 0) return [0, 0];
  let lo = values[0];
  let hi = values[0];
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Connects, creates the database and tables if missing (on every shard with a cluster) and checks
 * the cluster matches `shardUrls`. Fails with an actionable message otherwise.
 */
export async function openClickHouseEventStore(
  opts: ClickHouseEventStoreOptions,
): Promise<ClickHouseEventStore> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const main = new ClickHouseHttp(opts.url, timeoutMs);
  const database = opts.database ?? new URL(opts.url).searchParams.get('database') ?? 'default';
  if (!IDENTIFIER.test(database))
    throw new Error(`ClickHouse database name ${JSON.stringify(database)} is not a plain identifier`);
  const cluster = opts.cluster;
  if (cluster !== undefined && !IDENTIFIER.test(cluster))
    throw new Error(`ClickHouse cluster name ${JSON.stringify(cluster)} is not a plain identifier`);
  if (cluster && !opts.shardUrls?.length)
    throw new Error(`ClickHouse cluster ${cluster} needs the HTTP URL of each shard (CLICKHOUSE_SHARD_URLS)`);
  if (!cluster && opts.shardUrls?.length)
    throw new Error('ClickHouse shard URLs given without a cluster name (CLICKHOUSE_CLUSTER)');

  const shards = cluster ? (opts.shardUrls ?? []).map((u) => new ClickHouseHttp(u, timeoutMs)) : [main];
  const eventsLocal = cluster ? 'events_local' : 'events';
  const sessionsLocal = cluster ? 'sessions_local' : 'sessions';
  const db = { database };

  if (cluster) {
    // Each shard URL must be a different shard of the cluster, and all shards must be listed.
    const shardNums = (
      await jsonQuery(
        main,
        `SELECT DISTINCT shard_num FROM system.clusters WHERE cluster = ${quoteClickHouseString(cluster)}`,
      )
    ).map((r) => Number(r.shard_num));
    if (shardNums.length === 0)
      throw new Error(`ClickHouse cluster ${cluster} is not in remote_servers of ${main.label}`);
    const seen = new Set<number>();
    for (const shard of shards) {
      const local = await jsonQuery(
        shard,
        `SELECT shard_num FROM system.clusters WHERE cluster = ${quoteClickHouseString(cluster)} AND is_local = 1`,
      );
      const num = Number(local[0]?.shard_num);
      if (local.length !== 1 || seen.has(num))
        throw new Error(
          `ClickHouse at ${shard.label} is not exactly one shard of cluster ${cluster} (or is listed twice)`,
        );
      seen.add(num);
    }
    if (seen.size !== shardNums.length)
      throw new Error(
        `ClickHouse cluster ${cluster} has ${shardNums.length} shards but ${seen.size} shard URLs were given`,
      );
  }

  const servers = cluster && !shards.some((s) => s.base.href === main.base.href) ? [main, ...shards] : shards;
  for (const server of servers) await server.request(`CREATE DATABASE IF NOT EXISTS ${database}`);
  for (const shard of shards) {
    await shard.request(
      `CREATE TABLE IF NOT EXISTS ${eventsLocal} (${columnsDdl(EVENT_TYPES, EVENT_COLUMNS)}) ${EVENTS_ENGINE}`,
      db,
    );
    await shard.request(
      `CREATE TABLE IF NOT EXISTS ${sessionsLocal} (${columnsDdl(SESSION_TYPES, SESSION_COLUMNS)}) ${SESSIONS_ENGINE}`,
      db,
    );
  }
  if (cluster) {
    // A visit's events and its session row share a shard (sharded by session id), so FINAL and
    // per-visit aggregates are exact on each shard; visitors may span shards (uniqExact merges them).
    await main.request(
      `CREATE TABLE IF NOT EXISTS events (${columnsDdl(EVENT_TYPES, EVENT_COLUMNS)}) ENGINE = Distributed(${cluster}, ${database}, events_local, sipHash64(session_id))`,
      db,
    );
    await main.request(
      `CREATE TABLE IF NOT EXISTS sessions (${columnsDdl(SESSION_TYPES, SESSION_COLUMNS)}) ENGINE = Distributed(${cluster}, ${database}, sessions_local, sipHash64(session_id))`,
      db,
    );
  }
  await main.request(INGEST_STATE_DDL, db);

  // Synchronous distributed inserts: the HTTP answer comes once every shard has the rows.
  const insertSettings: Record<string, number> = cluster ? { insert_distributed_sync: 1 } : {};
  const readSettings = { readonly: 2, wait_end_of_query: 1 };

  async function jsonRows(sql: string): Promise<Record<string, unknown>[]> {
    return JSON.parse(await main.request(`${sql}\nFORMAT JSON`, { ...db, settings: readSettings })).data;
  }

  async function positions(): Promise<{ loaded: number; started: number }> {
    const rows = await jsonRows('SELECT kind, max(wal_seq) AS seq FROM ingest_state GROUP BY kind');
    const of = (kind: string) => Number(rows.find((r) => r.kind === kind)?.seq ?? 0);
    return { loaded: of('loaded'), started: Math.max(of('started'), of('loaded')) };
  }

  /** Visits and positions may be written twice (newest version / highest position wins); events may not. */
  async function insert(table: string, lines: string[], idempotent = true) {
    if (lines.length === 0) return;
    await main.request(`INSERT INTO ${table} FORMAT JSONEachRow`, {
      ...db,
      body: `${lines.join('\n')}\n`,
      settings: insertSettings,
      idempotent,
    });
  }

  async function setPosition(kind: 'started' | 'loaded', seq: number) {
    await insert('ingest_state', [JSON.stringify({ kind, wal_seq: seq })]);
  }

  let pos = await positions();
  let closed = false;
  let writing: Promise<void> = Promise.resolve();

  async function writeBatch(batch: EventBatch) {
    const lastWalSeq = checkInt(batch.lastWalSeq, 0, I64, 'batch', 'lastWalSeq');
    // Encode (and validate) everything first: a bad row fails the batch before anything is stored.
    let events = batch.events.filter((e) => e.walSeq > pos.loaded);
    const sessionLines = batch.sessions.map(encodeSession);
    let eventLines = events.map(encodeEvent);

    /** Drops the events (and their lines) that a partly stored earlier attempt already wrote. */
    async function skipStored(candidates: EventRow[]) {
      if (candidates.length === 0) return;
      const sites = [...new Set(candidates.map((e) => e.siteId))].map(quoteClickHouseString).join(', ');
      const [seqLo, seqHi] = bounds(candidates.map((e) => e.walSeq));
      const [tsLo, tsHi] = bounds(candidates.map((e) => e.ts));
      // (site_id, ts) is the sort key, so this reads only the granules of those sites and times.
      const present = await jsonRows(
        `SELECT wal_seq FROM events WHERE site_id IN (${sites}) AND ts BETWEEN ${tsLo} AND ${tsHi} AND wal_seq BETWEEN ${seqLo} AND ${seqHi}`,
      );
      const stored = new Set(present.map((r) => Number(r.wal_seq)));
      const keep = events.map((e) => !stored.has(e.walSeq));
      events = events.filter((_, i) => keep[i]);
      eventLines = eventLines.filter((_, i) => keep[i]);
    }

    // A replay of a batch that may be partly stored: insert only the events that are missing.
    await skipStored(events.filter((e) => e.walSeq <= pos.started));
    const highest = Math.max(lastWalSeq, bounds(events.map((e) => e.walSeq))[1]);
    if (highest > pos.started) {
      await setPosition('started', highest);
      pos = { ...pos, started: highest };
    }
    try {
      await insert('events', eventLines, false);
    } catch (err) {
      if (!(err instanceof ClickHouseError && err.network)) throw err;
      // The answer was lost, the rows may be stored: look again and send only what is missing.
      await skipStored(events);
      await insert('events', eventLines, false);
    }
    await insert('sessions', sessionLines);
    if (lastWalSeq > pos.loaded) {
      await setPosition('loaded', lastWalSeq);
      pos = { ...pos, loaded: lastWalSeq };
    }
  }

  function serialised(work: () => Promise<void>): Promise<void> {
    if (closed) return Promise.reject(new Error('event store is closed'));
    const next = writing.then(work);
    writing = next.catch(() => {});
    return next;
  }

  async function waitForMutations(server: ClickHouseHttp, tables: string[]) {
    const deadline = Date.now() + timeoutMs;
    const list = tables.map(quoteClickHouseString).join(', ');
    for (;;) {
      const pending = await jsonQuery(
        server,
        `SELECT count() AS n FROM system.mutations WHERE database = ${quoteClickHouseString(database)} AND table IN (${list}) AND is_done = 0`,
      );
      if (Number(pending[0]?.n ?? 0) === 0) return;
      if (Date.now() > deadline)
        throw new Error(`ClickHouse at ${server.label}: deleting a site did not finish in ${timeoutMs} ms`);
      await sleep(50);
    }
  }

  return {
    engine: 'clickhouse',
    database,
    cluster,
    async ping() {
      if (closed) return false;
      try {
        for (const server of servers) await server.request('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    appendBatch(batch) {
      return serialised(() => writeBatch(batch));
    },
    async loadedWalSeq() {
      await writing;
      pos = await positions();
      return pos.loaded;
    },
    async recentSessions(sinceMs) {
      const rows = await jsonRows(
        `SELECT * FROM sessions FINAL WHERE ended_at >= ${Math.trunc(sinceMs)} ORDER BY ended_at, session_id`,
      );
      return rows.map(sessionFromRow);
    },
    async query(sql) {
      // readonly=2: a query can set settings but never write; wait_end_of_query: errors come as
      // an HTTP error instead of a truncated 200 body.
      const statement = sql.trim().replace(/;+$/, '');
      const text = await main.request(`${statement}\nFORMAT JSON`, { ...db, settings: readSettings });
      return rowsOfJson(JSON.parse(text) as JsonResult);
    },
    deleteSite(siteId) {
      if (!UUID.test(siteId)) return Promise.reject(new Error('site id must be a UUID'));
      return serialised(async () => {
        // Mutations (18.16) run in the background on each shard's local tables; wait for them so
        // the caller can rely on the data being gone.
        for (const shard of shards) {
          for (const table of [eventsLocal, sessionsLocal])
            await shard.request(
              `ALTER TABLE ${table} DELETE WHERE site_id = ${quoteClickHouseString(siteId)}`,
              db,
            );
        }
        for (const shard of shards) await waitForMutations(shard, [eventsLocal, sessionsLocal]);
      });
    },
    async dropDatabase() {
      await writing;
      for (const server of servers) await server.request(`DROP DATABASE IF EXISTS ${database}`);
    },
    async close() {
      if (closed) return;
      closed = true;
      await writing;
    },
  };
}

async function jsonQuery(server: ClickHouseHttp, sql: string): Promise<Record<string, unknown>[]> {
  return JSON.parse(await server.request(`${sql}\nFORMAT JSON`)).data;
}

/**
 * The ClickHouse set-ups the tests run against, from TEST_CLICKHOUSE_URL (one server) and
 * TEST_CLICKHOUSE_CLUSTER_URL + TEST_CLICKHOUSE_CLUSTER + TEST_CLICKHOUSE_SHARD_URLS (two shards;
 * scripts/clickhouse/start.sh prints them). Each target gets a fresh database per call.
 */
export function clickHouseTestTargets(env: Record<string, string | undefined>) {
  const fresh = () => `ml_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const targets: { label: string; options: () => ClickHouseEventStoreOptions }[] = [];
  if (env.TEST_CLICKHOUSE_URL) {
    const url = env.TEST_CLICKHOUSE_URL;
    targets.push({ label: 'single server', options: () => ({ url, database: fresh() }) });
  }
  if (env.TEST_CLICKHOUSE_CLUSTER_URL && env.TEST_CLICKHOUSE_CLUSTER && env.TEST_CLICKHOUSE_SHARD_URLS) {
    const url = env.TEST_CLICKHOUSE_CLUSTER_URL;
    const cluster = env.TEST_CLICKHOUSE_CLUSTER;
    const shardUrls = env.TEST_CLICKHOUSE_SHARD_URLS.split(',').map((u) => u.trim());
    targets.push({
      label: `cluster ${cluster}`,
      options: () => ({ url, cluster, shardUrls, database: fresh() }),
    });
  }
  return targets;
}
