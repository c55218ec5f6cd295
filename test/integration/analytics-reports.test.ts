import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/platform/config';
import { site } from '../../src/platform/db/schema';
import { clickHouseTestTargets } from '../../src/platform/events/clickhouse-event-store';
import {
  breakdownReportSchema,
  dashboardReportSchema,
  frequencyReportSchema,
  funnelReportSchema,
  goalsReportSchema,
  propsReportSchema,
  realtimeReportSchema,
  summaryReportSchema,
  timeseriesReportSchema,
} from '../../src/shared/contracts/analytics-reports';
import {
  FORMULA_CAMPAIGN,
  HOSTILE_EVENT,
  HOSTILE_PATH,
  HOSTILE_PROP,
  HOSTILE_REFERRER,
  HOSTILE_TITLE,
  oneBatch,
  realtimeFixture,
  reportFixture,
} from '../fixtures/analytics/report-fixture';
import {
  addMember,
  PASSWORD,
  setupOwner,
  startTestApp,
  type TestApp,
  type TestClient,
} from '../support/test-app';

/**
 * The report fixtures (test/fixtures/analytics/report-fixture.ts) through the HTTP routes, compared
 * with rows worked out by hand. The same expectations run on every engine: DuckDB always, and
 * ClickHouse (one server, and two shards behind Distributed tables) when TEST_CLICKHOUSE_URL /
 * TEST_CLICKHOUSE_CLUSTER_URL are set (scripts/clickhouse/start.sh prints them).
 */
const ENGINES: { name: string; config: () => Partial<Config> }[] = [
  { name: 'duckdb', config: () => ({}) },
  ...clickHouseTestTargets(process.env).map((target) => ({
    name: `clickhouse ${target.label}`,
    config: () => {
      const o = target.options();
      const url = new URL(o.url);
      url.searchParams.set('database', o.database ?? 'default');
      return {
        clickhouseUrl: url.toString(),
        clickhouseCluster: o.cluster,
        clickhouseShardUrls: o.shardUrls,
      };
    },
  })),
];

const PERIOD = 'period=7d&date=2026-03-08';
const row = (
  value: string,
  visitors: number,
  visits: number,
  pageviews: number,
  bounceRate: number,
  visitDuration: number,
  share: number,
) => ({
  value,
  visitors,
  visits,
  pageviews,
  bounceRate,
  visitDuration,
  share,
});
const point = (
  date: string,
  visitors: number,
  visits: number,
  pageviews: number,
  bounceRate: number,
  visitDuration: number,
) => ({
  date,
  visitors,
  visits,
  pageviews,
  bounceRate,
  visitDuration,
});
const metrics = (
  visitors: number,
  visits: number,
  pageviews: number,
  viewsPerVisit: number,
  bounceRate: number,
  visitDuration: number,
  engagementTime: number,
) => ({
  visitors,
  visits,
  pageviews,
  viewsPerVisit,
  bounceRate,
  visitDuration,
  engagementTime,
});

// ---- Expected rows, by hand from the fixture table (7 visits A-G of 6 visitors in the period). ----
const SUMMARY = {
  range: { from: '2026-03-02', to: '2026-03-08' },
  // pageviews 2+1+3+2+1+3+2; bounce 1/7; duration (120+0+130+900+45+70+10)/7; engagement 45 s / 7
  metrics: metrics(6, 7, 14, 2, 14.3, 182.1, 6.4),
  comparison: { range: { from: '2026-02-23', to: '2026-03-01' }, metrics: metrics(2, 2, 3, 1.5, 50, 60, 0) },
};
const DAYS = [
  point('2026-03-02', 1, 2, 3, 50, 60),
  point('2026-03-03', 1, 1, 3, 0, 130),
  point('2026-03-04', 1, 1, 2, 0, 900),
  point('2026-03-05', 1, 1, 1, 0, 45),
  point('2026-03-06', 0, 0, 0, 0, 0),
  point('2026-03-07', 1, 1, 3, 0, 70),
  point('2026-03-08', 1, 1, 2, 0, 10),
];
const PREVIOUS_DAYS = [
  point('2026-02-23', 0, 0, 0, 0, 0),
  point('2026-02-24', 0, 0, 0, 0, 0),
  point('2026-02-25', 1, 1, 1, 100, 0),
  point('2026-02-26', 0, 0, 0, 0, 0),
  point('2026-02-27', 0, 0, 0, 0, 0),
  point('2026-02-28', 0, 0, 0, 0, 0),
  point('2026-03-01', 1, 1, 2, 0, 120),
];
const CHANNELS = {
  dimension: 'channel',
  rows: [
    row('Direct', 2, 2, 3, 50, 5, 33.3),
    row('Email', 1, 1, 3, 0, 70, 16.7),
    row('Organic Search', 1, 1, 2, 0, 120, 16.7),
    row('Paid Search', 1, 1, 2, 0, 900, 16.7),
    row('Referral', 1, 1, 1, 0, 45, 16.7),
    row('Social', 1, 1, 3, 0, 130, 16.7),
  ],
  totalRows: 6,
};
const SOURCES = {
  dimension: 'referrer_host',
  rows: [
    row('', 3, 3, 6, 33.3, 26.7, 50),
    row('google.com', 2, 2, 4, 0, 510, 33.3),
    row(HOSTILE_REFERRER, 1, 1, 1, 0, 45, 16.7),
    row('facebook.com', 1, 1, 3, 0, 130, 16.7),
  ],
  totalRows: 4,
};
/** A pages row: a breakdown row plus the path's most recent non-empty title. */
const pageRow = (title: string, ...args: Parameters<typeof row>) => ({ ...row(...args), title });
const titled = (path: string, ...rest: Parameters<typeof row> extends [string, ...infer R] ? R : never) =>
  pageRow(`Title of ${path}`, path, ...rest);
