import { describe, expect, it } from 'vitest';
import { openDuckDbEventStore } from './duckdb-event-store';
import { event, session } from './event-rows.fixture';

describe('DuckDB event store', () => {
  it('appends batches atomically, keeps the newest visit state and remembers the WAL position', async () => {
    const store = await openDuckDbEventStore({ dataDir: ':memory:' });
    try {
      expect(await store.loadedWalSeq()).toBe(0);
      const big = 18_000_000_000_000_000_000n; // above 2^63: ids are unsigned
      await store.appendBatch({
        events: [event(1, big, { propsKeys: ['plan'], propsValues: ['pro'] }), event(2, big)],
        sessions: [session(big, 2)],
        lastWalSeq: 2,
      });
      // An older state (a replay) never overwrites a newer one; a newer one does.
      await store.appendBatch({ events: [], sessions: [session(big, 1)], lastWalSeq: 2 });
      await store.appendBatch({ events: [event(3, big)], sessions: [session(big, 3)], lastWalSeq: 3 });
      expect(await store.loadedWalSeq()).toBe(3);
      const rows = await store.query(
        'select session_id::varchar as id, version, exit_page from sessions order by session_id',
      );
      expect(rows).toEqual([{ id: big.toString(), version: 3, exit_page: '/p3' }]);
      const events = await store.query(
        'select wal_seq, props_keys, props_values from events order by wal_seq',
      );
      expect(events).toEqual([
        { wal_seq: 1, props_keys: ['plan'], props_values: ['pro'] },
        { wal_seq: 2, props_keys: [], props_values: [] },
        { wal_seq: 3, props_keys: [], props_values: [] },
      ]);

      // A failing batch leaves nothing behind: not its events, not its position.
      const broken = event(4, big, { scrollDepth: 300 });
      await expect(
        store.appendBatch({ events: [event(5, big), broken], sessions: [session(big, 9)], lastWalSeq: 5 }),
      ).rejects.toThrow();
      expect(await store.loadedWalSeq()).toBe(3);
      expect(await store.query('select count(*) as n from events')).toEqual([{ n: 3 }]);
      const recent = await store.recentSessions(1_700_000_000_000);
      expect(recent.map((s) => [s.sessionId, s.version])).toEqual([[big, 3]]);
    } finally {
      await store.close();
    }
  });

  it('stores any text: lone surrogates become U+FFFD, backslashes and control characters stay', async () => {
    const store = await openDuckDbEventStore({ dataDir: ':memory:' });
    try {
      await store.appendBatch({
        events: [
          event(1, 7n, {
            pathname: '/a\ud800b',
            title: 'literal \\ud800, quote " and new\nline',
            propsKeys: ['k\udc00'],
            propsValues: ['\u0000v\u00e9\u{1F375}'],
          }),
        ],
        sessions: [session(7n, 1, { exitPage: '/x\udbff' })],
        lastWalSeq: 1,
      });
      expect(await store.query('select pathname, title, props_keys, props_values from events')).toEqual([
        {
          pathname: '/a\ufffdb',
          title: 'literal \\ud800, quote " and new\nline',
          props_keys: ['k\ufffd'],
          props_values: ['\u0000v\u00e9\u{1F375}'],
        },
      ]);
      expect((await store.recentSessions(0))[0].exitPage).toBe('/x\ufffd');
      expect(await store.loadedWalSeq()).toBe(1);
    } finally {
      await store.close();
    }
  });
});
