import type { QueryRow } from '../../../platform/events/event-store';
import { BREAKDOWNS } from '../../../shared/contracts/analytics-reports';
import {
  type BreakdownReportName,
  breakdownReport,
  byVisitorsThenValue,
  dashboardOf,
  SESSION_WIDGETS,
} from './breakdown';
import { type ReportContext, run } from './compile';
import { type GoalDef, goalsResult } from './goals';
import { num, text } from './metrics';
import type { TimeRange } from './query';
import {
  carriedStartDays,
  daysOf,
  ensurePartials,
  eventGroup,
  goalKey,
  PAGES_KEY,
  REVENUE_KEY,
  storedPartials,
  type VisitDimension,
  visitGroup,
  visitKey,
} from './rollups';
import { summaryReport } from './summary';
import { bucketOf, timeseriesReport } from './timeseries';

/**
 * The summary, time series, breakdowns, goals and the dashboard answered from stored per-day
 * partials (`rollups.ts` says why the figures equal the raw reports'): a few statements over a
 * few thousand rows instead of exact distinct counts over the period's raw visits and events.
 * Only used when `canUseRollups(ctx)` holds (no filters, no hourly points, a store that keeps them).
 */

const VISIT_SUMS =
  'sum(visitors) as visitors, sum(visits) as visits, sum(n) as pageview_sum, sum(bounces) as bounces, sum(duration_ms) as duration_ms, sum(engagement_ms) as engagement_sum';

/** What the partials give for the query's period (and comparison period). */
interface Figures {
  /** Visit aggregates of one key: 'p' per value over the period, 'c' the total over the comparison period, 't' per start day. */
  visits(part: 'p' | 'c' | 't', dim: VisitDimension): QueryRow[];
  /** Pages and goals (key, value, visitors, visits, pageview_sum, page_title); empty unless asked for. */
  events: QueryRow[];
  /** Revenue by event name and currency (name, currency, amount), in byte order. */
  revenue: QueryRow[];
}

/** Visit aggregates: 'p' per key and value over the period, 'c' the total over the comparison period, 't' the total per start day. */
function visitFiguresSql(ctx: ReportContext, days: number[]): string {
  const d = ctx.dialect;
  const q = ctx.query;
  const parts = storedPartials(ctx, 'v:', days);
  const total = d.string(visitKey(''));
  const statements = [
    `select 'p' as part, key, val, cast(0 as bigint) as s_day, ${VISIT_SUMS} from parts where s_day >= ${d.int(q.range.from)} and s_day < ${d.int(q.range.to)} group by key, val`,
    `select 't', key, '', s_day, ${VISIT_SUMS} from parts where key = ${total} group by key, s_day`,
  ];
  if (q.comparison)
    statements.push(
      `select 'c', key, val, 0, ${VISIT_SUMS} from parts where key = ${total} and s_day >= ${d.int(q.comparison.from)} and s_day < ${d.int(q.comparison.to)} group by key, val`,
    );
  return `with parts as materialized (${parts}) ${statements.join(' union all ')}`;
}

/**
 * Pages and goals by event time over the period: visitors and visits counted once per value
 * (those who started in the period on their first day with it, those carried over from earlier
 * start days from the detail rows), events summed by day, the latest title; and revenue.
 */
function eventFiguresSql(ctx: ReportContext, days: number[]): string {
  const d = ctx.dialect;
  const { from, to } = ctx.query.range;
  const parts = storedPartials(ctx, 'e:', days);
  const started = `s_day >= ${d.int(from)} and s_day < ${d.int(to)} and day < ${d.int(to)}`;
  const inPeriod = `day >= ${d.int(from)} and day < ${d.int(to)}`;
  const revenue = d.string(REVENUE_KEY);
  return `with parts as materialized (${parts}),
    agg as (select key, val, sum(n) filter (where ${inPeriod}) as n, sum(visitors) filter (where ${started}) as nv, sum(visits) filter (where ${started}) as ns, coalesce(arg_max(title, title_ts) filter (where ${inPeriod}), '') as page_title from parts where visitor_id is null and key != ${revenue} group by key, val),
    carried as (select key, val, ${d.distinctCount('visitor_id')} as cv, ${d.distinctCount('session_id')} as cs from parts where visitor_id is not null and s_day < ${d.int(from)} and ${inPeriod} group by key, val)
    select 'e' as part, agg.key, agg.val as value, '' as currency, coalesce(nv, 0) + coalesce(cv, 0) as visitors, coalesce(ns, 0) + coalesce(cs, 0) as visits, n as pageview_sum, page_title, 0 as amount from agg left join carried on agg.key = carried.key and agg.val = carried.val where n > 0
    union all
    select 'r', key, val, val2, 0, 0, 0, '', sum(amount) from parts where key = ${revenue} and visitor_id is null and ${inPeriod} group by key, val, val2`;
}

