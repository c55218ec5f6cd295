/**
 * Query benchmark: the full default dashboard (every widget it loads) for 30 days, on DuckDB.
 *
 *   npm run bench:query                         10M events
 *   npm run bench:query -- --events 100000000   100M events (generation takes a few minutes)
 *   npm run bench:query -- --events 10000000,100000000 --runs 7 --days 90
 *
 * For each size it generates reproducible synthetic data straight in DuckDB with SQL (hash-based
 * pseudo-random, no JS loop): one busy site with 80% of the visits and 200 small sites sharing the
 * rest, `--days` days of traffic in arrival (time) order (or `--order site`: sorted by site and time, as a compaction would leave it; `--order arrival,site` runs both), ~3.5 events per visit (pageviews, a
 * custom event in 10% of visits, one engagement event), a sessions table consistent with the
 * events. Then, in a fresh process (so its peak memory is the query phase's alone), it runs the
 * dashboard once to warm up and `--runs` times to time it, on the busy site and on a small one.
 * Prints a table and one JSON line. Data lives in a temp dir, removed afterwards.
 */

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import type { ReportContext } from '../src/modules/analytics/reports/compile';
import { dashboardReport } from '../src/modules/analytics/reports/dashboard';
import { duckDbDialect } from '../src/modules/analytics/reports/dialects/duckdb';
import type { GoalDef } from '../src/modules/analytics/reports/goals';
import { buildStatsQuery } from '../src/modules/analytics/reports/query';
import { openDuckDbEventStore } from '../src/platform/events/duckdb-event-store';
import { statsQuerySchema } from '../src/shared/contracts/analytics-reports';

