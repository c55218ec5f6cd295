import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDuckDbEventStore } from '../../../platform/events/duckdb-event-store';
import { event, session as sessionRowOf } from '../../../platform/events/event-rows.fixture';
import { EVENT_COLUMNS, SESSION_COLUMNS } from '../../../platform/events/event-store';
import {
  decodeRows,
  decodeSegment,
  encodeRecord,
  eventBytes,
  FRAME_HEADER_BYTES,
  sessionBytes,
  type WalRows,
} from './wal-format';
import { toBatch, WalLoader } from './wal-loader';
import { WriteAheadLog } from './write-ahead-log';

const SITE = '11111111-2222-4333-8444-555555555555';

/** Rows with awkward text (quotes, newline, CJK, markup), ids at the top of 64 bits and fractions. */
function rows(i: number, session = BigInt(i % 7) + 1n, version = 1): WalRows {
  const ev = event(0, session, {
    siteId: SITE,
    ts: 1_780_000_000_000 + i,
    name: i % 3 === 0 ? 'Signup ✓' : 'pageview',
    pathname: `/p/${i}?q="quoted"\n`,
    title: '标题 <script>',
    visitorId: 0xffffffffffffffffn - BigInt(i),
    browserVersion: '124',
    os: 'Windows',
    osVersion: '10',
    engagementMs: i,
    scrollDepth: i % 101,
    propsKeys: ['plan'],
    propsValues: [String(i)],
    revenueAmount: i / 3,
    revenueCurrency: 'EUR',
  });
  return {
    event: ev,
    session: sessionRowOf(session, version, {
      siteId: SITE,
      visitorId: ev.visitorId,
      startedAt: ev.ts - 10,
      endedAt: ev.ts,
      exitPage: ev.pathname,
      os: 'Windows',
    }),
  };
}

