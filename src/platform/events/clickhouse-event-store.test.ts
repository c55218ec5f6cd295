import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ClickHouseEventStore,
  type ClickHouseEventStoreOptions,
  clickHouseTestTargets,
  openClickHouseEventStore,
  quoteClickHouseString,
} from './clickhouse-event-store';
import { event, session, TEST_SITE as site } from './event-rows.fixture';
import type { EventRow, SessionRow } from './event-store';

// Runs against real servers only: `eval "$(scripts/clickhouse/start.sh)"` sets the variables.
const targets = clickHouseTestTargets(process.env);

const otherSite = '22222222-2222-4222-8222-222222222222';
const big = 18_000_000_000_000_000_000n; // above 2^63: ids are unsigned

// Text a tracked page can send: quotes, backslashes, control characters, NUL, non-BMP, SQL.
const HOSTILE = [
  "it's",
  "back\\slash \\' \\n",
  '"double"',
  "'; DROP TABLE events; --",
  'tab\tnew\nline\r\n',
  'nul\u0000byte',
  '\u0001\u001f\u007f',
  'emoji 😀 中文 é',
  '\u2028\u2029',
  '<script>alert(1)</script>',
  '%s %d {x:String} ?',
];

/** A statement straight to a server, for checks the port does not offer (per-shard counts, faking a crash). */
async function raw(url: string, database: string, sql: string, body?: string) {
  const u = new URL(url);
  u.searchParams.set('database', database);
  if (body !== undefined) u.searchParams.set('query', sql);
  const res = await fetch(u, { method: 'POST', body: body ?? sql });
  const text = await res.text();
  if (!res.ok) throw new Error(text);
  return text.trim();
}

if (targets.length === 0) {
  describe.skip('ClickHouse event store: skipped, set TEST_CLICKHOUSE_URL (and TEST_CLICKHOUSE_CLUSTER_URL, TEST_CLICKHOUSE_CLUSTER, TEST_CLICKHOUSE_SHARD_URLS) — eval "$(scripts/clickhouse/start.sh)"', () => {
    it('needs a ClickHouse server', () => {});
  });
}

