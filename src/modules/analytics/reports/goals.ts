import type { QueryRow } from '../../../platform/events/event-store';
import { eventConditions, type ReportContext, run, sessionConditions, stepCondition } from './compile';
import { num, percent, round2, text } from './metrics';

export interface GoalDef {
  id: string;
  name: string;
  kind: 'page' | 'event';
  match: string;
}

/**
 * Conversions per goal in one scan of the period's events: `visitors` who reached the goal,
 * `conversions` = matching events (each pageview or custom event counts), revenue per currency
 * from custom events carrying it. The rate is over all visitors of the period (with the filters).
 */
export async function goalsReport(ctx: ReportContext, goals: GoalDef[], periodVisitors?: number) {
  if (goals.length === 0) return { rows: [] };
  const d = ctx.dialect;
  const where = eventConditions(ctx, ctx.query.range);
  const conds = goals.map((g) => stepCondition(d, g));
  const select = conds
    .map(
      (c, i) => `${d.distinctCountIf('visitor_id', c)} as visitors_${i}, ${d.countIf(c)} as conversions_${i}`,
    )
    .join(', ');
  const eventNames = [...new Set(goals.filter((g) => g.kind === 'event').map((g) => g.match))];
  const [counts, revenue, visitorsRow] = await Promise.all([
    run(ctx, `select ${select} from ${d.eventsTable()} where ${where} and (${conds.join(' or ')})`),
    eventNames.length
      ? run(
          ctx,
          `select name, revenue_currency as currency, sum(revenue_amount) as amount from ${d.eventsTable()} where ${where} and name in (${eventNames.map((n) => d.string(n)).join(', ')}) and revenue_currency != '' group by name, currency order by name, currency`,
        )
      : [],
    periodVisitors === undefined
      ? run(
          ctx,
          `select ${d.distinctCount('visitor_id')} as visitors from ${d.sessionsTable()} where ${sessionConditions(ctx, ctx.query.range)}`,
        ).then((rows) => rows[0])
      : undefined,
  ]);
  const total = periodVisitors ?? num(visitorsRow, 'visitors');
  return goalsResult(
    goals,
    (i) => ({ visitors: num(counts[0], `visitors_${i}`), conversions: num(counts[0], `conversions_${i}`) }),
    revenue,
    total,
  );
}

/**
 * The goals report from counted figures: `count(i)` gives goal i's visitors and conversions,
 * `revenue` rows (name, currency, amount) the custom events' revenue, `total` the period's visitors.
 */
export function goalsResult(
  goals: GoalDef[],
  count: (i: number) => { visitors: number; conversions: number },
  revenue: QueryRow[],
  total: number,
) {
  return {
    rows: goals.map((g, i) => ({
      goalId: g.id,
      name: g.name,
      kind: g.kind,
      match: g.match,
      ...count(i),
      conversionRate: percent(count(i).visitors, total),
      revenue:
        g.kind === 'event'
          ? revenue
              .filter((r) => text(r, 'name') === g.match)
              .map((r) => ({ currency: text(r, 'currency'), amount: round2(num(r, 'amount')) }))
          : [],
    })),
  };
}