/** Reads the figures; `goals` null when no event-based widget is asked for. */
async function figures(ctx: ReportContext, goals: GoalDef[] | null): Promise<Figures> {
  const q = ctx.query;
  const visitDays = [...daysOf(q.range), ...(q.comparison ? daysOf(q.comparison) : [])];
  const eventDays = goals ? [...(await carriedStartDays(ctx, q.range)), ...daysOf(q.range)] : [];
  const events = goals ? [eventGroup(ctx, goals)] : [];
  await ensurePartials(ctx, [visitGroup(ctx), ...events], [...visitDays, ...eventDays]);
  const [visitRows, eventRows] = await Promise.all([
    run(ctx, visitFiguresSql(ctx, visitDays)),
    goals ? run(ctx, eventFiguresSql(ctx, eventDays)) : Promise.resolve([]),
  ]);

  return {
    visits: (part, dim) =>
      visitRows.filter((r) => text(r, 'part') === part && text(r, 'key') === visitKey(dim)),
    events: eventRows.filter((r) => text(r, 'part') === 'e'),
    revenue: eventRows
      .filter((r) => text(r, 'part') === 'r')
      .map((r) => ({ name: text(r, 'value'), currency: text(r, 'currency'), amount: num(r, 'amount') }))
      .sort((a, b) =>
        Buffer.compare(Buffer.from(`${a.name}\0${a.currency}`), Buffer.from(`${b.name}\0${b.currency}`)),
      ),
  };
}

/** Start-day rows summed per time-series bucket of the range. */
function bucketRows(ctx: ReportContext, range: TimeRange, rows: QueryRow[]): QueryRow[] {
  const sums = new Map<number, QueryRow>();
  for (const r of rows) {
    const day = num(r, 's_day');
    if (day < range.from || day >= range.to) continue;
    const bucket = bucketOf(day, ctx.query.interval);
    const acc = sums.get(bucket) ?? { bucket };
    for (const k of ['visitors', 'visits', 'pageview_sum', 'bounces', 'duration_ms'])
      acc[k] = num(acc, k) + num(r, k);
    sums.set(bucket, acc);
  }
  return [...sums.values()];
}

const periodVisitors = (f: Figures) => num(f.visits('p', '')[0], 'visitors');
const page = (ctx: ReportContext, rows: QueryRow[]) =>
  rows.slice(ctx.query.offset, ctx.query.offset + ctx.query.limit);

const summaryOf = (ctx: ReportContext, f: Figures) =>
  summaryReport(ctx, f.visits('p', '')[0] ?? {}, f.visits('c', '')[0] ?? {});

function timeseriesOf(ctx: ReportContext, f: Figures) {
  const series = f.visits('t', '');
  const { range, comparison } = ctx.query;
  return timeseriesReport(
    ctx,
    bucketRows(ctx, range, series),
    comparison ? bucketRows(ctx, comparison, series) : undefined,
  );
}

function breakdownOf(ctx: ReportContext, f: Figures, report: BreakdownReportName) {
  const totals = (rows: QueryRow[]) => ({ rows: rows.length, visitors: periodVisitors(f) });
  if (report === 'pages') {
    const entries = new Map(f.visits('p', 'entry_page').map((r) => [text(r, 'val'), r]));
    const rows = f.events.filter((r) => text(r, 'key') === PAGES_KEY).sort(byVisitorsThenValue);
    return breakdownReport(
      ctx,
      report,
      totals(rows),
      page(ctx, rows).map((r) => {
        const entry = entries.get(text(r, 'value'));
        return {
          ...r,
          entries: num(entry, 'visits'),
          bounces: num(entry, 'bounces'),
          duration_ms: num(entry, 'duration_ms'),
        };
      }),
    );
  }
  // Every breakdown but pages is a session dimension kept per start day.
  const dim = BREAKDOWNS[report] as VisitDimension;
  const rows = f
    .visits('p', dim)
    .map((r) => ({ ...r, value: text(r, 'val') }))
    .sort(byVisitorsThenValue);
  return breakdownReport(ctx, report, totals(rows), page(ctx, rows));
}

function goalsOf(f: Figures, goals: GoalDef[]) {
  const byKey = new Map(f.events.map((r) => [text(r, 'key'), r]));
  return goalsResult(
    goals,
    (i) => {
      const row = byKey.get(goalKey(goals[i]));
      return { visitors: num(row, 'visitors'), conversions: num(row, 'pageview_sum') };
    },
    f.revenue.filter((r) => goals.some((g) => g.kind === 'event' && g.match === text(r, 'name'))),
    periodVisitors(f),
  );
}

export const summaryFromRollups = async (ctx: ReportContext) => summaryOf(ctx, await figures(ctx, null));
export const timeseriesFromRollups = async (ctx: ReportContext) =>
  timeseriesOf(ctx, await figures(ctx, null));
export const breakdownFromRollups = async (ctx: ReportContext, report: BreakdownReportName) =>
  breakdownOf(ctx, await figures(ctx, report === 'pages' ? [] : null), report);
export const goalsFromRollups = async (ctx: ReportContext, goals: GoalDef[]) =>
  goalsOf(await figures(ctx, goals), goals);

export async function dashboardFromRollups(ctx: ReportContext, goals: GoalDef[]) {
  const f = await figures(ctx, goals);
  const [summary, timeseries, pages, ...sessionWidgets] = await Promise.all([
    summaryOf(ctx, f),
    timeseriesOf(ctx, f),
    breakdownOf(ctx, f, 'pages'),
    ...SESSION_WIDGETS.map(([, report]) => breakdownOf(ctx, f, report)),
  ]);
  return dashboardOf({ summary, timeseries, pages, goals: goalsOf(f, goals) }, sessionWidgets);
}
