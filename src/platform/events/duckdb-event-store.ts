import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  type DuckDBAppender,
  type DuckDBConnection,
  DuckDBInstance,
  type DuckDBResultReader,
  LIST,
  listValue,
  VARCHAR,
} from '@duckdb/node-api';
import type { EventBatch, EventRow, EventStore, QueryRow, SessionRow } from './event-store';

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

// An empty list has no item type to infer; name it.
const VARCHAR_LIST = LIST(VARCHAR);

function appendEvent(appender: DuckDBAppender, e: EventRow) {
  appender.appendVarchar(e.siteId);
  appender.appendUBigInt(BigInt(e.walSeq));
  appender.appendBigInt(BigInt(e.ts));
  appender.appendVarchar(e.name);
  appender.appendVarchar(e.pathname);
  appender.appendVarchar(e.hostname);
  appender.appendVarchar(e.title);
  appender.appendUBigInt(e.sessionId);
  appender.appendUBigInt(e.visitorId);
  appender.appendVarchar(e.channel);
  appender.appendVarchar(e.referrerHost);
  appender.appendVarchar(e.utmSource);
  appender.appendVarchar(e.utmMedium);
  appender.appendVarchar(e.utmCampaign);
  appender.appendVarchar(e.utmTerm);
  appender.appendVarchar(e.utmContent);
  appender.appendVarchar(e.country);
  appender.appendVarchar(e.device);
  appender.appendVarchar(e.browser);
  appender.appendVarchar(e.browserVersion);
  appender.appendVarchar(e.os);
  appender.appendVarchar(e.osVersion);
  appender.appendUInteger(e.engagementMs);
  appender.appendUTinyInt(e.scrollDepth);
  appender.appendList(listValue(e.propsKeys), VARCHAR_LIST);
  appender.appendList(listValue(e.propsValues), VARCHAR_LIST);
  appender.appendDouble(e.revenueAmount);
  appender.appendVarchar(e.revenueCurrency);
  appender.endRow();
}

function appendSession(appender: DuckDBAppender, s: SessionRow) {
  appender.appendVarchar(s.siteId);
  appender.appendUBigInt(s.sessionId);
  appender.appendUBigInt(s.visitorId);
  appender.appendUBigInt(BigInt(s.version));
  appender.appendBigInt(BigInt(s.startedAt));
  appender.appendBigInt(BigInt(s.endedAt));
  appender.appendUInteger(s.pageviews);
  appender.appendUInteger(s.events);
  appender.appendUBigInt(BigInt(s.engagementMs));
  appender.appendVarchar(s.entryPage);
  appender.appendVarchar(s.exitPage);
  appender.appendVarchar(s.hostname);
  appender.appendVarchar(s.channel);
  appender.appendVarchar(s.referrerHost);
  appender.appendVarchar(s.utmSource);
  appender.appendVarchar(s.utmMedium);
  appender.appendVarchar(s.utmCampaign);
  appender.appendVarchar(s.utmTerm);
  appender.appendVarchar(s.utmContent);
  appender.appendVarchar(s.country);
  appender.appendVarchar(s.device);
  appender.appendVarchar(s.browser);
  appender.appendVarchar(s.os);
  appender.endRow();
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

function sessionFromRow(row: QueryRow): SessionRow {
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
  await writer.run('create temp table sessions_stage as select * from sessions limit 0');

  let closed = false;
  let writing: Promise<void> = Promise.resolve();

  async function writeBatch(batch: EventBatch) {
    await writer.run('begin transaction');
    try {
      if (batch.events.length > 0) {
        // The appender is ~10x faster than INSERT for batches and takes part in the transaction.
        const appender = await writer.createAppender('events');
        for (const event of batch.events) appendEvent(appender, event);
        appender.flushSync();
        appender.closeSync();
      }
      if (batch.sessions.length > 0) {
        const appender = await writer.createAppender('sessions_stage', 'main', 'temp');
        for (const session of batch.sessions) appendSession(appender, session);
        appender.flushSync();
        appender.closeSync();
        // Keep the newest state of each visit: a replayed older state never overwrites a newer one.
        await writer.run(
          `insert into sessions select s.* from sessions_stage s
           left join sessions cur on cur.session_id = s.session_id
           where cur.session_id is null or cur.version <= s.version
           on conflict (session_id) do update set ${SESSION_UPDATE}`,
        );
        await writer.run('delete from sessions_stage');
      }
      await writer.run(
        `update ingest_state set loaded_wal_seq = greatest(loaded_wal_seq, ${Math.trunc(batch.lastWalSeq)}) where id = 1`,
      );
      await writer.run('commit');
    } catch (err) {
      await writer.run('rollback').catch(() => {});
      await writer.run('delete from sessions_stage').catch(() => {});
      throw err;
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
