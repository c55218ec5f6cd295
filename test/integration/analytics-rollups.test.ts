import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { breakdownReport } from '../../src/modules/analytics/reports/breakdown';
import type { ReportContext } from '../../src/modules/analytics/reports/compile';
import { dashboardReport } from '../../src/modules/analytics/reports/dashboard';
import { duckDbDialect } from '../../src/modules/analytics/reports/dialects/duckdb';
import { type GoalDef, goalsReport } from '../../src/modules/analytics/reports/goals';
import { buildStatsQuery } from '../../src/modules/analytics/reports/query';
import {
  breakdownFromRollups,
  goalsFromRollups,
  summaryFromRollups,
  timeseriesFromRollups,
} from '../../src/modules/analytics/reports/rollup-reports';
import { PAGES_KEY, VISIT_DIMENSIONS, visitKey } from '../../src/modules/analytics/reports/rollups';
import { summaryReport } from '../../src/modules/analytics/reports/summary';
import { timeseriesReport } from '../../src/modules/analytics/reports/timeseries';
import { type DuckDbEventStore, openDuckDbEventStore } from '../../src/platform/events/duckdb-event-store';
import type { EventBatch, EventStore } from '../../src/platform/events/event-store';
import { BREAKDOWNS, type StatsQuery } from '../../src/shared/contracts/analytics-reports';
import { oneBatch, visit } from '../fixtures/analytics/report-fixture';

/**
 * The dashboard answered from stored per-day partials (DuckDB rollups) must equal the dashboard
 * computed from the raw rows, number for number, whatever the traffic looks like: several visits
 * per visitor, visits over midnight, a visit running for days, titles that change, goals by page,
 * wildcard and event, revenue in two currencies, periods with and without comparison, by day,
 * week and month, with the last day settled or still live, and after late writes to stored days.
 */
const SITE = '0b6f3a52-4c1e-4a8e-9d7b-3f2a1c0e5d11';
const OTHER = '7d2e9c10-1b3a-4f5e-8a6b-2c4d0e1f3a22';
const DAY = 86_400_000;
const GOALS: GoalDef[] = [
  { id: 'g1', name: 'Pricing', kind: 'page', match: '/pricing' },
  { id: 'g2', name: 'Blog', kind: 'page', match: '/blog/*' },
  { id: 'g3', name: 'Purchase', kind: 'event', match: 'purchase' },
];
const PATHS = ['/', '/pricing', '/blog/a', '/blog/b', '/checkout', '/x\'"<b>'];
const CHANNELS = ['Direct', 'Organic Search', 'Social', 'Email'];

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let session = 1000n;
let visitor = 5000n;

/** Visits of `siteId` from `first` for `days` days; every visitor id starts its visits on one day. */
function traffic(siteId: string, first: number, days: number, seed: number): EventBatch[] {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const batches: EventBatch[] = [];
  for (let day = 0; day < days; day++) {
    for (let v = 0; v < 6; v++) {
      visitor += 1n;
      const visits = 1 + Math.floor(rnd() * 3);
      for (let k = 0; k < visits; k++) {
        session += 1n;
        // Some visits start shortly before midnight and run into the next day.
        const late = rnd() < 0.25;
        const startSec = late ? 86_400 - 60 - Math.floor(rnd() * 600) : Math.floor(rnd() * 80_000);
        const start = new Date(first + day * DAY + startSec * 1000).toISOString();
        const events: Parameters<typeof visit>[1]['events'] = [];
        let t = 0;
        const n = 1 + Math.floor(rnd() * 5);
        for (let e = 0; e < n; e++) {
          const r = rnd();
          if (r < 0.7) {
            const path = pick(PATHS);
            events.push([
              t,
              'pageview',
              path,
              { title: rnd() < 0.2 ? '' : `${path} v${Math.floor(t / 300)}` },
            ]);
          } else if (r < 0.85)
            events.push([
              t,
              'purchase',
              '/checkout',
              { revenueAmount: 10 + Math.floor(rnd() * 90), revenueCurrency: pick(['EUR', 'USD']) },
            ]);
          else events.push([t, 'engagement', pick(PATHS), { engagementMs: 5000 }]);
          t += 30 + Math.floor(rnd() * 400);
        }
        if (events[0][1] !== 'pageview') events.unshift([0, 'pageview', '/', {}]);
        batches.push(
          visit(siteId, {
            session,
            visitor,
            start,
            channel: pick(CHANNELS),
            referrer: pick(['', 'google.com', 'news.example']),
            country: pick(['DE', 'US', '']),
            device: pick(['Desktop', 'Mobile']),
            events: events.sort((a, b) => a[0] - b[0]),
          }),
        );
      }
    }
  }
  return batches;
}

