import type { QueryRow } from '../../../platform/events/event-store';
import type { SummaryMetrics } from '../../../shared/contracts/analytics-reports';
import { type ReportContext, run, sessionConditions } from './compile';
import { mean, num, percent } from './metrics';
import type { TimeRange } from './query';

/** Aggregates of a set of visits that every visit-based metric is derived from (one pass over `sessions`). */
export const visitAggregates = (ctx: ReportContext) =>
  [
    `${ctx.dialect.distinctCount('visitor_id')} as visitors`,
    'count(*) as visits',
    'sum(pageviews) as pageview_sum',
    `${ctx.dialect.countIf('events = 1')} as bounces`,
    'sum(ended_at - started_at) as duration_ms',
    'sum(engagement_ms) as engagement_sum',
  ].join(', ');

/** Summary metrics from one row of `visitAggregates`. */
export function metricsOf(row: QueryRow | undefined): SummaryMetrics {
  const visits = num(row, 'visits');
  return {
    visitors: num(row, 'visitors'),
    visits,
    pageviews: num(row, 'pageview_sum'),
    viewsPerVisit: mean(num(row, 'pageview_sum'), visits),
    bounceRate: percent(num(row, 'bounces'), visits),
    visitDuration: mean(num(row, 'duration_ms') / 1000, visits),
    engagementTime: mean(num(row, 'engagement_sum') / 1000, visits),
  };
}

/** Visit metrics of one period; `extra` adds more aggregates to the same scan (the dashboard's totals). */
export async function summaryRow(ctx: ReportContext, range: TimeRange, extra: string[] = []) {
  const select = [visitAggregates(ctx), ...extra].join(', ');
  const rows = await run(
    ctx,
    `select ${select} from ${ctx.dialect.sessionsTable()} where ${sessionConditions(ctx, range)}`,
  );
  return rows[0];
}

const rangeOut = (r: TimeRange) => ({ from: r.fromDay, to: r.toDay });

/** The summary; `current`/`previous` are rows of `visitAggregates` already fetched (the dashboard's). */
export async function summaryReport(ctx: ReportContext, current?: QueryRow, previousRow?: QueryRow) {
  const { range, comparison } = ctx.query;
  const [row, previous] = await Promise.all([
    current ?? summaryRow(ctx, range),
    comparison ? (previousRow ?? summaryRow(ctx, comparison)) : undefined,
  ]);
  return {
    range: rangeOut(range),
    metrics: metricsOf(row),
    comparison: comparison ? { range: rangeOut(comparison), metrics: metricsOf(previous) } : null,
  };
}
