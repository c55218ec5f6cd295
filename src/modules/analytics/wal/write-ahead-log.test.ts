import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDuckDbEventStore } from '../../../platform/events/duckdb-event-store';
import type { EventRow, SessionRow } from '../../../platform/events/event-store';
import { decodeSegment, encodeFrame, FRAME_HEADER_BYTES, type WalRecord } from './wal-format';
import { toBatch, WalLoader } from './wal-loader';
import { WriteAheadLog } from './write-ahead-log';

const SITE = '11111111-2222-4333-8444-555555555555';

function rows(i: number, session = BigInt(i % 7) + 1n, version = 1): Omit<WalRecord, 'seq'> {
  const event: EventRow = {
    siteId: SITE,
    walSeq: 0,
    ts: 1_780_000_000_000 + i,
    name: i % 3 === 0 ? 'Signup ✓' : 'pageview',
    pathname: `/p/${i}?q="quoted"\n`,
    hostname: 'shop.example',
    title: '标题 <script>',
    sessionId: session,
    visitorId: 0xffffffffffffffffn - BigInt(i),
    channel: 'Direct',
    referrerHost: '',
    utmSource: '',
    utmMedium: '',
    utmCampaign: '',
    utmTerm: '',
    utmContent: '',
    country: 'DE',
    device: 'desktop',
    browser: 'Chrome',
    browserVersion: '124',
    os: 'Windows',
    osVersion: '10',
    engagementMs: i,
    scrollDepth: i % 101,
    propsKeys: ['plan'],
    propsValues: [String(i)],
    revenueAmount: i / 3,
    revenueCurrency: 'EUR',
  };
  const sessionRow: SessionRow = {
    siteId: SITE,
    sessionId: session,
    visitorId: event.visitorId,
    version,
    startedAt: event.ts - 10,
    endedAt: event.ts,
    pageviews: version,
    events: version,
    engagementMs: 0,
    entryPage: '/',
    exitPage: event.pathname,
    hostname: 'shop.example',
    channel: 'Direct',
    referrerHost: '',
    utmSource: '',
    utmMedium: '',
    utmCampaign: '',
    utmTerm: '',
    utmContent: '',
    country: 'DE',
    device: 'desktop',
    browser: 'Chrome',
    os: 'Windows',
  };
  return { event, session: sessionRow };
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
    const record = { seq: 42, ...rows(5) };
    record.event.walSeq = 42;
    const frame = encodeFrame(record);
    expect(frame.readUInt32LE(0)).toBe(frame.length - FRAME_HEADER_BYTES);
    const { records, tornBytes } = decodeSegment(frame);
    expect(tornBytes).toBe(0);
    expect(records).toEqual([record]);
    expect(records[0].event.visitorId).toBe(0xffffffffffffffffn - 5n);
  });

  it('stops at a torn tail wherever the write was cut, and at a corrupted record', () => {
    const frames = [1, 2, 3].map((seq) => encodeFrame({ seq, ...rows(seq) }));
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
    appendFileSync(path.join(dir, segment), encodeFrame({ seq: 4, ...rows(4) }).subarray(0, 30));

    const second = WriteAheadLog.open({ dir });
    expect(second.records.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(second.tornBytes).toBe(30);
    await second.wal.append(rows(5));
    await second.wal.close();
    expect(segmentFiles()).toHaveLength(2);

    const third = WriteAheadLog.open({ dir });
    expect(third.records.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(third.records[3].event.engagementMs).toBe(5);
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
    expect(segmentFiles().map((f) => Number(f.slice(0, 16)))).toEqual([3, 4]);
    small.wal.release(100);
    expect(segmentFiles().map((f) => Number(f.slice(0, 16)))).toEqual([4]);
    await small.wal.close();
  });
});

describe('loader and replay', () => {
  it('keeps one session row per visit per batch: the newest', () => {
    const batch = toBatch([
      { seq: 1, ...rows(1, 9n, 1) },
      { seq: 2, ...rows(2, 9n, 3) },
      { seq: 3, ...rows(3, 9n, 2) },
      { seq: 4, ...rows(4, 8n, 1) },
    ]);
    expect(batch.events).toHaveLength(4);
    expect(batch.lastWalSeq).toBe(4);
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
    loader.add([1, 2, 3].map((seq) => ({ seq, ...rows(seq) })));
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
