import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type DuckDBConnection, DuckDBInstance, type DuckDBResultReader } from '@duckdb/node-api';
import {
  type EventBatch,
  type EventRow,
  type EventStore,
  type QueryRow,
  ROLLUP_COLUMNS,
  type RollupStore,
  type SessionRow,
  sessionFromRow,
} from './event-store';

/** Which (site, key, start day) partials are stored, since when, and whether a write outdated them. */
const rollupDaysDdl = (name: string) =>
  `create table if not exists ${name} (site_id varchar not null, key varchar not null, s_day bigint not null, filled_at bigint not null, stale boolean not null, primary key (site_id, key, s_day))`;

/**
 * Tables sorted by nothing in particular: DuckDB's zone maps (min/max per row group) already skip
 * most row groups for a site and a time range because events arrive in time order.
 */
const SCHEMA = [
  `create table if not exists events (
    site_id varchar not null,
    wal_seq ubigint not null,
    ts bigint not null,
    name varchar not null,
    pathname varchar not null,
    hostname varchar not null,
    title varchar not null,
    session_id ubigint not null,
    visitor_id ubigint not null,
    channel varchar not null,
    referrer_host varchar not null,
    utm_source varchar not null,
    utm_medium varchar not null,
    utm_campaign varchar not null,
    utm_term varchar not null,
    utm_content varchar not null,
    country varchar not null,
    device varchar not null,
    browser varchar not null,
    browser_version varchar not null,
    os varchar not null,
    os_version varchar not null,
    engagement_ms uinteger not null,
    scroll_depth utinyint not null,
    props_keys varchar[] not null,
    props_values varchar[] not null,
    revenue_amount double not null,
    revenue_currency varchar not null
  )`,
  `create table if not exists sessions (
    site_id varchar not null,
    session_id ubigint primary key,
    visitor_id ubigint not null,
    version ubigint not null,
    started_at bigint not null,
    ended_at bigint not null,
    pageviews uinteger not null,
    events uinteger not null,
    engagement_ms ubigint not null,
    entry_page varchar not null,
    exit_page varchar not null,
    hostname varchar not null,
    channel varchar not null,
    referrer_host varchar not null,
    utm_source varchar not null,
    utm_medium varchar not null,
    utm_campaign varchar not null,
    utm_term varchar not null,
    utm_content varchar not null,
    country varchar not null,
    device varchar not null,
    browser varchar not null,
    os varchar not null
  )`,
  // Partial aggregates of the reports per site, key and visit-start day (see RollupStore), and
  // which (site, key, day) sets are current.
  `create table if not exists rollup_rows (site_id varchar not null, ${ROLLUP_COLUMNS.map(([name, type]) => `${name} ${type}`).join(', ')})`,
  rollupDaysDdl('rollup_days'),
  // One row: the last write-ahead-log sequence number whose batch is committed here.
  'create table if not exists ingest_state (id integer primary key, loaded_wal_seq ubigint not null)',
  'insert into ingest_state values (1, 0) on conflict do nothing',
];

/**
 * A batch reaches DuckDB as a newline-delimited JSON file in a staging folder that DuckDB reads
 * with `read_json` (typed columns) inside the batch's transaction: the JS thread only runs
 * `JSON.stringify` (~3 us a row) and the file write happens on libuv's pool, instead of ~28 N-API
 * appender calls per row (~25 us, blocking the event loop 100-250 ms per 5,000-row batch); DuckDB
 * parses on its own threads. Measured alternatives: the appender (above), and the batch as one bound
 * `from_json` parameter (off the loop too, but twice the CPU of `read_json`). 64-bit ids travel as
 * decimal strings (JSON numbers lose precision above 2^53); DuckDB casts them to UBIGINT.
 */
function jsonType(columns: Record<string, string>) {
  return `{${Object.entries(columns)
    .map(([name, type]) => `${name}: '${type}'`)
    .join(', ')}}`;
}

const SURROGATE_ESCAPE = /(\\+)u(d[89a-f][0-9a-f]{2})/gi;

