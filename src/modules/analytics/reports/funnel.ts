import { eventConditions, type ReportContext, run, stepCondition } from './compile';
import { percent, text } from './metrics';

export interface FunnelDef {
  id: string;
  name: string;
  steps: { kind: 'page' | 'event'; match: string }[];
}

/**
 * Visitors who went through the steps in order within one visit (events of the period). The
 * engine returns only events matching some step; the ordered walk happens here, greedily (taking
 * the earliest match of each next step is optimal for "steps in this order").
 */
export async function funnelReport(ctx: ReportContext, funnel: FunnelDef) {
  const d = ctx.dialect;
  const conds = funnel.steps.map((s) => stepCondition(d, s));
  const rows = await run(
    ctx,
    `select ${d.toText('session_id')} as sid, ${d.toText('visitor_id')} as vid, ${conds.map((c, i) => `case when ${c} then 1 else 0 end as s${i}`).join(', ')} from ${d.eventsTable()} where ${eventConditions(ctx, ctx.query.range)} and (${conds.join(' or ')}) order by sid, ts, wal_seq`,
  );
  const reached = funnel.steps.map(() => new Set<string>());
  let session = '';
  let next = 0;
  for (const row of rows) {
    const sid = text(row, 'sid');
    if (sid !== session) {
      session = sid;
      next = 0;
    }
    if (next < conds.length && Number(row[`s${next}`]) === 1) {
      reached[next].add(text(row, 'vid'));
      next++;
    }
  }
  const first = reached[0].size;
  return {
    funnelId: funnel.id,
    name: funnel.name,
    steps: funnel.steps.map((s, i) => ({
      kind: s.kind,
      match: s.match,
      visitors: reached[i].size,
      conversionRate: percent(reached[i].size, first),
      dropoff: i === 0 ? 0 : reached[i - 1].size - reached[i].size,
    })),
  };
}
