import {
  breakdownReport,
  byVisitorsThenValue,
  dashboardOf,
  SESSION_WIDGETS,
  sessionBreakdownSql,
  sessionTotals,
  totalAlias,
} from './breakdown';
import { eventConditions, type ReportContext, run } from './compile';
import { type GoalDef, goalsReport } from './goals';
import { num, text } from './metrics';
import { dashboardFromRollups } from './rollup-reports';
import { canUseRollups } from './rollups';
import { summaryReport, summaryRow } from './summary';
import { pointsSql, timeseriesReport } from './timeseries';

const COLUMNS = 'value, visitors, visits, pageview_sum, bounces, duration_ms';

/**
 * Every widget of the default dashboard in 7 statements (9 with a comparison): one scan of the
 * period's visits gives the summary and the distinct-value totals of all session breakdowns; one
 * UNION ALL statement gives the 8 session breakdowns and the time series (fewer round trips and
 * plans: a small site's dashboard is mostly per-statement overhead); pages and goals read `events`.
 */
export async function dashboardReport(ctx: ReportContext, goals: GoalDef[]) {
  if (canUseRollups(ctx)) return dashboardFromRollups(ctx, goals);
  const d = ctx.dialect;
  const q = ctx.query;
  const dims = SESSION_WIDGETS.map(([, , dim]) => dim);
  const [current, pageTotals] = await Promise.all([
    summaryRow(ctx, q.range, sessionTotals(ctx, dims)),
    run(
      ctx,
      `select ${d.distinctCount('pathname')} as pages from ${d.eventsTable()} where ${eventConditions(ctx, q.range)} and name = 'pageview'`,
    ),
  ]);
  const visitors = num(current, 'visitors');
  const batch = [
    ...SESSION_WIDGETS.map(
      ([key, , dim]) =>
        `select ${d.string(key)} as widget, ${COLUMNS} from (${sessionBreakdownSql(ctx, dim)}) as w_${key}`,
    ),
    `select 'timeseries' as widget, ${d.toText('bucket')} as value, visitors, visits, pageview_sum, bounces, duration_ms from (${pointsSql(ctx, q.range)}) as w_timeseries`,
  ].join(' union all ');
  const [batchRows, pages, goalRows] = await Promise.all([
    run(ctx, batch),
    breakdownReport(ctx, 'pages', { rows: num(pageTotals[0], 'pages'), visitors }),
    goalsReport(ctx, goals, visitors),
  ]);
  const rowsOf = (widget: string) => batchRows.filter((r) => text(r, 'widget') === widget);
  const [summary, timeseries, ...sessionWidgets] = await Promise.all([
    summaryReport(ctx, current),
    timeseriesReport(
      ctx,
      rowsOf('timeseries').map((r) => ({ ...r, bucket: Number(text(r, 'value')) })),
    ),
    ...SESSION_WIDGETS.map(([key, report, dim]) =>
      breakdownReport(
        ctx,
        report,
        { rows: num(current, totalAlias(dim)), visitors },
        rowsOf(key).sort(byVisitorsThenValue),
      ),
    ),
  ]);
  return dashboardOf({ summary, timeseries, pages, goals: goalRows }, sessionWidgets);
}