/**
 * One JSON object per line; `\n` never occurs inside `JSON.stringify` output. A lone UTF-16
 * surrogate (possible: a tracker body may hold the escape `"\ud800"`) is written by
 * `JSON.stringify` as a `\udXXX` escape, which DuckDB's JSON reader rejects, failing the whole
 * batch again and again: it becomes U+FFFD, as the appender's UTF-8 conversion did. (Paired
 * surrogates are written as raw characters, so every such escape is a lone one.)
 */
function ndjson<T>(rows: readonly T[], toJson: (row: T) => object): string {
  let text = '';
  for (const row of rows) text += `${JSON.stringify(toJson(row))}\n`;
  if (!/\\u[dD][89a-fA-F]/.test(text)) return text;
  // An odd run of backslashes before `u` is an escape; an even one is escaped backslashes.
  return text.replace(SURROGATE_ESCAPE, (match, slashes: string) =>
    slashes.length % 2 === 1 ? `${slashes}ufffd` : match,
  );
}

const DAY = 86_400_000;

const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`;

const EVENT_JSON_TYPE = jsonType({
  site_id: 'VARCHAR',
  wal_seq: 'UBIGINT',
  ts: 'BIGINT',
  name: 'VARCHAR',
  pathname: 'VARCHAR',
  hostname: 'VARCHAR',
  title: 'VARCHAR',
  session_id: 'UBIGINT',
  visitor_id: 'UBIGINT',
  channel: 'VARCHAR',
  referrer_host: 'VARCHAR',
  utm_source: 'VARCHAR',
  utm_medium: 'VARCHAR',
  utm_campaign: 'VARCHAR',
  utm_term: 'VARCHAR',
  utm_content: 'VARCHAR',
  country: 'VARCHAR',
  device: 'VARCHAR',
  browser: 'VARCHAR',
  browser_version: 'VARCHAR',
  os: 'VARCHAR',
  os_version: 'VARCHAR',
  engagement_ms: 'UINTEGER',
  scroll_depth: 'UTINYINT',
  props_keys: 'VARCHAR[]',
  props_values: 'VARCHAR[]',
  revenue_amount: 'DOUBLE',
  revenue_currency: 'VARCHAR',
});

const SESSION_JSON_TYPE = jsonType({
  site_id: 'VARCHAR',
  session_id: 'UBIGINT',
  visitor_id: 'UBIGINT',
  version: 'UBIGINT',
  started_at: 'BIGINT',
  ended_at: 'BIGINT',
  pageviews: 'UINTEGER',
  events: 'UINTEGER',
  engagement_ms: 'UBIGINT',
  entry_page: 'VARCHAR',
  exit_page: 'VARCHAR',
  hostname: 'VARCHAR',
  channel: 'VARCHAR',
  referrer_host: 'VARCHAR',
  utm_source: 'VARCHAR',
  utm_medium: 'VARCHAR',
  utm_campaign: 'VARCHAR',
  utm_term: 'VARCHAR',
  utm_content: 'VARCHAR',
  country: 'VARCHAR',
  device: 'VARCHAR',
  browser: 'VARCHAR',
  os: 'VARCHAR',
});

function eventJson(e: EventRow) {
  return {
    site_id: e.siteId,
    wal_seq: e.walSeq,
    ts: e.ts,
    name: e.name,
    pathname: e.pathname,
    hostname: e.hostname,
    title: e.title,
    session_id: e.sessionId.toString(),
    visitor_id: e.visitorId.toString(),
    channel: e.channel,
    referrer_host: e.referrerHost,
    utm_source: e.utmSource,
    utm_medium: e.utmMedium,
    utm_campaign: e.utmCampaign,
    utm_term: e.utmTerm,
    utm_content: e.utmContent,
    country: e.country,
    device: e.device,
    browser: e.browser,
    browser_version: e.browserVersion,
    os: e.os,
    os_version: e.osVersion,
    engagement_ms: e.engagementMs,
    scroll_depth: e.scrollDepth,
    props_keys: e.propsKeys,
    props_values: e.propsValues,
    revenue_amount: e.revenueAmount,
    revenue_currency: e.revenueCurrency,
  };
}

function sessionJson(s: SessionRow) {
  return {
    site_id: s.siteId,
    session_id: s.sessionId.toString(),
    visitor_id: s.visitorId.toString(),
    version: s.version,
    started_at: s.startedAt,
    ended_at: s.endedAt,
    pageviews: s.pageviews,
    events: s.events,
    engagement_ms: s.engagementMs,
    entry_page: s.entryPage,
    exit_page: s.exitPage,
    hostname: s.hostname,
    channel: s.channel,
    referrer_host: s.referrerHost,
    utm_source: s.utmSource,
    utm_medium: s.utmMedium,
    utm_campaign: s.utmCampaign,
    utm_term: s.utmTerm,
    utm_content: s.utmContent,
    country: s.country,
    device: s.device,
    browser: s.browser,
    os: s.os,
  };
}

/** DuckDB gives BIGINT/UBIGINT/HUGEINT as bigint and DECIMAL as objects; reports want plain numbers. */
function plainValue(value: unknown): QueryRow[string] {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((v) => String(v));
  return String(value);
}

function rowsOf(result: DuckDBResultReader): QueryRow[] {
  return result.getRowObjectsJS().map((row) => {
    const out: QueryRow = {};
    for (const [key, value] of Object.entries(row)) out[key] = plainValue(value);
    return out;
  });
}

export interface DuckDbEventStore extends EventStore {
  /** The writer connection, for tests and the synthetic-data generator of the query benchmark. */
  writer: DuckDBConnection;
}

/** Opens (and creates) `DATA_DIR/events.duckdb`, or an in-memory database for `dataDir: ':memory:'`. */
export async function openDuckDbEventStore(opts: {
  dataDir: string;
  /** DuckDB's worker threads (default: one per core). */
  threads?: number;
}): Promise<DuckDbEventStore> {
  let file = ':memory:';
  if (opts.dataDir !== ':memory:') {
    mkdirSync(opts.dataDir, { recursive: true });
    file = path.join(opts.dataDir, 'events.duckdb');
  }
  const instance = await DuckDBInstance.create(
    file,
    opts.threads ? { threads: String(opts.threads) } : undefined,
  );
  // Writes go through one connection (one transaction at a time); reads use their own so a
  // report never runs inside a half-done batch and never waits for one.
  const writer = await instance.connect();
  const reader = await instance.connect();
  for (const statement of SCHEMA) await writer.run(statement);

  let closed = false;
  let writing: Promise<void> = Promise.resolve();

  // Staged batch files: beside the database (same disk), or a temp folder for an in-memory store.
  // Anything left there by a crash is stale (its batch never committed or was already loaded).
  const stageDir =
    file === ':memory:'
      ? mkdtempSync(path.join(tmpdir(), 'ml-duckdb-stage-'))
      : path.join(opts.dataDir, 'load-stage');
  rmSync(stageDir, { recursive: true, force: true });
  mkdirSync(stageDir, { recursive: true });
  const staged: string[] = [];
  async function stage(name: string, text: string | Uint8Array) {
    const stagedFile = path.join(stageDir, `${name}.ndjson`);
    await writeFile(stagedFile, text);
    staged.push(stagedFile);
    return stagedFile;
  }

  // Whether any partials are stored: until the first fill, batches skip marking them stale.
  let rollupsMarked =
    Number(rowsOf(await writer.runAndReadAll('select count(*) as n from rollup_days'))[0]?.n ?? 0) > 0;
  // Rows written since the last compaction; after a restart their order is unknown, so all of them.
  let rollupRowsUnsorted = Number(
    rowsOf(await writer.runAndReadAll('select count(*) as n from rollup_rows'))[0]?.n ?? 0,
  );

  /**
   * Marks stale the partials of every (site, visit-start day) the batch writes a visit of, read
   * from the staged visits file by DuckDB (the loader's rows are never decoded in JS for this).
   */
  async function forgetRollups(sessionsFile: string) {
    if (!rollupsMarked) return;
    await writer.run(
      `update rollup_days set stale = true from (select distinct site_id, (started_at // ${DAY}) * ${DAY} as s_day from read_json(${sqlString(sessionsFile)}, format = 'newline_delimited', columns = ${SESSION_JSON_TYPE})) w where not rollup_days.stale and rollup_days.site_id = w.site_id and rollup_days.s_day = w.s_day`,
    );
  }

  /** Runs `work` in one transaction on the writer, after every earlier write. */
  function inTransaction(work: () => Promise<void>): Promise<void> {
    if (closed) return Promise.reject(new Error('event store is closed'));
    const next = writing.then(async () => {
      await writer.run('begin transaction');
      try {
        await work();
        await writer.run('commit');
      } catch (err) {
        await writer.run('rollback').catch(() => {});
        throw err;
      }
    });
    writing = next.catch(() => {});
    return next;
  }

  const rollups: RollupStore = {
    table: 'rollup_rows',
    async storedDays(siteId, keys, days) {
      const out = new Map(keys.map((k) => [k, new Map<number, { filledAt: number; stale: boolean }>()]));
      if (keys.length === 0 || days.length === 0) return out;
      // A range of days plans faster than a long IN list; the few days between are dropped here.
      const wanted = new Set(days);
      const rows = rowsOf(
        await reader.runAndReadAll(
          `select key, s_day, filled_at, stale from rollup_days where site_id = ${sqlString(siteId)} and key in (${keys.map(sqlString).join(', ')}) and s_day between ${Math.trunc(Math.min(...days))} and ${Math.trunc(Math.max(...days))}`,
        ),
      );
      for (const r of rows.filter((row) => wanted.has(Number(row.s_day))))
        out
          .get(String(r.key))
          ?.set(Number(r.s_day), { filledAt: Number(r.filled_at), stale: r.stale === true });
      return out;
    },
    fill(siteId, keys, { from, to, filledAt }, build) {
      const site = sqlString(siteId);
      const keyList = keys.map(sqlString).join(', ');
      const days: number[] = [];
      for (let d = Math.floor(from / DAY) * DAY; d < to; d += DAY) days.push(d);
      return inTransaction(async () => {
        const select = await build(async (sql) => rowsOf(await writer.runAndReadAll(sql)));
        await writer.run(
          `delete from rollup_rows where site_id = ${site} and key in (${keyList}) and s_day >= ${Math.trunc(from)} and s_day < ${Math.trunc(to)}`,
        );
        const inserted = rowsOf(
          await writer.runAndReadAll(
            `insert into rollup_rows select ${site}, ${ROLLUP_COLUMNS.map(([name]) => name).join(', ')} from (${select})`,
          ),
        );
        rollupRowsUnsorted += Number(Object.values(inserted[0] ?? {})[0] ?? 0);
        await writer.run(
          `insert or replace into rollup_days select ${site}, k, d, ${Math.trunc(filledAt)}, false from (values ${keys
            .map(sqlString)
            .map((k) => `(${k})`)
            .join(', ')}) as ks(k), (values ${days.map((d) => `(${d})`).join(', ')}) as ds(d)`,
        );
        rollupsMarked = true;
      });
    },
    async compact() {
      const [row] = rowsOf(await reader.runAndReadAll('select count(*) as n from rollup_rows'));
      const total = Number(row?.n ?? 0);
      if (rollupRowsUnsorted === 0 || rollupRowsUnsorted * 10 < total) return false;
      await inTransaction(async () => {
        await writer.run('drop table if exists rollup_rows_sorted');
        await writer.run(
          'create table rollup_rows_sorted as select * from rollup_rows order by site_id, s_day, key',
        );
        await writer.run('drop table rollup_rows');
        await writer.run('alter table rollup_rows_sorted rename to rollup_rows');
        await writer.run('drop table if exists rollup_days_sorted');
        await writer.run(rollupDaysDdl('rollup_days_sorted'));
        await writer.run(
          'insert into rollup_days_sorted select * from rollup_days order by site_id, s_day, key',
        );
        await writer.run('drop table rollup_days');
        await writer.run('alter table rollup_days_sorted rename to rollup_days');
      });
      rollupRowsUnsorted = 0;
      return true;
    },
  };

  async function writeBatch(batch: EventBatch) {
    await writer.run('begin transaction');
    try {
      // The loader's batches carry their rows as JSON lines already: no second serialisation.
      const lines = batch.jsonLines;
      if (lines ? lines.events.length > 0 : batch.events.length > 0) {
        const file = await stage('events', lines?.events ?? ndjson(batch.events, eventJson));
        await writer.run(
          `insert into events by name select * from read_json(${sqlString(file)}, format = 'newline_delimited', columns = ${EVENT_JSON_TYPE})`,
        );
      }
      if (lines ? lines.sessions.length > 0 : batch.sessions.length > 0) {
        const file = await stage('sessions', lines?.sessions ?? ndjson(batch.sessions, sessionJson));
        // Keep the newest state of each visit: a replayed older state never overwrites a newer one.
        // The version check sits in the conflict clause: a join against `sessions` to filter first
        // would scan the whole table on every batch (2.3x the CPU at 20M visits).
        await writer.run(
          `insert into sessions by name
           select * from read_json(${sqlString(file)}, format = 'newline_delimited', columns = ${SESSION_JSON_TYPE})
           on conflict (session_id) do update set ${SESSION_UPDATE} where excluded.version >= sessions.version`,
        );
        await forgetRollups(file);
      }
      await writer.run(
        `update ingest_state set loaded_wal_seq = greatest(loaded_wal_seq, ${Math.trunc(batch.lastWalSeq)}) where id = 1`,
      );
      await writer.run('commit');
    } catch (err) {
      await writer.run('rollback').catch(() => {});
      throw err;
    } finally {
      await Promise.all(staged.splice(0).map((f) => rm(f, { force: true })));
    }
  }

  return {
    engine: 'duckdb',
    writer,
    async ping() {
      if (closed) return false;
      try {
        await reader.run('select 1');
        return true;
      } catch {
        return false;
      }
    },
    appendBatch(batch) {
      if (closed) return Promise.reject(new Error('event store is closed'));
      // Serialise batches: one open transaction at a time on the writer connection.
      const next = writing.then(() => writeBatch(batch));
      writing = next.catch(() => {});
      return next;
    },
    async loadedWalSeq() {
      await writing;
      const rows = rowsOf(await writer.runAndReadAll('select loaded_wal_seq from ingest_state where id = 1'));
      return Number(rows[0]?.loaded_wal_seq ?? 0);
    },
    async recentSessions(sinceMs) {
      const result = await reader.runAndReadAll(
        `select * from sessions where ended_at >= ${Math.trunc(sinceMs)} order by ended_at`,
      );
      return rowsOf(result).map(sessionFromRow);
    },
    async query(sql) {
      return rowsOf(await reader.runAndReadAll(sql));
    },
    deleteSite(siteId) {
      if (!/^[0-9a-f-]{36}$/i.test(siteId)) return Promise.reject(new Error('site id must be a UUID'));
      return inTransaction(async () => {
        for (const table of ['events', 'sessions', 'rollup_rows', 'rollup_days'])
          await writer.run(`delete from ${table} where site_id = '${siteId}'`);
      });
    },
    rollups,
    async close() {
      if (closed) return;
      closed = true;
      await writing;
      // CHECKPOINT folds DuckDB's own WAL into the database file so the next start does not replay it.
      if (file !== ':memory:') await writer.run('CHECKPOINT');
      reader.closeSync();
      writer.closeSync();
      instance.closeSync();
      rmSync(stageDir, { recursive: true, force: true });
    },
  };
}

const SESSION_UPDATE = [
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
]
  .map((c) => `${c} = excluded.${c}`)
  .join(', ');
