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
  type SessionRow,
  sessionFromRow,
} from './event-store';

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
export async function openDuckDbEventStore(opts: { dataDir: string }): Promise<DuckDbEventStore> {
  let file = ':memory:';
  if (opts.dataDir !== ':memory:') {
    mkdirSync(opts.dataDir, { recursive: true });
    file = path.join(opts.dataDir, 'events.duckdb');
  }
  const instance = await DuckDBInstance.create(file);
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
  async function stage(name: string, text: string) {
    const stagedFile = path.join(stageDir, `${name}.ndjson`);
    await writeFile(stagedFile, text);
    staged.push(stagedFile);
    return stagedFile;
  }

  async function writeBatch(batch: EventBatch) {
    await writer.run('begin transaction');
    try {
      if (batch.events.length > 0) {
        const file = await stage('events', ndjson(batch.events, eventJson));
        await writer.run(
          `insert into events by name select * from read_json(${sqlString(file)}, format = 'newline_delimited', columns = ${EVENT_JSON_TYPE})`,
        );
      }
      if (batch.sessions.length > 0) {
        const file = await stage('sessions', ndjson(batch.sessions, sessionJson));
        // Keep the newest state of each visit: a replayed older state never overwrites a newer one.
        await writer.run(
          `insert into sessions by name
           select s.* from read_json(${sqlString(file)}, format = 'newline_delimited', columns = ${SESSION_JSON_TYPE}) s
           left join sessions cur on cur.session_id = s.session_id
           where cur.session_id is null or cur.version <= s.version
           on conflict (session_id) do update set ${SESSION_UPDATE}`,
        );
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
      const next = writing.then(async () => {
        await writer.run('begin transaction');
        try {
          await writer.run(`delete from events where site_id = '${siteId}'`);
          await writer.run(`delete from sessions where site_id = '${siteId}'`);
          await writer.run('commit');
        } catch (err) {
          await writer.run('rollback').catch(() => {});
          throw err;
        }
      });
      writing = next.catch(() => {});
      return next;
    },
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
