import { eventConditions, type ReportContext, run } from './compile';
import { num, text } from './metrics';
import type { TimeRange } from './query';

const MINUTE = 60_000;
const WINDOW_MINUTES = 30;

/** The last 30 minutes up to the query's clock: visitors with any event, pageviews per minute, top pages and sources. */
export async function realtimeReport(ctx: ReportContext) {
  const d = ctx.dialect;
  const end = ctx.query.now;
  const start = end - WINDOW_MINUTES * MINUTE;
  const range: TimeRange = { from: start, to: end + 1, fromDay: '', toDay: '' };
  const where = eventConditions(ctx, range);
  const top = (column: string, extra: string) =>
    `select ${column} as value, ${d.distinctCount('visitor_id')} as visitors from ${d.eventsTable()} where ${where}${extra} group by value order by visitors desc, value asc ${d.limit(10, 0)}`;
  const [visitors, perMinute, pages, sources] = await Promise.all([
    run(ctx, `select ${d.distinctCount('visitor_id')} as visitors from ${d.eventsTable()} where ${where}`),
    run(
      ctx,
      `select ${d.intDiv(`ts - ${d.int(start)}`, d.int(MINUTE))} as minute, count(*) as pageviews from ${d.eventsTable()} where ${where} and name = 'pageview' group by minute`,
    ),
    run(ctx, top('pathname', " and name = 'pageview'")),
    run(ctx, top('referrer_host', '')),
  ]);
  const series = new Array<number>(WINDOW_MINUTES).fill(0);
  for (const row of perMinute) {
    const minute = Math.min(WINDOW_MINUTES - 1, num(row, 'minute'));
    series[minute] += num(row, 'pageviews');
  }
  const list = (rows: typeof pages) =>
    rows.map((r) => ({ value: text(r, 'value'), visitors: num(r, 'visitors') }));
  return {
    visitors: num(visitors[0], 'visitors'),
    pageviewsPerMinute: series,
    pages: list(pages),
    sources: list(sources),
  };
}