/** A visit that keeps going for three days (a kiosk page reloading every 20 minutes). */
function longVisit(siteId: string, start: string): EventBatch {
  visitor += 1n;
  session += 1n;
  const events: Parameters<typeof visit>[1]['events'] = [];
  for (let t = 0; t < 3 * 86_400; t += 1200)
    events.push([t, 'pageview', t % 3600 === 0 ? '/pricing' : '/blog/a', { title: `kiosk ${t}` }]);
  return visit(siteId, { session, visitor, start, channel: 'Direct', events });
}

let store: DuckDbEventStore;
let raw: EventStore;

/** How long today's partials may lag behind writes: never in these comparisons, so every figure must equal raw. */
const EXACT = { maxMs: 0, fromVisits: 0 };
let rollupLag = EXACT;

const ctxOf = (s: EventStore, params: Partial<StatsQuery>, now: number, siteId = SITE): ReportContext => ({
  rollupLag,
  store: s,
  dialect: duckDbDialect,
  query: buildStatsQuery(siteId, { period: '30d', limit: 10, page: 1, ...params } as StatsQuery, now),
});

async function expectSame(params: Partial<StatsQuery>, now: number) {
  const [fromRollups, fromRaw] = [
    await dashboardReport(ctxOf(store, params, now), GOALS),
    await dashboardReport(ctxOf(raw, params, now), GOALS),
  ];
  expect(fromRollups).toEqual(fromRaw);
  return fromRollups;
}

/** The days among `days` whose stored partials of `key` are current (filled, not outdated since). */
async function current(key: string, days: number[]) {
  const marks = (await store.rollups?.storedDays(SITE, [key], days))?.get(key);
  return days.filter((day) => marks?.get(day)?.stale === false);
}

const T0 = Date.parse('2026-03-01T00:00:00Z');

beforeAll(async () => {
  store = await openDuckDbEventStore({ dataDir: ':memory:' });
  // The same store without its rollups: every report from the raw rows.
  raw = { ...store, rollups: undefined };
  await store.appendBatch(
    oneBatch([
      ...traffic(SITE, T0, 20, 7),
      longVisit(SITE, '2026-03-05T21:00:00Z'),
      longVisit(SITE, '2026-03-09T23:30:00Z'),
      ...traffic(OTHER, T0, 20, 8),
    ]),
  );
});

afterAll(async () => {
  await store?.close();
});