// Pageviews by event time: P2's second pageview ('/' at 03-02 00:01, visitor V8) is in the period.
// Bounce rate and duration of a page are those of the visits that entered on it.
const PAGES = {
  dimension: 'page',
  rows: [
    titled('/', 3, 3, 3, 0, 125, 50),
    // G's last pageview has an empty title: the one before it is the most recent non-empty one.
    pageRow('Post one (updated)', '/blog/post-1', 3, 3, 4, 50, 5, 50),
    titled('/pricing', 3, 3, 3, 0, 70, 50),
    titled('/thanks', 2, 2, 2, 0, 0, 33.3),
    titled('/blog/post-2', 1, 1, 1, 0, 900, 16.7),
    titled('/checkout', 1, 1, 1, 0, 0, 16.7),
    pageRow(HOSTILE_TITLE, HOSTILE_PATH, 1, 1, 1, 0, 45, 16.7),
  ],
  totalRows: 7,
};
const ENTRY_PAGES = {
  dimension: 'entry_page',
  rows: [
    row('/', 2, 2, 5, 0, 125, 33.3),
    row('/blog/post-1', 2, 2, 3, 50, 5, 33.3),
    row('/blog/post-2', 1, 1, 2, 0, 900, 16.7),
    row('/pricing', 1, 1, 3, 0, 70, 16.7),
    row(HOSTILE_PATH, 1, 1, 1, 0, 45, 16.7),
  ],
  totalRows: 5,
};
const EXIT_PAGES = {
  dimension: 'exit_page',
  rows: [
    row('/blog/post-1', 3, 3, 5, 33.3, 303.3, 50),
    row('/thanks', 2, 2, 6, 0, 100, 33.3),
    row('/pricing', 1, 1, 2, 0, 120, 16.7),
    row(HOSTILE_PATH, 1, 1, 1, 0, 45, 16.7),
  ],
  totalRows: 4,
};
const COUNTRIES = {
  dimension: 'country',
  rows: [
    row('DE', 2, 3, 5, 33.3, 43.3, 33.3),
    row('US', 2, 2, 6, 0, 100, 33.3),
    row('', 1, 1, 1, 0, 45, 16.7),
    row('GB', 1, 1, 2, 0, 900, 16.7),
  ],
  totalRows: 4,
};
const DEVICES = {
  dimension: 'device',
  rows: [
    row('Desktop', 3, 4, 7, 25, 257.5, 50),
    row('Mobile', 2, 2, 6, 0, 100, 33.3),
    row('Tablet', 1, 1, 1, 0, 45, 16.7),
  ],
  totalRows: 3,
};
const BROWSERS = {
  dimension: 'browser',
  rows: [
    row('Chrome', 4, 5, 9, 20, 49, 66.7),
    row('Firefox', 1, 1, 2, 0, 900, 16.7),
    row('Safari', 1, 1, 3, 0, 130, 16.7),
  ],
  totalRows: 3,
};
const OS = {
  dimension: 'os',
  rows: [
    row('Android', 2, 2, 4, 0, 57.5, 33.3),
    row('Windows', 2, 3, 5, 33.3, 43.3, 33.3),
    row('Linux', 1, 1, 2, 0, 900, 16.7),
    row('iOS', 1, 1, 3, 0, 130, 16.7),
  ],
  totalRows: 4,
};
const UTM_SOURCE = {
  dimension: 'utm_source',
  rows: [
    row('', 3, 4, 6, 25, 43.8, 50),
    row('facebook', 1, 1, 3, 0, 130, 16.7),
    row('google', 1, 1, 2, 0, 900, 16.7),
    row('newsletter', 1, 1, 3, 0, 70, 16.7),
  ],
  totalRows: 4,
};
const UTM_CAMPAIGN = {
  dimension: 'utm_campaign',
  rows: [
    row('', 2, 3, 5, 33.3, 43.3, 33.3),
    row('spring', 2, 2, 5, 0, 515, 33.3),
    row(FORMULA_CAMPAIGN, 1, 1, 1, 0, 45, 16.7),
    row('march', 1, 1, 3, 0, 70, 16.7),
  ],
  totalRows: 4,
};
const GOAL_INPUTS = [
  { name: 'Thank you page', kind: 'page', match: '/thanks' },
  { name: 'Blog', kind: 'page', match: '/blog/*' },
  { name: 'Purchase', kind: 'event', match: 'purchase' },
  { name: 'Signup', kind: 'event', match: 'signup' },
] as const;
const GOAL_ROWS = [
  { visitors: 2, conversions: 2, conversionRate: 33.3, revenue: [] },
  { visitors: 3, conversions: 5, conversionRate: 50, revenue: [] },
  {
    visitors: 2,
    conversions: 2,
    conversionRate: 33.3,
    revenue: [
      { currency: 'EUR', amount: 49.9 },
      { currency: 'USD', amount: 20 },
    ],
  },
  { visitors: 1, conversions: 1, conversionRate: 16.7, revenue: [] },
];