for (const target of targets) {
  // Generous timeouts: mutations and the app's start are slow on a loaded CI machine.
  describe(`ClickHouse event store (${target.label})`, { timeout: 60_000 }, () => {
    let options: ClickHouseEventStoreOptions;
    let store: ClickHouseEventStore;

    beforeAll(async () => {
      options = target.options();
      store = await openClickHouseEventStore(options);
    }, 60_000);
    afterAll(async () => {
      await store?.dropDatabase();
      await store?.close();
    }, 60_000);

    it('appends batches, keeps the newest visit state and remembers the WAL position', async () => {
      expect(store.engine).toBe('clickhouse');
      expect(await store.ping()).toBe(true);
      expect(await store.loadedWalSeq()).toBe(0);
      await store.appendBatch({
        events: [event(1, big, { propsKeys: ['plan'], propsValues: ['pro'] }), event(2, big)],
        sessions: [session(big, 2), session(7n, 1, { startedAt: 1_700_000_500_000 })],
        lastWalSeq: 2,
      });
      // An older state (a replay) never wins over a newer one; a newer one does.
      await store.appendBatch({ events: [], sessions: [session(big, 1)], lastWalSeq: 2 });
      await store.appendBatch({ events: [event(3, big)], sessions: [session(big, 3)], lastWalSeq: 3 });
      expect(await store.loadedWalSeq()).toBe(3);

      const rows = await store.query(
        // 18.16 quirk: FINAL through a Distributed table with a plain ORDER BY needs every sort-key
        // column read; a subquery (or GROUP BY) avoids it.
        'SELECT toString(session_id) AS id, version, exit_page FROM (SELECT * FROM sessions FINAL) ORDER BY session_id',
      );
      expect(rows).toEqual([
        { id: '7', version: 1, exit_page: '/p1' },
        { id: big.toString(), version: 3, exit_page: '/p3' },
      ]);
      // A filter matching only a superseded version finds nothing: FINAL merges before WHERE.
      expect(
        await store.query(
          "SELECT count() AS n FROM sessions FINAL WHERE exit_page IN ('/p1', '/p2') AND session_id != 7",
        ),
      ).toEqual([{ n: 0 }]);
      const events = await store.query(
        'SELECT wal_seq, props_keys, props_values FROM events ORDER BY wal_seq',
      );
      expect(events).toEqual([
        { wal_seq: 1, props_keys: ['plan'], props_values: ['pro'] },
        { wal_seq: 2, props_keys: [], props_values: [] },
        { wal_seq: 3, props_keys: [], props_values: [] },
      ]);

      // A bad row fails the batch before anything is sent (ClickHouse would wrap 300 to 44).
      const broken = event(4, big, { scrollDepth: 300 });
      await expect(
        store.appendBatch({ events: [event(5, big), broken], sessions: [session(big, 9)], lastWalSeq: 5 }),
      ).rejects.toThrow(/scroll_depth/);
      expect(await store.loadedWalSeq()).toBe(3);
      expect(await store.query('SELECT count() AS n FROM events')).toEqual([{ n: 3 }]);

      const recent = await store.recentSessions(1_700_000_000_000);
      expect(recent.map((s) => [s.sessionId, s.version])).toEqual([
        [7n, 1],
        [big, 3],
      ]);
      expect(recent[1]).toEqual(session(big, 3));
      expect(await store.recentSessions(1_700_000_002_500)).toHaveLength(1);
    });

    it('replays idempotently: loaded events are skipped, a partly stored batch is completed', async () => {
      // A replay of an already loaded batch adds nothing.
      await store.appendBatch({
        events: [event(2, big), event(3, big)],
        sessions: [session(big, 3)],
        lastWalSeq: 3,
      });
      expect(await store.query('SELECT count() AS n FROM events')).toEqual([{ n: 3 }]);

      // Fake a crash in the middle of batch 10..12: its start was recorded, only event 11 is stored.
      const seq11 = JSON.stringify({
        ...Object.fromEntries(
          Object.entries(event(11, 5n)).map(([k, v]) => [
            k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
            typeof v === 'bigint' ? v.toString() : v,
          ]),
        ),
      });
      await raw(options.url, options.database as string, 'INSERT INTO events FORMAT JSONEachRow', seq11);
      await raw(options.url, options.database as string, "INSERT INTO ingest_state VALUES ('started', 12)");
      const reopened = await openClickHouseEventStore(options);
      try {
        expect(await reopened.loadedWalSeq()).toBe(3);
        await reopened.appendBatch({
          events: [event(10, 5n), event(11, 5n), event(12, 5n)],
          sessions: [session(5n, 3)],
          lastWalSeq: 12,
        });
        expect(await reopened.loadedWalSeq()).toBe(12);
        expect(
          await reopened.query(
            'SELECT wal_seq, count() AS n FROM events WHERE wal_seq >= 10 GROUP BY wal_seq ORDER BY wal_seq',
          ),
        ).toEqual([
          { wal_seq: 10, n: 1 },
          { wal_seq: 11, n: 1 },
          { wal_seq: 12, n: 1 },
        ]);
      } finally {
        await reopened.close();
      }
    });

    it('stores hostile text byte-exact and quotes it safely in SQL', async () => {
      const events = HOSTILE.map((text, i) =>
        event(100 + i, 900n + BigInt(i), {
          siteId: otherSite,
          pathname: text,
          title: text,
          referrerHost: text,
          utmCampaign: text,
          propsKeys: [text, 'k'],
          propsValues: ['v', text],
        }),
      );
      const sessions = HOSTILE.map((text, i) =>
        session(900n + BigInt(i), 1, { siteId: otherSite, entryPage: text, exitPage: text, utmTerm: text }),
      );
      await store.appendBatch({ events, sessions, lastWalSeq: 100 + HOSTILE.length });
      const rows = await store.query(
        `SELECT wal_seq, pathname, title, referrer_host, utm_campaign, props_keys, props_values FROM events WHERE site_id = ${quoteClickHouseString(otherSite)} ORDER BY wal_seq`,
      );
      expect(rows).toEqual(
        HOSTILE.map((text, i) => ({
          wal_seq: 100 + i,
          pathname: text,
          title: text,
          referrer_host: text,
          utm_campaign: text,
          props_keys: [text, 'k'],
          props_values: ['v', text],
        })),
      );
      for (const text of HOSTILE) {
        const match = await store.query(
          `SELECT count() AS n FROM events WHERE pathname = ${quoteClickHouseString(text)} AND has(props_keys, ${quoteClickHouseString(text)})`,
        );
        expect(match, JSON.stringify(text)).toEqual([{ n: 1 }]);
      }
      const visits = (await store.recentSessions(0)).filter((s) => s.siteId === otherSite);
      expect(visits.map((s) => [s.entryPage, s.exitPage, s.utmTerm])).toEqual(HOSTILE.map((t) => [t, t, t]));
    });

    it('answers 64-bit integers as numbers and refuses to write through query()', async () => {
      expect(
        await store.query(
          'SELECT toUInt64(9007199254740991) AS u, toInt64(-5) AS i, [toUInt64(1), 2] AS a, 7 / 2 AS f',
        ),
      ).toEqual([{ u: 9007199254740991, i: -5, a: ['1', '2'], f: 3.5 }]);
      await expect(store.query('DROP TABLE events')).rejects.toThrow(/readonly/i);
      await expect(store.query('SELECT nope FROM events')).rejects.toThrow(/ClickHouse at .*nope/);
    });

    it('deletes every event and visit of one site and nothing else', async () => {
      const before = await store.query(
        `SELECT countIf(site_id = ${quoteClickHouseString(site)}) AS mine, countIf(site_id != ${quoteClickHouseString(site)}) AS others FROM events`,
      );
      expect(before).toEqual([{ mine: 6, others: HOSTILE.length }]);
      await expect(store.deleteSite("x' OR 1=1 --")).rejects.toThrow(/UUID/);
      await store.deleteSite(site);
      expect(await store.query(`SELECT site_id, count() AS n FROM events GROUP BY site_id`)).toEqual([
        { site_id: otherSite, n: HOSTILE.length },
      ]);
      expect(await store.query(`SELECT site_id, count() AS n FROM sessions FINAL GROUP BY site_id`)).toEqual([
        { site_id: otherSite, n: HOSTILE.length },
      ]);
    });

    it('is the engine the app opens when CLICKHOUSE_URL is set, and /healthz says so', async () => {
      const database = `${options.database}_app`;
      const url = new URL(options.url);
      url.searchParams.set('database', database);
      // Loaded here so the skipped run (no ClickHouse) does not load the whole app.
      const { startTestApp } = await import('../../../test/support/test-app');
      const app = await startTestApp({
        clickhouseUrl: url.toString(),
        clickhouseCluster: options.cluster,
        clickhouseShardUrls: options.shardUrls,
      });
      try {
        const res = await app.client().get('/healthz');
        expect(res.statusCode).toBe(200);
        expect(res.data.eventStore).toEqual({ engine: 'clickhouse', ok: true });
        expect(await raw(options.url, database, 'EXISTS TABLE events')).toBe('1');
      } finally {
        await app.close();
        await raw(options.url, 'system', `DROP DATABASE IF EXISTS ${database}`);
        for (const shard of options.shardUrls ?? [])
          await raw(shard, 'system', `DROP DATABASE IF EXISTS ${database}`);
      }
    });

    if (target.options().cluster) {
      it('spreads visits over both shards, each visit whole on one shard', async () => {
        const shardUrls = options.shardUrls ?? [];
        const events: EventRow[] = [];
        const sessions: SessionRow[] = [];
        for (let i = 0; i < 40; i++) {
          const id = 5000n + BigInt(i);
          events.push(event(1000 + 2 * i, id), event(1001 + 2 * i, id));
          sessions.push(session(id, 1), session(id, 2));
        }
        await store.appendBatch({
          events,
          sessions: sessions.filter((s) => s.version === 2),
          lastWalSeq: 1079,
        });
        await store.appendBatch({
          events: [],
          sessions: sessions.filter((s) => s.version === 1),
          lastWalSeq: 1079,
        });
        const perShard = [];
        for (const url of shardUrls) {
          const n = Number(
            await raw(
              url,
              options.database as string,
              'SELECT count() FROM events_local WHERE session_id >= 5000',
            ),
          );
          // Both events of a visit on the same shard as its visit row.
          const split = await raw(
            url,
            options.database as string,
            'SELECT count() FROM (SELECT session_id FROM events_local WHERE session_id >= 5000 GROUP BY session_id HAVING count() != 2)',
          );
          const orphans = await raw(
            url,
            options.database as string,
            'SELECT count() FROM events_local WHERE session_id >= 5000 AND session_id NOT IN (SELECT session_id FROM sessions_local)',
          );
          expect([split, orphans]).toEqual(['0', '0']);
          perShard.push(n);
        }
        expect(perShard.reduce((a, b) => a + b, 0)).toBe(80);
        expect(perShard.every((n) => n > 0)).toBe(true);
        // FINAL through the Distributed table: one row per visit, its newest version.
        expect(
          await store.query(
            'SELECT count() AS n, min(version) AS v FROM sessions FINAL WHERE session_id >= 5000',
          ),
        ).toEqual([{ n: 40, v: 2 }]);
      });
    }
  });
}