describe('dashboard from rollups (DuckDB)', () => {
  const settled = Date.parse('2026-04-15T00:00:00Z');

  it('equals the raw dashboard for settled days, and stores the partials it used', async () => {
    const res = await expectSame({ period: '7d', date: '2026-03-10', compare: 'previous_period' }, settled);
    // The data is not trivial: visits over midnight and days, pages, goals and revenue all show up.
    expect(res.summary.metrics.visitors).toBeGreaterThan(30);
    expect(res.pages.rows.length).toBeGreaterThan(3);
    expect(res.goals.rows.every((g) => g.visitors > 0)).toBe(true);
    expect(res.goals.rows[2].revenue.map((r) => r.currency)).toEqual(['EUR', 'USD']);
    const days = Array.from({ length: 14 }, (_, i) => Date.parse('2026-02-25T00:00:00Z') + i * DAY);
    expect(await current(visitKey(''), days)).toEqual(days);
    // One fill per run of days stores every widget's partials (pages, revenue, goals too).
    expect(await current(PAGES_KEY, days)).toEqual(days);
  });

  it('equals the raw dashboard over many periods, intervals and clocks', async () => {
    const cases: [Partial<StatsQuery>, string][] = [
      [{ period: '30d', date: '2026-03-20' }, '2026-04-15T00:00:00Z'],
      [{ period: '7d', date: '2026-03-07', interval: 'week' }, '2026-04-15T00:00:00Z'],
      [
        { period: 'month', date: '2026-03-10', interval: 'week', compare: 'previous_period' },
        '2026-04-15T00:00:00Z',
      ],
      [{ period: 'custom', from: '2026-03-06', to: '2026-03-08' }, '2026-04-15T00:00:00Z'],
      [{ period: 'custom', from: '2026-03-10', to: '2026-03-11' }, '2026-04-15T00:00:00Z'],
      [{ period: '12mo', date: '2026-03-20' }, '2026-04-15T00:00:00Z'],
      // The last day still live (computed from raw rows), the day before just settled or not.
      [{ period: '7d', date: '2026-03-12' }, '2026-03-12T15:00:00Z'],
      [{ period: '7d', date: '2026-03-12', compare: 'previous_period' }, '2026-03-12T00:30:00Z'],
      [
        { period: '30d', date: '2026-03-20', limit: 3, page: 2 } as Partial<StatsQuery>,
        '2026-03-20T23:00:00Z',
      ],
    ];
    for (const [params, now] of cases) await expectSame(params, Date.parse(now));
  });

  it('answers every breakdown, the summary, the time series and goals alone as the raw reports do', async () => {
    const cases: [Partial<StatsQuery>, string][] = [
      [
        {
          period: '7d',
          date: '2026-03-10',
          compare: 'previous_period',
          limit: 4,
          page: 2,
        } as Partial<StatsQuery>,
        '2026-04-15T00:00:00Z',
      ],
      [{ period: 'month', date: '2026-03-10', interval: 'week' }, '2026-03-10T12:00:00Z'],
    ];
    for (const [params, now] of cases) {
      const [r, w] = [ctxOf(store, params, Date.parse(now)), ctxOf(raw, params, Date.parse(now))];
      for (const report of Object.keys(BREAKDOWNS) as (keyof typeof BREAKDOWNS)[])
        expect(await breakdownFromRollups(r, report), report).toEqual(await breakdownReport(w, report));
      expect(await summaryFromRollups(r)).toEqual(await summaryReport(w));
      expect(await timeseriesFromRollups(r)).toEqual(await timeseriesReport(w));
      expect(await goalsFromRollups(r, GOALS)).toEqual(await goalsReport(w, GOALS));
    }
  });

  it('shows a busy today as of at most a minute ago after writes, then catches up; a quiet one at once', async () => {
    const now = Date.parse('2026-03-20T12:00:00Z');
    const march20 = Date.parse('2026-03-20T00:00:00Z');
    const params = { period: '7d', date: '2026-03-20' } as const;
    // Outdate what earlier tests stored for March 20th, so that this view fills it at `now`.
    await store.appendBatch(oneBatch(traffic(SITE, march20, 1, 41)));
    const before = await expectSame(params, now);
    const mark = async () =>
      (await store.rollups?.storedDays(SITE, [visitKey('')], [march20]))?.get(visitKey(''))?.get(march20);
    expect(await mark()).toEqual({ filledAt: now, stale: false });
    await store.appendBatch(oneBatch(traffic(SITE, march20, 1, 42)));
    expect((await mark())?.stale).toBe(true);
    rollupLag = { maxMs: 60_000, fromVisits: 10 }; // a minute, for days busier than 10 visits
    try {
      // 30 s later today's stored figures are still shown: they lag the write by under a minute.
      const lagging = await dashboardReport(ctxOf(store, params, now + 30_000), GOALS);
      expect(lagging.summary).toEqual(before.summary);
      // 61 s after the fill they are rebuilt, and equal the raw figures again.
      const later = await expectSame(params, now + 61_000);
      expect(later.summary.metrics.visits).toBeGreaterThan(before.summary.metrics.visits);
      expect(await mark()).toEqual({ filledAt: now + 61_000, stale: false });
      // A quiet day (no more visits than the threshold) is refilled at once: exact right after a write.
      rollupLag = { maxMs: 60_000, fromVisits: 1000 };
      await store.appendBatch(oneBatch(traffic(SITE, march20, 1, 43)));
      const quiet = await expectSame(params, now + 70_000);
      expect(quiet.summary.metrics.visits).toBeGreaterThan(later.summary.metrics.visits);
    } finally {
      rollupLag = EXACT;
    }
  });

  it('stays equal after late writes to stored days, and rebuilds only those days', async () => {
    const now = Date.parse('2026-04-15T00:00:00Z');
    const params = { period: '30d', date: '2026-03-20', compare: 'previous_period' } as const;
    await expectSame(params, now);
    const march3 = Date.parse('2026-03-03T00:00:00Z');
    const march4 = Date.parse('2026-03-04T00:00:00Z');
    const keys = VISIT_DIMENSIONS.map(visitKey);
    for (const key of keys) expect(await current(key, [march3, march4])).toEqual([march3, march4]);

    // A visit that started on March 3rd arrives late (a replay, a slow client): March 3rd is no longer current.
    const late = traffic(SITE, march3, 1, 99);
    await store.appendBatch(oneBatch(late));
    for (const key of keys) expect(await current(key, [march3, march4])).toEqual([march4]);
    const res = await expectSame(params, now);
    expect(await current(visitKey(''), [march3, march4])).toEqual([march3, march4]);
    expect(res.summary.metrics.visits).toBeGreaterThan(0);

    // Another site's writes leave this site's partials alone.
    await store.appendBatch(oneBatch(traffic(OTHER, march4, 1, 5)));
    expect(await current(visitKey(''), [march4])).toEqual([march4]);
  });

  it('rewrites the stored rows ordered by site when enough came since, and reads the same figures', async () => {
    const params = { period: '30d', date: '2026-03-20', compare: 'previous_period' } as const;
    const now = Date.parse('2026-04-15T00:00:00Z');
    await expectSame(params, now);
    const order = async () =>
      (await store.query('select site_id, s_day from rollup_rows')).map((r) => `${r.site_id} ${r.s_day}`);
    expect(await store.rollups?.compact()).toBe(true);
    const rows = await order();
    expect(rows).toEqual([...rows].sort());
    expect(await store.rollups?.compact()).toBe(false);
    await expectSame(params, now);
  });

  it('answers filtered and hourly requests from the raw rows (rollups hold no per-filter figures)', async () => {
    const now = Date.parse('2026-04-15T00:00:00Z');
    await expectSame({ period: '7d', date: '2026-03-10', filters: '[["is","country",["DE"]]]' }, now);
    await expectSame({ period: 'day', date: '2026-03-10' }, now);
  });

  it('forgets a deleted site’s partials with its events', async () => {
    await dashboardReport(
      ctxOf(store, { period: '7d', date: '2026-03-10' }, Date.parse('2026-04-15'), OTHER),
      GOALS,
    );
    const before = await store.query(`select count(*) as n from rollup_days where site_id = '${OTHER}'`);
    expect(before[0].n).toBeGreaterThan(0);
    await store.deleteSite(OTHER);
    const rows = await store.query(`select count(*) as n from rollup_days where site_id = '${OTHER}'`);
    expect(rows[0].n).toBe(0);
  });
});