describe.each(ENGINES)('analytics reports on $name', ({ config }) => {
  let t: TestApp;
  let owner: TestClient;
  let viewer: TestClient;
  let anonymous: TestClient;
  let wid: string;
  let siteId: string;
  let base: string;
  let otherBase: string;
  const goals: { id: string; name: string; kind: string; match: string }[] = [];
  let funnelId: string;
  let reverseFunnelId: string;

  const stats = (report: string, query = PERIOD, client = owner) =>
    client.get(`${base}/stats/${report}?${query}`);
  const data = async (report: string, query = PERIOD, client = owner) => {
    const res = await stats(report, query, client);
    expect(res.statusCode, res.body).toBe(200);
    return res.data;
  };
  const withFilters = (filters: unknown, query = PERIOD) =>
    `${query}&filters=${encodeURIComponent(JSON.stringify(filters))}`;

  beforeAll(async () => {
    t = await startTestApp(config());
    const s = await setupOwner(t);
    owner = s.client;
    wid = s.workspace.id;
    viewer = (await addMember(t, owner, wid, 'viewer@example.com', 'viewer')).client;
    anonymous = t.client();
    const db = t.stores.appDb.db;
    [{ id: siteId }] = await db.insert(site).values({ workspaceId: wid, name: 'Tea Shop' }).returning();
    base = `/api/workspaces/${wid}/sites/${siteId}`;

    await t.services.accounts.createUser({ name: 'Bob', email: 'bob@example.com', password: PASSWORD });
    const bob = t.client();
    await bob.post('/api/session', { email: 'bob@example.com', password: PASSWORD });
    const bobWs = (await bob.post('/api/workspaces', { name: 'Bob Agency', kind: 'agency' })).data.id;
    const [{ id: bobSite }] = await db
      .insert(site)
      .values({ workspaceId: bobWs, name: 'Bob site' })
      .returning();
    otherBase = `/api/workspaces/${bobWs}/sites/${bobSite}`;

    await t.stores.eventStore.appendBatch(oneBatch(reportFixture(siteId)));
    // Another site's visit in the same period: never counted for ours.
    await t.stores.eventStore.appendBatch(
      oneBatch(
        reportFixture(bobSite)
          .slice(0, 1)
          .map((b) => ({
            ...b,
            events: b.events.map((e) => ({ ...e, sessionId: 999n })),
            sessions: b.sessions.map((x) => ({ ...x, sessionId: 999n })),
          })),
      ),
    );
    for (const g of GOAL_INPUTS) {
      const res = await owner.post(`${base}/goals`, g);
      expect(res.statusCode, res.body).toBe(201);
      goals.push(res.data);
    }
    const funnel = await owner.post(`${base}/funnels`, {
      name: 'Checkout',
      steps: [
        { kind: 'page', match: '/' },
        { kind: 'page', match: '/pricing' },
        { kind: 'event', match: 'purchase' },
        { kind: 'page', match: '/thanks' },
      ],
    });
    expect(funnel.statusCode, funnel.body).toBe(201);
    funnelId = funnel.data.id;
    reverseFunnelId = (
      await owner.post(`${base}/funnels`, {
        name: 'Backwards',
        steps: [
          { kind: 'page', match: '/pricing' },
          { kind: 'page', match: '/' },
        ],
      })
    ).data.id;
  }, 60_000);
  afterAll(async () => {
    await (t?.stores.eventStore as { dropDatabase?: () => Promise<void> } | undefined)?.dropDatabase?.();
    await t?.close();
  });

  it('summary with the previous period', async () => {
    const res = await data('summary', `${PERIOD}&compare=previous_period`);
    expect(summaryReportSchema.parse(res)).toEqual(SUMMARY);
    expect(await data('summary')).toEqual({ ...SUMMARY, comparison: null });
  });

  it('time series by day, week, month and hour, with comparison aligned by position', async () => {
    const day = await data('timeseries', `${PERIOD}&compare=previous_period`);
    expect(timeseriesReportSchema.parse(day)).toEqual({
      interval: 'day',
      points: DAYS,
      comparison: PREVIOUS_DAYS,
    });
    expect(await data('timeseries', `${PERIOD}&interval=week`)).toEqual({
      interval: 'week',
      points: [point('2026-03-02', 6, 7, 14, 14.3, 182.1)],
      comparison: null,
    });
    expect(await data('timeseries', 'period=custom&from=2026-02-23&to=2026-03-08&interval=month')).toEqual({
      interval: 'month',
      // P2 started on 03-01, so it counts for March: (1275 + 120) s / 8 visits.
      points: [point('2026-02-01', 1, 1, 1, 100, 0), point('2026-03-01', 7, 8, 16, 12.5, 174.4)],
      comparison: null,
    });
    const hours = await data('timeseries', 'period=day&date=2026-03-02');
    expect(hours.interval).toBe('hour');
    expect(hours.points).toHaveLength(24);
    expect(hours.points.filter((p: { visits: number }) => p.visits > 0)).toEqual([
      point('2026-03-02T10:00', 1, 1, 2, 0, 120),
      point('2026-03-02T15:00', 1, 1, 1, 100, 0),
    ]);
    expect(hours.points[0]).toEqual(point('2026-03-02T00:00', 0, 0, 0, 0, 0));
  });

  it('every breakdown, ordered by visitors then value, with paging', async () => {
    const expected: Record<string, unknown> = {
      channels: CHANNELS,
      sources: SOURCES,
      pages: PAGES,
      entry_pages: ENTRY_PAGES,
      exit_pages: EXIT_PAGES,
      countries: COUNTRIES,
      devices: DEVICES,
      browsers: BROWSERS,
      os: OS,
      utm_source: UTM_SOURCE,
      utm_campaign: UTM_CAMPAIGN,
    };
    for (const [report, rows] of Object.entries(expected)) {
      expect(breakdownReportSchema.parse(await data(report)), report).toEqual(rows);
    }
    expect(await data('utm_term')).toEqual({
      dimension: 'utm_term',
      rows: [row('', 5, 6, 12, 16.7, 62.5, 83.3), row('tea', 1, 1, 2, 0, 900, 16.7)],
      totalRows: 2,
    });
    expect(await data('sources', `${PERIOD}&limit=2&page=2`)).toEqual({
      ...SOURCES,
      rows: SOURCES.rows.slice(2),
    });
  });

  it('visit frequency: visits per visitor, new and returning', async () => {
    expect(frequencyReportSchema.parse(await data('frequency'))).toEqual({
      buckets: [
        { visits: '1', visitors: 5, share: 83.3 },
        { visits: '2', visitors: 1, share: 16.7 },
        { visits: '3-5', visitors: 0, share: 0 },
        { visits: '6-10', visitors: 0, share: 0 },
        { visits: '11+', visitors: 0, share: 0 },
      ],
      newVisitors: 5,
      returningVisitors: 1,
    });
  });

  it('goals: page paths (exact and wildcard) and custom events with revenue', async () => {
    const res = goalsReportSchema.parse(await data('goals'));
    expect(res.rows).toEqual(GOAL_ROWS.map((r, i) => ({ goalId: goals[i].id, ...GOAL_INPUTS[i], ...r })));
  });

  it('funnels: steps in order within a visit', async () => {
    expect(funnelReportSchema.parse(await data('funnel', `${PERIOD}&funnel=${funnelId}`))).toEqual({
      funnelId,
      name: 'Checkout',
      steps: [
        { kind: 'page', match: '/', visitors: 3, conversionRate: 100, dropoff: 0 },
        { kind: 'page', match: '/pricing', visitors: 2, conversionRate: 66.7, dropoff: 1 },
        { kind: 'event', match: 'purchase', visitors: 1, conversionRate: 33.3, dropoff: 1 },
        { kind: 'page', match: '/thanks', visitors: 1, conversionRate: 33.3, dropoff: 0 },
      ],
    });
    // '/' after '/pricing' happens in no visit of the period.
    expect(
      (await data('funnel', `${PERIOD}&funnel=${reverseFunnelId}`)).steps.map(
        (s: { visitors: number }) => s.visitors,
      ),
    ).toEqual([3, 0]);
    const missing = await stats('funnel');
    expect(missing.statusCode).toBe(400);
    expect(missing.data.error.field).toBe('funnel');
    expect((await stats('funnel', `${PERIOD}&funnel=${crypto.randomUUID()}`)).statusCode).toBe(404);
  });

  it('custom properties: keys of the period, values of one key with revenue, and prop filters', async () => {
    // plan: A's signup (V1) and C's purchase (V2) say pro, F's purchase (V5) basic.
    const keys = [
      { key: 'plan', visitors: 3, events: 3 },
      { key: HOSTILE_PROP, visitors: 1, events: 1 },
      { key: 'q', visitors: 1, events: 1 },
    ];
    const plan = {
      property: 'plan',
      keys,
      rows: [
        { value: 'pro', visitors: 2, events: 2, share: 33.3, revenue: [{ currency: 'EUR', amount: 49.9 }] },
        { value: 'basic', visitors: 1, events: 1, share: 16.7, revenue: [{ currency: 'USD', amount: 20 }] },
      ],
      totalRows: 2,
    };
    expect(propsReportSchema.parse(await data('props'))).toEqual(plan);
    expect(await data('props', `${PERIOD}&property=plan`)).toEqual(plan);
    expect(await data('props', `${PERIOD}&property=plan&limit=1&page=2`)).toEqual({
      ...plan,
      rows: plan.rows.slice(1),
    });
    expect(await data('props', `${PERIOD}&property=q`)).toEqual({
      property: 'q',
      keys,
      rows: [{ value: HOSTILE_PROP, visitors: 1, events: 1, share: 16.7, revenue: [] }],
      totalRows: 1,
    });
    expect(await data('props', `${PERIOD}&property=${encodeURIComponent(HOSTILE_PROP)}`)).toEqual({
      property: HOSTILE_PROP,
      keys,
      rows: [{ value: '<b>x</b>', visitors: 1, events: 1, share: 16.7, revenue: [] }],
      totalRows: 1,
    });
    expect(await data('props', `${PERIOD}&property=colour`)).toEqual({
      property: 'colour',
      keys,
      rows: [],
      totalRows: 0,
    });
    // Another period without properties: no keys, no property.
    expect(await data('props', 'period=7d&date=2026-02-20')).toEqual({
      property: null,
      keys: [],
      rows: [],
      totalRows: 0,
    });
    expect((await stats('props.csv', `${PERIOD}&property=plan`)).body).toBe(
      'plan,visitors,events,share_percent,revenue\r\npro,2,2,33.3,49.90 EUR\r\nbasic,1,1,16.7,20.00 USD\r\n',
    );
    // prop:<key> filters keep the visits with such an event (is_not: with none).
    const summaryWith = async (filters: unknown) => (await data('summary', withFilters(filters))).metrics;
    expect(await summaryWith([['is', 'prop:plan', ['pro']]])).toEqual(metrics(2, 2, 5, 2.5, 0, 125, 15));
    expect(await summaryWith([['is_not', 'prop:plan', ['pro']]])).toEqual(metrics(5, 5, 9, 1.8, 20, 205, 3));
    expect(await summaryWith([['contains', 'prop:plan', ['BAS']]])).toEqual(metrics(1, 1, 3, 3, 0, 70, 15));
    const only = metrics(1, 1, 1, 1, 0, 45, 0);
    expect(await summaryWith([['is', 'prop:q', [HOSTILE_PROP]]])).toEqual(only);
    expect(await summaryWith([['is', `prop:${HOSTILE_PROP}`, ['<b>x</b>']]])).toEqual(only);
    expect(await summaryWith([['is', 'prop:q', ["'"]]])).toEqual(metrics(0, 0, 0, 0, 0, 0, 0));
    // Filtered properties: only the visits of the filter count.
    expect(
      (await data('props', withFilters([['is', 'country', ['US']]], `${PERIOD}&property=plan`))).rows,
    ).toEqual([
      { value: 'basic', visitors: 1, events: 1, share: 50, revenue: [{ currency: 'USD', amount: 20 }] },
      { value: 'pro', visitors: 1, events: 1, share: 50, revenue: [{ currency: 'EUR', amount: 49.9 }] },
    ]);
    const bad = await stats('summary', withFilters([['is', 'prop:', ['x']]]));
    expect(bad.statusCode).toBe(400);
    expect(bad.data.error.field).toBe('filters');
  });

  it('sites say when their first event happened (null until one arrives)', async () => {
    const sites = `/api/workspaces/${wid}/sites`;
    expect((await viewer.get(`${sites}/${siteId}`)).data.firstEventAt).toBe('2026-02-25T10:00:00.000Z');
    const fresh = await owner.post(sites, { name: 'Fresh', hostnames: ['fresh.example'] });
    expect(fresh.statusCode, fresh.body).toBe(201);
    expect(fresh.data.firstEventAt).toBeNull();
    const listed = (await owner.get(sites)).data.items.map(
      (x: { name: string; firstEventAt: string | null }) => [x.name, x.firstEventAt],
    );
    expect(listed).toEqual(
      expect.arrayContaining([
        ['Tea Shop', '2026-02-25T10:00:00.000Z'],
        ['Fresh', null],
      ]),
    );
    await t.stores.eventStore.appendBatch(oneBatch(reportFixture(fresh.data.id).slice(1, 2)));
    expect((await owner.get(`${sites}/${fresh.data.id}`)).data.firstEventAt).toBe('2026-03-02T15:00:00.000Z');
    expect((await owner.delete(`${sites}/${fresh.data.id}`)).statusCode).toBe(204);
  });

  it('realtime: the last 30 minutes', async () => {
    await t.stores.eventStore.appendBatch(oneBatch(realtimeFixture(siteId, Date.now())));
    const res = realtimeReportSchema.parse(await data('realtime', 'period=realtime'));
    const perMinute = new Array(30).fill(0);
    perMinute[19] = 1;
    perMinute[24] = 1;
    perMinute[27] = 1;
    expect(res).toEqual({
      visitors: 2,
      pageviewsPerMinute: perMinute,
      pages: [
        { value: '/', visitors: 1 },
        { value: '/live', visitors: 1 },
      ],
      sources: [
        { value: '', visitors: 1 },
        { value: 'news.ycombinator.com', visitors: 1 },
      ],
    });
  });

  it('the dashboard is every widget in one answer', async () => {
    const res = dashboardReportSchema.parse(await data('dashboard', `${PERIOD}&compare=previous_period`));
    expect(res).toEqual({
      summary: SUMMARY,
      timeseries: { interval: 'day', points: DAYS, comparison: PREVIOUS_DAYS },
      channels: CHANNELS,
      sources: SOURCES,
      pages: PAGES,
      entryPages: ENTRY_PAGES,
      exitPages: EXIT_PAGES,
      countries: COUNTRIES,
      devices: DEVICES,
      browsers: BROWSERS,
      os: OS,
      goals: { rows: GOAL_ROWS.map((r, i) => ({ goalId: goals[i].id, ...GOAL_INPUTS[i], ...r })) },
    });
  });

  it('the background warmer stores the default dashboard’s partials of recently active sites', async () => {
    const warmed = await t.services.reports.warmRollups(Date.parse('2026-03-09T12:00:00Z'));
    const rollups = t.stores.eventStore.rollups;
    if (!rollups) {
      // ClickHouse keeps no rollups: nothing to warm.
      expect(warmed).toEqual({ sites: 0, failed: [] });
      return;
    }
    expect(warmed.failed).toEqual([]);
    expect(warmed.sites).toBeGreaterThan(0);
    const march8 = Date.parse('2026-03-08T00:00:00Z');
    const stored = await rollups.storedDays(siteId, ['v:', 'e:pages'], [march8]);
    expect(stored.get('v:')?.get(march8)?.stale).toBe(false);
    expect(stored.get('e:pages')?.get(march8)?.stale).toBe(false);
    expect((await data('summary', PERIOD)).metrics).toEqual(SUMMARY.metrics);
  });

  it('filters on session dimensions, pages and events (is, is_not, contains)', async () => {
    const summaryWith = async (filters: unknown) => (await data('summary', withFilters(filters))).metrics;
    expect(await summaryWith([['is', 'country', ['DE']]])).toEqual(metrics(2, 3, 5, 1.7, 33.3, 43.3, 10));
    expect(await summaryWith([['is_not', 'country', ['DE']]])).toEqual(metrics(4, 4, 9, 2.3, 0, 286.3, 3.8));
    expect(await summaryWith([['contains', 'referrer_host', ['GOOGLE']]])).toEqual(
      metrics(2, 2, 4, 2, 0, 510, 15),
    );
    expect(await summaryWith([['is', 'page', ['/thanks']]])).toEqual(metrics(2, 2, 6, 3, 0, 100, 7.5));
    expect(await summaryWith([['is_not', 'page', ['/thanks']]])).toEqual(metrics(4, 5, 8, 1.6, 20, 215, 6));
    expect(await summaryWith([['is', 'event', ['purchase']]])).toEqual(metrics(2, 2, 6, 3, 0, 100, 7.5));
    expect(await summaryWith([['is', 'hostname', ['blog.example']]])).toEqual(metrics(1, 1, 2, 2, 0, 10, 0));
    expect(
      await summaryWith([
        ['is', 'country', ['DE', 'GB']],
        ['is', 'device', ['Desktop']],
      ]),
    ).toEqual(metrics(3, 4, 7, 1.8, 25, 257.5, 7.5));
    // Event-level reports filter by the visit's entry page through the sessions table.
    expect(await data('pages', withFilters([['is', 'entry_page', ['/']]]))).toEqual({
      dimension: 'page',
      rows: [
        titled('/', 2, 2, 2, 0, 125, 100),
        titled('/pricing', 2, 2, 2, 0, 0, 100),
        titled('/thanks', 1, 1, 1, 0, 0, 50),
      ],
      totalRows: 3,
    });
    expect(await data('channels', withFilters([['is', 'channel', ['Direct']]]))).toEqual({
      dimension: 'channel',
      rows: [row('Direct', 2, 2, 3, 50, 5, 100)],
      totalRows: 1,
    });
  });

  it('stores hostile text verbatim and answers hostile filter values correctly and harmlessly', async () => {
    const only = metrics(1, 1, 1, 1, 0, 45, 0);
    expect(
      (await data('summary', withFilters([['is', 'referrer_host', [HOSTILE_REFERRER]]]))).metrics,
    ).toEqual(only);
    expect((await data('summary', withFilters([['is', 'page', [HOSTILE_PATH]]]))).metrics).toEqual(only);
    expect((await data('summary', withFilters([['contains', 'page', [`'"\\<IMG`]]]))).metrics).toEqual(only);
    expect((await data('summary', withFilters([['is', 'event', [HOSTILE_EVENT]]]))).metrics).toEqual(only);
    const none = metrics(0, 0, 0, 0, 0, 0, 0);
    const hostile = [
      "'; drop table events; --",
      "\\'; drop table events; --",
      '%',
      '_',
      '\0',
      "\\\\'))--",
      "' or '1'='1",
    ];
    for (const value of [...hostile, "'", '"', '\\']) {
      const res = await data('summary', withFilters([['is', 'page', [value]]]));
      expect(res.metrics, `is ${JSON.stringify(value)}`).toEqual(none);
    }
    for (const value of hostile) {
      const res = await data('summary', withFilters([['contains', 'page', [value]]]));
      expect(res.metrics, `contains ${JSON.stringify(value)}`).toEqual(none);
    }
    // Only the hostile path holds a quote, a double quote or a backslash.
    for (const value of ["'", '"', '\\']) {
      const res = await data('summary', withFilters([['contains', 'page', [value]]]));
      expect(res.metrics, `contains ${JSON.stringify(value)}`).toEqual(only);
    }
    expect(await data('summary')).toEqual({ ...SUMMARY, comparison: null });
    const goals = await data('goals');
    expect(goals.rows).toHaveLength(4);
  });

  it('rejects bad queries with a 400 naming the field', async () => {
    const cases: [string, string][] = [
      [`${PERIOD}&filters=not-json`, 'filters'],
      [withFilters([['is', 'planet', ['x']]]), 'filters'],
      [withFilters([['like', 'country', ['x']]]), 'filters'],
      [withFilters([['is', 'country', []]]), 'filters'],
      [withFilters({ country: 'DE' }), 'filters'],
      ['period=7d&date=2026-02-30', 'date'],
      ['period=custom&from=2026-03-08', 'to'],
      ['period=custom&from=2026-03-08&to=2026-03-01', 'to'],
      ['period=fortnight', 'querystring.period'],
      [`${PERIOD}&limit=0`, 'querystring.limit'],
    ];
    for (const [query, field] of cases) {
      const res = await stats('summary', query);
      expect(res.statusCode, query).toBe(400);
      expect(res.data.error.field, query).toBe(field);
    }
    const planet = await stats('summary', withFilters([['is', 'planet', ['x']]]));
    expect(planet.data.error.message).toContain('filters.0.1');
    expect((await stats('nonsense')).statusCode).toBe(404);
    expect((await stats('summary.pdf')).statusCode).toBe(404);
  });

  it('exports every report as CSV with quoting and formula-injection protection', async () => {
    const summary = await stats('summary.csv', `${PERIOD}&compare=previous_period`);
    expect(summary.statusCode).toBe(200);
    expect(summary.headers['content-type']).toContain('text/csv');
    expect(summary.body).toBe(
      'period,from,to,visitors,visits,pageviews,views_per_visit,bounce_rate,visit_duration_s,engagement_time_s\r\n' +
        'current,2026-03-02,2026-03-08,6,7,14,2,14.3,182.1,6.4\r\n' +
        'previous,2026-02-23,2026-03-01,2,2,3,1.5,50,60,0\r\n',
    );
    expect((await stats('exit_pages.csv')).body).toBe(
      'exit_page,visitors,visits,pageviews,bounce_rate,visit_duration_s,share_percent\r\n' +
        '/blog/post-1,3,3,5,33.3,303.3,50\r\n' +
        '/thanks,2,2,6,0,100,33.3\r\n' +
        '/pricing,1,1,2,0,120,16.7\r\n' +
        `"/x'""\\<img src=x onerror=alert(1)>",1,1,1,0,45,16.7\r\n`,
    );
    expect((await stats('utm_campaign.csv')).body).toBe(
      'utm_campaign,visitors,visits,pageviews,bounce_rate,visit_duration_s,share_percent\r\n' +
        ',2,3,5,33.3,43.3,33.3\r\n' +
        'spring,2,2,5,0,515,33.3\r\n' +
        `'=cmd|'/c calc'!A1,1,1,1,0,45,16.7\r\n` +
        'march,1,1,3,0,70,16.7\r\n',
    );
    expect((await stats('goals.csv')).body).toBe(
      'goal,kind,match,visitors,conversions,conversion_rate,revenue\r\n' +
        'Thank you page,page,/thanks,2,2,33.3,\r\n' +
        'Blog,page,/blog/*,3,5,50,\r\n' +
        'Purchase,event,purchase,2,2,33.3,49.90 EUR; 20.00 USD\r\n' +
        'Signup,event,signup,1,1,16.7,\r\n',
    );
    expect((await stats('frequency.csv')).body).toBe(
      'visits_per_visitor,visitors,share_percent\r\n1,5,83.3\r\n2,1,16.7\r\n3-5,0,0\r\n6-10,0,0\r\n11+,0,0\r\n',
    );
    expect((await stats('funnel.csv', `${PERIOD}&funnel=${funnelId}`)).body).toBe(
      'step,kind,match,visitors,conversion_rate,dropoff\r\n1,page,/,3,100,0\r\n2,page,/pricing,2,66.7,1\r\n3,event,purchase,1,33.3,1\r\n4,page,/thanks,1,33.3,0\r\n',
    );
    const series = (await stats('timeseries.csv')).body.split('\r\n');
    expect(series[0]).toBe('period,date,visitors,visits,pageviews,bounce_rate,visit_duration_s');
    expect(series[1]).toBe('current,2026-03-02,1,2,3,50,60');
    expect(series).toHaveLength(9);
    for (const report of [
      'dashboard',
      'realtime',
      'pages',
      'channels',
      'countries',
      'devices',
      'browsers',
      'os',
      'entry_pages',
      'sources',
      'utm_medium',
      'utm_content',
      'utm_term',
      'utm_source',
    ]) {
      const res = await stats(`${report}.csv`);
      expect(res.statusCode, report).toBe(200);
      expect(res.body.split('\r\n')[0].length, report).toBeGreaterThan(5);
    }
  });

  it('goals and funnels: viewers read, editors write, bad input is a 400, duplicates a 409', async () => {
    expect((await viewer.get(`${base}/goals`)).data.items.map((g: { name: string }) => g.name)).toEqual(
      GOAL_INPUTS.map((g) => g.name),
    );
    expect((await viewer.post(`${base}/goals`, { name: 'x', kind: 'page', match: '/x' })).statusCode).toBe(
      403,
    );
    expect((await viewer.delete(`${base}/goals/${goals[0].id}`)).statusCode).toBe(403);
    const dup = await owner.post(`${base}/goals`, { name: 'Again', kind: 'page', match: '/thanks' });
    expect(dup.statusCode).toBe(409);
    const bad = await owner.post(`${base}/goals`, { name: 'x', kind: 'click', match: '/x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.data.error.field).toBe('kind');
    const short = await owner.post(`${base}/funnels`, { name: 'One', steps: [{ kind: 'page', match: '/' }] });
    expect(short.statusCode).toBe(400);
    expect(short.data.error.message).toContain('2 to 8 steps');
    expect((await viewer.get(`${base}/funnels`)).data.items.map((f: { name: string }) => f.name)).toEqual([
      'Checkout',
      'Backwards',
    ]);
    const temp = await owner.post(`${base}/goals`, { name: 'Temp', kind: 'event', match: 'temp' });
    expect((await owner.delete(`${base}/goals/${temp.data.id}`)).statusCode).toBe(204);
    expect((await owner.delete(`${base}/goals/${temp.data.id}`)).statusCode).toBe(404);
    const tempFunnel = await owner.post(`${base}/funnels`, {
      name: 'Temp',
      steps: [
        { kind: 'event', match: 'a' },
        { kind: 'event', match: 'b' },
      ],
    });
    expect((await viewer.delete(`${base}/funnels/${tempFunnel.data.id}`)).statusCode).toBe(403);
    expect((await owner.delete(`${base}/funnels/${tempFunnel.data.id}`)).statusCode).toBe(204);
    expect((await owner.delete(`${base}/funnels/not-a-uuid`)).statusCode).toBe(404);
  });

  it("another workspace's site is a 404 everywhere, and signed-out callers get 401", async () => {
    for (const path of ['/stats/summary', '/stats/dashboard.csv', '/goals', '/funnels']) {
      const res = await owner.get(`${otherBase}${path}`);
      expect(res.statusCode, path).toBe(404);
      expect(res.data.error.code).toBe('not_found');
    }
    expect((await owner.post(`${otherBase}/public-link`)).statusCode).toBe(404);
    expect((await owner.post(`${otherBase}/goals`, GOAL_INPUTS[0])).statusCode).toBe(404);
    expect(
      (await owner.get(`/api/workspaces/${wid}/sites/${crypto.randomUUID()}/stats/summary`)).statusCode,
    ).toBe(404);
    expect((await owner.get(`/api/workspaces/${wid}/sites/not-a-uuid/stats/summary`)).statusCode).toBe(404);
    expect((await anonymous.get(`${base}/stats/summary?${PERIOD}`)).statusCode).toBe(401);
  });

  it('public link: read-only reports by token; rotating and revoking end the old link', async () => {
    expect((await viewer.post(`${base}/public-link`)).statusCode).toBe(403);
    const link = await owner.post(`${base}/public-link`);
    expect(link.statusCode).toBe(200);
    expect(link.data.url).toBe(`${t.config.publicUrl}/share/${link.data.token}`);
    const token = link.data.token as string;
    expect((await anonymous.get(`/api/public/${token}/site`)).data).toEqual({
      name: 'Tea Shop',
      firstEventAt: '2026-02-25T10:00:00.000Z',
    });
    expect(
      (await anonymous.get(`/api/public/${token}/stats/summary?${PERIOD}&compare=previous_period`)).data,
    ).toEqual(SUMMARY);
    const csv = await anonymous.get(`/api/public/${token}/stats/channels.csv?${PERIOD}`);
    expect(csv.body.split('\r\n')[1]).toBe('Direct,2,2,3,50,5,33.3');
    expect(
      (await anonymous.get(`/api/public/${token}/stats/funnel?${PERIOD}&funnel=${funnelId}`)).statusCode,
    ).toBe(200);
    // The shared page lists the saved funnels (read-only) to show them.
    expect(
      (await anonymous.get(`/api/public/${token}/funnels`)).data.items.map((f: { name: string }) => f.name),
    ).toEqual(['Checkout', 'Backwards']);
    expect((await anonymous.request('POST', `/api/public/${token}/funnels`, {})).statusCode).toBe(404);
    // The token opens reads only: no write route takes it, and it is no key to the workspace API.
    expect((await anonymous.request('POST', `/api/public/${token}/goals`, GOAL_INPUTS[0])).statusCode).toBe(
      404,
    );
    const asBearer = t.client();
    asBearer.bearer = token;
    expect((await asBearer.get(`${base}/stats/summary`)).statusCode).toBe(401);

    const rotated = (await owner.post(`${base}/public-link`)).data.token;
    expect(rotated).not.toBe(token);
    expect((await anonymous.get(`/api/public/${token}/site`)).statusCode).toBe(404);
    expect((await anonymous.get(`/api/public/${token}/stats/summary`)).statusCode).toBe(404);
    expect((await anonymous.get(`/api/public/${token}/funnels`)).statusCode).toBe(404);
    expect((await anonymous.get(`/api/public/${rotated}/site`)).statusCode).toBe(200);
    expect((await owner.delete(`${base}/public-link`)).statusCode).toBe(204);
    expect((await anonymous.get(`/api/public/${rotated}/stats/summary`)).statusCode).toBe(404);
    expect((await anonymous.get('/api/public/unknown-token/site')).statusCode).toBe(404);
  });
});