/** The record the log writes for `rows` under sequence number `seq`. */
function record(seq: number, r = rows(seq)) {
  r.event.walSeq = seq;
  return encodeRecord(r);
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ml-wal-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const segmentFiles = () =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.wal'))
    .sort();

describe('WAL record framing', () => {
  it('round-trips records exactly, 64-bit ids and all', () => {
    const original = rows(5, 0xfffffffffffffff0n, 3);
    const { frame } = record(42, structuredClone(original));
    expect(frame.readUInt32LE(0)).toBe(frame.length - FRAME_HEADER_BYTES);
    const { records, tornBytes } = decodeSegment(frame);
    expect(tornBytes).toBe(0);
    expect(records.map((r) => [r.seq, r.sessionId, r.sessionVersion])).toEqual([
      [42, 0xfffffffffffffff0n.toString(), 3],
    ]);
    expect(decodeRows(records[0])).toEqual({ ...original, event: { ...original.event, walSeq: 42 } });
    expect(decodeRows(records[0]).event.visitorId).toBe(0xffffffffffffffffn - 5n);
  });

  it("writes each row as one JSON line in the store's column names, ids as decimal text", () => {
    const r = record(7, rows(7, 18_000_000_000_000_000_000n));
    const event = eventBytes(r).toString('utf8');
    const session = sessionBytes(r).toString('utf8');
    expect(event.endsWith('\n') && event.indexOf('\n') === event.length - 1).toBe(true);
    expect(session.endsWith('\n') && session.indexOf('\n') === session.length - 1).toBe(true);
    const e = JSON.parse(event);
    const s = JSON.parse(session);
    expect(Object.keys(e).sort()).toEqual([...EVENT_COLUMNS].sort());
    expect(Object.keys(s).sort()).toEqual([...SESSION_COLUMNS].sort());
    expect([e.wal_seq, e.session_id, s.session_id, e.visitor_id]).toEqual([
      7,
      '18000000000000000000',
      '18000000000000000000',
      (0xffffffffffffffffn - 7n).toString(),
    ]);
    expect([e.pathname, e.props_keys, e.revenue_amount]).toEqual(['/p/7?q="quoted"\n', ['plan'], 7 / 3]);
  });

  it("reuses a visit's constant JSON for its later events and decodes to the very same rows", () => {
    const visit = {};
    const first = rows(1, 5n, 1);
    const later = rows(2, 5n, 2);
    // Ids and attribution are the visit's (as `toRows` gives them); what changes per event differs.
    later.event.visitorId = first.event.visitorId;
    later.session = {
      ...first.session,
      version: 2,
      endedAt: first.session.endedAt + 60_000,
      exitPage: '/后来',
    };
    const records = [first, later].map((r, i) => {
      r.event.walSeq = i + 1;
      return encodeRecord({ ...r, visit });
    });
    for (const [i, r] of [first, later].entries()) {
      const plain = encodeRecord({ event: r.event, session: r.session });
      expect(decodeRows(records[i])).toEqual(decodeRows(plain));
      expect(JSON.parse(eventBytes(records[i]).toString())).toEqual(JSON.parse(eventBytes(plain).toString()));
      expect(JSON.parse(sessionBytes(records[i]).toString())).toEqual(
        JSON.parse(sessionBytes(plain).toString()),
      );
    }
    expect(decodeRows(records[1]).session).toMatchObject({ version: 2, exitPage: '/后来' });
    // Rows of another visit given the same object (a misuse) are not written with its parts.
    const stranger = rows(3, 6n, 1);
    stranger.event.walSeq = 3;
    stranger.session.startedAt += 1;
    expect(decodeRows(encodeRecord({ ...stranger, visit })).session).toEqual(stranger.session);
  });

  it('writes lone surrogates as U+FFFD and keeps escaped backslashes and real pairs', () => {
    const r = rows(1);
    r.event.pathname = '/a\ud800b';
    r.event.title = 'literal \\ud800 and tea \u{1F375}';
    r.event.propsKeys = ['k\udc00', 'tab\tbell\u0007 "q" \\ \u2028'];
    r.event.propsValues = ['v', '\u{1F375}\u0000'];
    r.session.exitPage = '/x\udbff';
    const decoded = decodeRows(decodeSegment(record(1, r).frame).records[0]);
    expect(decoded.event.pathname).toBe('/a\ufffdb');
    expect(decoded.event.title).toBe('literal \\ud800 and tea \u{1F375}');
    expect(decoded.event.propsKeys).toEqual(['k\ufffd', 'tab\tbell\u0007 "q" \\ \u2028']);
    expect(decoded.event.propsValues).toEqual(['v', '\u{1F375}\u0000']);
    expect(decoded.session.exitPage).toBe('/x\ufffd');
  });

  it('still reads records of the first format (a log left by the previous version)', () => {
    const { event: e, session: s } = rows(3, 0xabcdef0123456789n, 2);
    const hex = (id: bigint) => id.toString(16).padStart(16, '0');
    const eventValues: unknown[] = [e.siteId, e.ts, e.name, e.pathname, e.hostname, e.title];
    eventValues.push(hex(e.sessionId), hex(e.visitorId), e.channel, e.referrerHost, e.utmSource);
    eventValues.push(e.utmMedium, e.utmCampaign, e.utmTerm, e.utmContent, e.country, e.device);
    eventValues.push(e.browser, e.browserVersion, e.os, e.osVersion, e.engagementMs, e.scrollDepth);
    eventValues.push(e.propsKeys, e.propsValues, e.revenueAmount, e.revenueCurrency);
    const sessionValues: unknown[] = [s.version, s.startedAt, s.endedAt, s.pageviews, s.events];
    sessionValues.push(s.engagementMs, s.entryPage, s.exitPage, s.hostname, s.channel, s.referrerHost);
    sessionValues.push(s.utmSource, s.utmMedium, s.utmCampaign, s.utmTerm, s.utmContent, s.country);
    sessionValues.push(s.device, s.browser, s.os);
    const payload = Buffer.from(JSON.stringify([9, eventValues, sessionValues]));
    const header = Buffer.alloc(FRAME_HEADER_BYTES);
    header.writeUInt32LE(payload.length, 0);
    header.writeUInt32LE(crc32(payload), 4);
    const [old] = decodeSegment(Buffer.concat([header, payload])).records;
    expect([old.seq, old.sessionId, old.sessionVersion]).toEqual([9, 0xabcdef0123456789n.toString(), 2]);
    expect(decodeRows(old)).toEqual({ event: { ...e, walSeq: 9 }, session: s });
  });

  it('stops at a torn tail wherever the write was cut, and at a corrupted record', () => {
    const frames = [1, 2, 3].map((seq) => record(seq).frame);
    const whole = Buffer.concat(frames);
    const boundary = frames[0].length + frames[1].length;
    // Every cut inside the third frame leaves exactly the first two.
    for (let cut = boundary; cut < whole.length; cut += 7) {
      const { records, tornBytes } = decodeSegment(whole.subarray(0, cut));
      expect(records.map((r) => r.seq)).toEqual([1, 2]);
      expect(tornBytes).toBe(cut - boundary);
    }
    const flipped = Buffer.from(whole);
    flipped[frames[0].length + FRAME_HEADER_BYTES + 5] ^= 0x20;
    expect(decodeSegment(flipped).records.map((r) => r.seq)).toEqual([1]);
    // Zeroes (a preallocated, never-written tail) are not records.
    expect(decodeSegment(Buffer.concat([frames[0], Buffer.alloc(64)])).records).toHaveLength(1);
  });
});

describe('write-ahead log', () => {
  it('group-commits concurrent appends: every one durable, far fewer syncs than records', async () => {
    const { wal } = WriteAheadLog.open({ dir });
    const seqs = await Promise.all(Array.from({ length: 500 }, (_, i) => wal.append(rows(i))));
    expect(seqs).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    expect(wal.stats.records).toBe(500);
    expect(wal.stats.syncs).toBeLessThanOrEqual(5);
    expect(wal.stats.largestGroup).toBeGreaterThanOrEqual(100);
    await wal.close();
    const reopened = WriteAheadLog.open({ dir });
    expect(reopened.records.map((r) => r.seq)).toEqual(seqs);
    expect(reopened.wal.next).toBe(501);
    await reopened.wal.close();
  });

  it('hands durable records to onCommit in sequence order', async () => {
    const seen: number[] = [];
    const { wal } = WriteAheadLog.open({
      dir,
      onCommit: (records) => seen.push(...records.map((r) => r.seq)),
    });
    const first = Promise.all([wal.append(rows(1)), wal.append(rows(2))]);
    await first;
    await Promise.all([wal.append(rows(3)), wal.append(rows(4)), wal.append(rows(5))]);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    await wal.close();
  });

  it('after a torn tail, continues in a new segment and keeps later records readable', async () => {
    const first = WriteAheadLog.open({ dir });
    await Promise.all([1, 2, 3].map((i) => first.wal.append(rows(i))));
    await first.wal.close();
    // A crash in the middle of writing record 4.
    const [segment] = segmentFiles();
    appendFileSync(path.join(dir, segment), record(4).frame.subarray(0, 30));

    const second = WriteAheadLog.open({ dir });
    expect(second.records.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(second.tornBytes).toBe(30);
    await second.wal.append(rows(5));
    await second.wal.close();
    expect(segmentFiles()).toHaveLength(2);

    const third = WriteAheadLog.open({ dir });
    expect(third.records.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(decodeRows(third.records[3]).event.engagementMs).toBe(5);
    await third.wal.close();
  });

  it('removes a segment that holds no whole record, so its name can be reused', async () => {
    writeFileSync(path.join(dir, `${'1'.padStart(16, '0')}.wal`), Buffer.from([1, 2, 3]));
    const { wal, records } = WriteAheadLog.open({ dir });
    expect(records).toEqual([]);
    await wal.append(rows(1));
    await wal.close();
    expect(WriteAheadLog.open({ dir }).records.map((r) => r.seq)).toEqual([1]);
  });

  it('starts after the store position when loaded segments are already gone', async () => {
    const { wal } = WriteAheadLog.open({ dir, minSeq: 900 });
    expect(await wal.append(rows(1))).toBe(901);
    await wal.close();
  });

  it('deletes only segments wholly at or below the loaded position, never the open one', async () => {
    const small = WriteAheadLog.open({ dir, segmentBytes: 1 });
    for (let i = 1; i <= 4; i++) await small.wal.append(rows(i));
    expect(segmentFiles()).toHaveLength(4);
    small.wal.release(2);
    await small.wal.released();
    expect(segmentFiles().map((f) => Number(f.slice(0, 16)))).toEqual([3, 4]);
    small.wal.release(100);
    await small.wal.released();
    expect(segmentFiles().map((f) => Number(f.slice(0, 16)))).toEqual([4]);
    await small.wal.close();
  });
});

describe('loader and replay', () => {
  it('keeps one session row per visit per batch: the newest', () => {
    const records = [
      record(1, rows(1, 9n, 1)),
      record(2, rows(2, 9n, 3)),
      record(3, rows(3, 9n, 2)),
      record(4, rows(4, 8n, 1)),
    ];
    const batch = toBatch(records);
    expect(batch.lastWalSeq).toBe(4);
    // The lines as the log wrote them: every event, then the newest state of each visit.
    expect(batch.jsonLines.events).toEqual(Buffer.concat(records.map(eventBytes)));
    expect(batch.jsonLines.sessions).toEqual(Buffer.concat([records[1], records[3]].map(sessionBytes)));
    // Engines that take objects get the same rows decoded.
    expect(batch.events.map((e) => e.walSeq)).toEqual([1, 2, 3, 4]);
    expect(batch.events[2]).toEqual({ ...rows(3, 9n, 2).event, walSeq: 3 });
    expect(batch.sessions.map((s) => [s.sessionId, s.version])).toEqual([
      [9n, 3],
      [8n, 1],
    ]);
  });

  it('replays exactly once: a crash before, during or after loading never duplicates or loses', async () => {
    const store = await openDuckDbEventStore({ dataDir: ':memory:' });
    try {
      // Run 1: 30 records durable, only the first batch of 10 loaded before the "crash".
      const loader = new WalLoader(store, { maxBatch: 10 });
      const one = WriteAheadLog.open({ dir, onCommit: (r) => loader.add(r) });
      await Promise.all(Array.from({ length: 30 }, (_, i) => one.wal.append(rows(i + 1))));
      // add() kicked a load at 10 records; wait for whatever it loaded, then drop the rest.
      while (loader.stats.batches === 0) await new Promise((r) => setTimeout(r, 5));
      await one.wal.close();
      const loadedAfterCrash = await store.loadedWalSeq();
      expect(loadedAfterCrash).toBeGreaterThanOrEqual(10);

      for (let restart = 0; restart < 2; restart++) {
        const loadedSeq = await store.loadedWalSeq();
        const replayLoader = new WalLoader(store, { maxBatch: 7 });
        const opened = WriteAheadLog.open({ dir, minSeq: loadedSeq, onCommit: (r) => replayLoader.add(r) });
        replayLoader.add(opened.records.filter((r) => r.seq > loadedSeq));
        await replayLoader.flush();
        await opened.wal.close();
        const [count] = await store.query(
          'select count(*) as n, count(distinct wal_seq) as d, min(wal_seq) as lo, max(wal_seq) as hi from events',
        );
        expect(count).toEqual({ n: 30, d: 30, lo: 1, hi: 30 });
      }
      expect(await store.loadedWalSeq()).toBe(30);
      // Sessions hold the newest state only.
      const [sessions] = await store.query('select count(*) as n from sessions');
      expect(sessions.n).toBe(7);
    } finally {
      await store.close();
    }
  });

  it('loads exactly the rows the log was given into the store (ids, text, arrays, numbers)', async () => {
    const store = await openDuckDbEventStore({ dataDir: ':memory:' });
    try {
      const given = [1, 2, 3].map((i) => rows(i, 18_000_000_000_000_000_000n + BigInt(i % 2), i));
      given[1].event.pathname = '/tea/\u{1F375}/"q"\\\ud800';
      await store.appendBatch(toBatch(given.map((r, i) => record(i + 1, r))));
      const events = await store.query(
        'select wal_seq, ts, session_id::varchar as sid, visitor_id::varchar as vid, pathname, title, props_keys, props_values, revenue_amount, scroll_depth, engagement_ms from events order by wal_seq',
      );
      expect(events).toEqual(
        given.map(({ event: e }, i) => ({
          wal_seq: i + 1,
          ts: e.ts,
          sid: e.sessionId.toString(),
          vid: e.visitorId.toString(),
          pathname: i === 1 ? '/tea/\u{1F375}/"q"\\\ufffd' : e.pathname,
          title: e.title,
          props_keys: e.propsKeys,
          props_values: e.propsValues,
          revenue_amount: e.revenueAmount,
          scroll_depth: e.scrollDepth,
          engagement_ms: e.engagementMs,
        })),
      );
      // One row per visit: the newest state (version 3 beats 1 for the visit ending in 1).
      expect(
        await store.query('select session_id::varchar as sid, version from sessions order by version'),
      ).toEqual([
        { sid: '18000000000000000000', version: 2 },
        { sid: '18000000000000000001', version: 3 },
      ]);
      expect(await store.loadedWalSeq()).toBe(3);
    } finally {
      await store.close();
    }
  });

  it('loads whole batches at once and leaves a partial tail for the next tick, even if it arrived mid-load', async () => {
    const store = await openDuckDbEventStore({ dataDir: ':memory:' });
    try {
      const sizes: number[] = [];
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const slow = {
        ...store,
        appendBatch: async (batch: Parameters<typeof store.appendBatch>[0]) => {
          await gate;
          sizes.push(batch.events.length);
          return store.appendBatch(batch);
        },
      };
      const loader = new WalLoader(slow, { maxBatch: 4, intervalMs: 60_000 });
      // 4 records kick a load; while it runs, 4 + 2 more arrive.
      loader.add([1, 2, 3, 4].map((seq) => record(seq)));
      loader.add([5, 6, 7, 8, 9, 10].map((seq) => record(seq)));
      release();
      while (loader.stats.batches < 2) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, 50));
      // The whole second batch followed at once; the 2 left wait for the timer (or a flush).
      expect(sizes).toEqual([4, 4]);
      expect(loader.backlog).toBe(2);
      await loader.flush();
      expect(sizes).toEqual([4, 4, 2]);
      expect((await store.query('select count(*) as n from events'))[0].n).toBe(10);
    } finally {
      await store.close();
    }
  });

  it('keeps a batch the store refused and loads it on the next try', async () => {
    const store = await openDuckDbEventStore({ dataDir: ':memory:' });
    let fail = true;
    const flaky = {
      ...store,
      appendBatch: (batch: Parameters<typeof store.appendBatch>[0]) =>
        fail ? Promise.reject(new Error('disk full')) : store.appendBatch(batch),
    };
    const errors: unknown[] = [];
    const loader = new WalLoader(flaky, { onError: (e) => errors.push(e) });
    loader.add([1, 2, 3].map((seq) => record(seq)));
    await expect(loader.flush()).rejects.toThrow('disk full');
    expect(loader.backlog).toBe(3);
    fail = false;
    await loader.flush();
    expect(loader.backlog).toBe(0);
    expect((await store.query('select count(*) as n from events'))[0].n).toBe(3);
    expect(errors).toHaveLength(1);
    await store.close();
  });
});

describe('segment files on disk', () => {
  it('contain no IP address or user agent field, only the stored row values', async () => {
    const { wal } = WriteAheadLog.open({ dir });
    await wal.append(rows(1));
    await wal.close();
    const text = readFileSync(path.join(dir, segmentFiles()[0])).toString('utf8');
    expect(text).not.toMatch(/Mozilla|userAgent|"ip"/);
  });
});
