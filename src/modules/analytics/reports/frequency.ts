import { type ReportContext, run, sessionConditions } from './compile';
import { num, percent, text } from './metrics';

const BUCKETS = ['1', '2', '3-5', '6-10', '11+'] as const;

/**
 * Visits per visitor in the period. Visitor ids rotate daily (no cookies), so a "returning"
 * visitor is one with more than one visit under the same id: in practice, within one UTC day.
 */
export async function frequencyReport(ctx: ReportContext) {
  const d = ctx.dialect;
  const rows = await run(
    ctx,
    `select case when visits = 1 then '1' when visits = 2 then '2' when visits <= 5 then '3-5' when visits <= 10 then '6-10' else '11+' end as bucket, count(*) as visitors from (select visitor_id, count(*) as visits from ${d.sessionsTable()} where ${sessionConditions(ctx, ctx.query.range)} group by visitor_id) as per_visitor group by bucket`,
  );
  const byBucket = new Map(rows.map((r) => [text(r, 'bucket'), num(r, 'visitors')]));
  const total = rows.reduce((sum, r) => sum + num(r, 'visitors'), 0);
  const once = byBucket.get('1') ?? 0;
  return {
    buckets: BUCKETS.map((visits) => ({
      visits,
      visitors: byBucket.get(visits) ?? 0,
      share: percent(byBucket.get(visits) ?? 0, total),
    })),
    newVisitors: once,
    returningVisitors: total - once,
  };
}