const DAY = 86_400_000;
/** The last day of the generated traffic; the dashboard asks for the 30 days ending on it. */
const LAST_DAY = '2026-03-31';
const END = Date.parse(`${LAST_DAY}T00:00:00Z`) + DAY;
// Site ids are random-looking UUIDs like real ones: DuckDB's min/max statistics of a text column
// keep only a prefix, so ids sharing a long prefix would hide how well row groups are skipped.
const siteId = (n: number) => {
  const h = createHash('md5').update(`bench-site-${n}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const BUSY_SITE = siteId(0);
const SMALL_SITES = 200;
const SMALL_SITE_LIST = `[${Array.from({ length: SMALL_SITES }, (_, n) => `'${siteId(n + 1)}'`).join(', ')}]`;
const GOALS: GoalDef[] = [
  { id: 'g1', name: 'Signup', kind: 'event', match: 'signup' },
  { id: 'g2', name: 'Purchase', kind: 'event', match: 'purchase' },
  { id: 'g3', name: 'Pricing', kind: 'page', match: '/pricing' },
];

function arg(name: string, fallback: string) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

const PATHS = `[${Array.from({ length: 200 }, (_, i) =>
  i === 0
    ? "'/'"
    : i === 1
      ? "'/pricing'"
      : i < 60
        ? `'/product/${i}'`
        : i < 150
          ? `'/blog/post-${i}'`
          : `'/docs/${i}'`,
).join(', ')}]`;

/** The generator: all SQL, so 100M rows take minutes, and the same `--events` gives the same data. */
function generatorSql(events: number, days: number, order: string): string[] {
  // 'site' writes rows sorted by (site, time), as a compaction would leave them; 'arrival' in time order.
  const orderBy = order === 'site' ? ' order by site_id, i' : '';
  // ~3.55 events per visit on average (see the distributions below).
  const visits = Math.round(events / 3.55);
  const start = END - days * DAY;
  const busyPerDay = (visits * 0.8) / days;
  const smallPerDay = (visits * 0.2) / SMALL_SITES / days;
  // Visitor pools per site and day: ~1.25 visits per visitor id (ids rotate daily, by design).
  const busyPool = Math.max(1, Math.round(busyPerDay / 1.25));
  const smallPool = Math.max(1, Math.round(smallPerDay / 1.25));
  const u = (salt: number) => `((hash(i, ${salt}) % 1000000)::double / 1000000)`;
  const pick = (salt: number, options: [string, number][]) => {
    let acc = 0;
    const whens = options.map(([value, weight]) => {
      acc += weight;
      return `when ${u(salt)} < ${acc.toFixed(4)} then '${value}'`;
    });
    return `case ${whens.slice(0, -1).join(' ')} else '${options[options.length - 1][0]}' end`;
  };
  return [
    // 200 paths, the page index skewed towards the first ones (u^2.5): '/' and '/pricing' lead.
    `create or replace macro page_idx(h) as (floor(200 * pow((h % 1000000)::double / 1000000, 2.5)))::int`,
    `create or replace macro path_of(h) as (${PATHS}[page_idx(h) + 1])`,
    `create table gen as
     select i,
       site_id, started_at, gap, n_pages, custom,
       hash(site_id, started_at // ${DAY}, hash(i, 6) % (case when site_id = '${BUSY_SITE}' then ${busyPool} else ${smallPool} end)) as visitor_id,
       channel,
       case channel
         when 'Organic Search' then case when ${u(8)} < 0.85 then 'google.com' when ${u(8)} < 0.95 then 'bing.com' else 'duckduckgo.com' end
         when 'Paid Search' then 'google.com'
         when 'Social' then case when ${u(8)} < 0.5 then 'facebook.com' when ${u(8)} < 0.8 then 't.co' else 'linkedin.com' end
         when 'Referral' then 'partner' || (hash(i, 9) % 500) || '.example'
         when 'Display' then 'ads.example'
         else '' end as referrer_host,
       case channel when 'Paid Search' then 'google' when 'Email' then 'newsletter' when 'Display' then 'network' else '' end as utm_source,
       case channel when 'Paid Search' then 'cpc' when 'Email' then 'email' when 'Display' then 'display' else '' end as utm_medium,
       case when channel in ('Paid Search', 'Email', 'Display') then 'campaign-' || (hash(i, 11) % 12) else '' end as utm_campaign,
       case when channel = 'Paid Search' then 'term-' || (hash(i, 12) % 50) else '' end as utm_term,
       country, device, browser, os
     from (
       select i,
         case when ${u(1)} < 0.8 then '${BUSY_SITE}' else ${SMALL_SITE_LIST}[(1 + hash(i, 2) % ${SMALL_SITES})::bigint] end as site_id,
         ${start} + (i * ${days * DAY} // ${visits})::bigint + (hash(i, 3) % 60000)::bigint as started_at,
         (5000 + hash(i, 4) % 115000)::bigint as gap,
         (case when ${u(5)} < 0.45 then 1 when ${u(5)} < 0.65 then 2 when ${u(5)} < 0.78 then 3 when ${u(5)} < 0.87 then 4
              when ${u(5)} < 0.93 then 5 else 6 + (hash(i, 5) % 7)::int end)::int as n_pages,
         case when ${u(7)} < 0.05 then 'signup' when ${u(7)} < 0.10 then 'purchase' else '' end as custom,
         ${pick(13, [
           ['Direct', 0.3],
           ['Organic Search', 0.35],
           ['Paid Search', 0.1],
           ['Social', 0.1],
           ['Referral', 0.08],
           ['Email', 0.05],
           ['Display', 0.02],
         ])} as channel,
         ${pick(14, [
           ['DE', 0.25],
           ['US', 0.2],
           ['GB', 0.08],
           ['FR', 0.07],
           ['CN', 0.06],
           ['NL', 0.05],
           ['IT', 0.04],
           ['ES', 0.04],
           ['PL', 0.03],
           ['JP', 0.03],
           ['IN', 0.03],
           ['BR', 0.03],
           ['CA', 0.03],
           ['AT', 0.02],
           ['CH', 0.02],
           ['SE', 0.02],
           ['', 0.06],
         ])} as country,
         ${pick(15, [
           ['Desktop', 0.55],
           ['Mobile', 0.4],
           ['Tablet', 0.05],
         ])} as device,
         ${pick(16, [
           ['Chrome', 0.6],
           ['Safari', 0.2],
           ['Firefox', 0.08],
           ['Edge', 0.08],
           ['Samsung Internet', 0.04],
         ])} as browser,
         ${pick(17, [
           ['Windows', 0.4],
           ['Android', 0.25],
           ['iOS', 0.17],
           ['Mac OS', 0.15],
           ['Linux', 0.03],
         ])} as os
       from range(${visits}) t(i)
     )`,
    // Events per visit: the pageviews, then the custom event (10% of visits), then one engagement event.
    `insert into sessions
     select site_id, i + 1, visitor_id, n_pages + (custom <> '')::int + 1, started_at,
       started_at + (n_pages + (custom <> '')::int) * gap,
       n_pages, n_pages + (custom <> '')::int, (n_pages * gap * 6 // 10)::ubigint,
       path_of(hash(i, 100)), path_of(hash(i, 100 + n_pages - 1)), 'shop.example',
       channel, referrer_host, utm_source, utm_medium, utm_campaign, utm_term, '', country, device, browser, os
     from gen${orderBy}`,
    `insert into events
     select site_id, i * 16 + k, started_at + k * gap,
       case when k < n_pages then 'pageview' when k = n_pages and custom <> '' then custom else 'engagement' end as name,
       path_of(hash(i, 100 + least(k, n_pages - 1))) as pathname,
       'shop.example', 'Page ' || path_of(hash(i, 100 + least(k, n_pages - 1))),
       i + 1, visitor_id, channel, referrer_host, utm_source, utm_medium, utm_campaign, utm_term, '',
       country, device, browser, '120', os, '',
       case when k = n_pages + (custom <> '')::int then (n_pages * gap * 6 // 10)::uinteger else 0 end,
       0, []::varchar[], []::varchar[],
       case when k = n_pages and custom = 'purchase' then 20 + hash(i, 18) % 200 else 0 end,
       case when k = n_pages and custom = 'purchase' then 'EUR' else '' end
     from (select g.*, unnest(range(n_pages + (custom <> '')::int + 1)) as k from gen g${orderBy})`,
    'drop table gen',
    'drop macro path_of',
    'drop macro page_idx',
    'checkpoint',
  ];
}

async function generate(dir: string, events: number, days: number, order: string) {
  const store = await openDuckDbEventStore({ dataDir: dir });
  // Sorting 100M rows by site would otherwise take most of the machine's memory: spill instead.
  await store.writer.run(`set memory_limit = '4GB'`);
  await store.writer.run(`set temp_directory = '${path.join(dir, 'spill')}'`);
  const t0 = performance.now();
  for (const sql of generatorSql(events, days, order)) await store.writer.run(sql);
  const counts = (
    await store.query(
      'select (select count(*) from events) as events, (select count(*) from sessions) as sessions',
    )
  )[0];
  await store.close();
  return {
    seconds: (performance.now() - t0) / 1000,
    events: Number(counts.events),
    sessions: Number(counts.sessions),
  };
}

async function query(dir: string, runs: number) {
  const store = await openDuckDbEventStore({ dataDir: dir });
  const params = statsQuerySchema.parse({ period: '30d', date: LAST_DAY });
  // The clock stands at 23:00 on the last day: that day is still live (computed from raw rows),
  // the 29 before it are settled and answered from stored per-day partials once built.
  const now = Date.parse(`${LAST_DAY}T23:00:00Z`);
  const rawStore = { ...store, rollups: undefined };
  const ctxFor = (siteId: string, s = store as typeof rawStore): ReportContext => ({
    store: s,
    dialect: duckDbDialect,
    query: buildStatsQuery(siteId, params, now),
  });
  const out: Record<string, Record<string, unknown>> = {};
  const measured = [
    ['busy', BUSY_SITE],
    ['small', siteId(7)],
  ] as const;
  for (const [label, site] of measured) {
    // Baseline: the same dashboard from the raw rows only (exact distinct counts over the period).
    const rawCtx = ctxFor(site, rawStore);
    const fromRaw = await dashboardReport(rawCtx, GOALS);
    const rawTimes: number[] = [];
    for (let r = 0; r < Math.min(runs, 3); r++) {
      const t0 = performance.now();
      await dashboardReport(rawCtx, GOALS);
      rawTimes.push(performance.now() - t0);
    }
    const ctx = ctxFor(site);
    // The first view builds the partials of the 29 settled days (what a background job or the
    // first visitor of the dashboard pays once); later views read them.
    const tb = performance.now();
    const warm = await dashboardReport(ctx, GOALS);
    const firstViewMs = Math.round(performance.now() - tb);
    out[label] = {
      identicalToRaw: isDeepStrictEqual(warm, fromRaw),
      rawMedianMs: Math.round(median(rawTimes)),
      firstViewMs,
      visits30d: warm.summary.metrics.visits,
      pageviews30d: warm.summary.metrics.pageviews,
    };
  }
  // Every other site's partials too, as the background warmer leaves them: the tables the
  // measured views read are then as large as in production.
  const tw = performance.now();
  for (let n = 1; n <= SMALL_SITES; n++) if (n !== 7) await dashboardReport(ctxFor(siteId(n)), GOALS);
  const warmAllSeconds = Math.round((performance.now() - tw) / 100) / 10;
  // ... and ordered by site, as the warmer leaves them after each run.
  const tc = performance.now();
  await store.rollups?.compact();
  const compactSeconds = Math.round((performance.now() - tc) / 100) / 10;
  const rollupRows = Number((await store.query('select count(*) as n from rollup_rows'))[0].n);
  for (const [label, site] of measured) {
    const ctx = ctxFor(site);
    // A view after a write to today, once its stored partials may no longer lag (a minute later):
    // it refills today's partials, then reads. (The write is simulated by marking them outdated.)
    await store.writer.run(
      `update rollup_days set stale = true where site_id = '${site}' and s_day = ${Date.parse(`${LAST_DAY}T00:00:00Z`)}`,
    );
    const tr = performance.now();
    await dashboardReport({ ...ctx, query: buildStatsQuery(site, params, now + 61_000) }, GOALS);
    const todayRefreshMs = Math.round(performance.now() - tr);
    const times: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      await dashboardReport(ctx, GOALS);
      times.push(performance.now() - t0);
    }
    // One more run with every SQL statement timed, to show where the time goes.
    // Statements are serialised here so each one's time is its own, not time spent queued.
    const perQuery: { sql: string; ms: number }[] = [];
    let queue: Promise<unknown> = Promise.resolve();
    const timed: ReportContext = {
      ...ctx,
      store: {
        ...store,
        query(sql) {
          const next = queue.then(async () => {
            const t0 = performance.now();
            const rows = await store.query(sql);
            perQuery.push({
              sql: sql.replace(/\s+/g, ' ').slice(0, 90),
              ms: Math.round(performance.now() - t0),
            });
            return rows;
          });
          queue = next.catch(() => {});
          return next;
        },
      },
    };
    await dashboardReport(timed, GOALS);
    out[label] = {
      ...out[label],
      todayRefreshMs,
      medianMs: Math.round(median(times)),
      minMs: Math.round(Math.min(...times)),
      maxMs: Math.round(Math.max(...times)),
      statements: perQuery.length,
      sequentialMs: perQuery.reduce((sum, q) => sum + q.ms, 0),
      slowest: perQuery.sort((a, b) => b.ms - a.ms).slice(0, 6),
    };
  }
  await store.close();
  return { ...out, warmAllSeconds, compactSeconds, rollupRows, peakRssMb: peakRssMb() };
}

const dirSize = (dir: string) =>
  readdirSync(dir).reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0);

/** Runs one phase in a child process so each phase's peak memory is measured alone. */
function child(phase: string, dir: string, extra: string[]) {
  const tsx = path.join(process.cwd(), 'node_modules/.bin/tsx');
  const res = spawnSync(tsx, [import.meta.filename, '--phase', phase, '--dir', dir, ...extra], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  if (res.status !== 0) throw new Error(`${phase} phase failed (exit ${res.status})`);
  const last = res.stdout.trim().split('\n').pop() ?? '{}';
  return JSON.parse(last);
}

async function main() {
  const phase = arg('phase', '');
  const dir = arg('dir', '');
  const days = Number(arg('days', '90'));
  const runs = Number(arg('runs', '5'));
  if (phase === 'generate') {
    const r = await generate(dir, Number(arg('events', '10000000')), days, arg('order', 'arrival'));
    console.log(JSON.stringify({ ...r, peakRssMb: peakRssMb() }));
    return;
  }
  if (phase === 'query') {
    console.log(JSON.stringify(await query(dir, runs)));
    return;
  }

  const sizes = arg('events', '10000000')
    .split(',')
    .map((s) => Math.round(Number(s)));
  const orders = arg('order', 'arrival').split(',');
  const results: Record<string, unknown>[] = [];
  for (const events of sizes)
    for (const order of orders) {
      const work = mkdtempSync(path.join(tmpdir(), 'ml-bench-query-'));
      try {
        console.error(
          `generating ${events.toLocaleString('en')} events over ${days} days in ${order} order in ${work} ...`,
        );
        const gen = child('generate', work, [
          '--events',
          String(events),
          '--days',
          String(days),
          '--order',
          order,
        ]);
        console.error(
          `  ${gen.events.toLocaleString('en')} events, ${gen.sessions.toLocaleString('en')} visits in ${gen.seconds.toFixed(0)} s`,
        );
        const q = child('query', work, ['--runs', String(runs)]);
        results.push({
          events: gen.events,
          sessions: gen.sessions,
          days,
          order,
          generateSeconds: Math.round(gen.seconds),
          generatePeakRssMb: gen.peakRssMb,
          dbFileMb: Math.round(dirSize(work) / 1048576),
          ...q,
        });
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    }

  const rows = results.map((r) => {
    type Site = {
      identicalToRaw: boolean;
      rawMedianMs: number;
      firstViewMs: number;
      todayRefreshMs: number;
      medianMs: number;
      minMs: number;
      maxMs: number;
      visits30d: number;
    };
    const busy = r.busy as Site;
    const small = r.small as Site;
    return {
      events: (r.events as number).toLocaleString('en'),
      order: r.order,
      'busy site (ms, median)': busy.medianMs,
      'busy min-max': `${busy.minMs}-${busy.maxMs}`,
      'busy raw (ms)': busy.rawMedianMs,
      'busy first view (ms)': busy.firstViewMs,
      'busy today refresh (ms)': busy.todayRefreshMs,
      'busy visits in 30d': busy.visits30d,
      'small site (ms, median)': small.medianMs,
      'small raw (ms)': small.rawMedianMs,
      'small first view (ms)': small.firstViewMs,
      'small today refresh (ms)': small.todayRefreshMs,
      'identical to raw': busy.identicalToRaw && small.identicalToRaw,
      'small visits in 30d': small.visits30d,
      'warm all sites (s)': r.warmAllSeconds,
      'compact (s)': r.compactSeconds,
      'rollup rows': r.rollupRows,
      'query peak RSS (MB)': r.peakRssMb,
      'generate (s)': r.generateSeconds,
      'db file (MB)': r.dbFileMb,
    };
  });
  console.table(rows);
  for (const r of results) {
    console.log(
      `slowest statements of the busy-site dashboard, ${(r.events as number).toLocaleString('en')} events, ${r.order} order:`,
    );
    for (const s of (r.busy as { slowest: { sql: string; ms: number }[] }).slowest)
      console.log(`  ${String(s.ms).padStart(5)} ms  ${s.sql}`);
  }
  console.log(JSON.stringify({ bench: 'query', engine: 'duckdb', runs, results }));
}

await main();
