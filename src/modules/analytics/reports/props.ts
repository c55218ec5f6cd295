import { eventConditions, type ReportContext, run, sessionConditions } from './compile';
import { num, percent, round2, text } from './metrics';

/**
 * Custom properties: the keys seen on the period's events (with the filters), and the values of
 * one key (the one asked for, else the key most visitors have) over the events carrying it, with
 * visitors, events, share of the period's visitors and revenue per currency. Three statements at
 * most, two of them side by side.
 */
export async function propsReport(ctx: ReportContext) {
  const d = ctx.dialect;
  const q = ctx.query;
  const where = eventConditions(ctx, q.range);
  const [keyRows, visitorsRow] = await Promise.all([
    run(
      ctx,
      `select prop_key, ${d.distinctCount('visitor_id')} as visitors, count(*) as event_count from (select ${d.arrayJoin('props_keys')} as prop_key, visitor_id from ${d.eventsTable()} where ${where}) as k group by prop_key order by visitors desc, prop_key asc ${d.limit(100, 0)}`,
    ),
    run(
      ctx,
      `select ${d.distinctCount('visitor_id')} as visitors from ${d.sessionsTable()} where ${sessionConditions(ctx, q.range)}`,
    ).then((rows) => rows[0]),
  ]);
  const keys = keyRows.map((r) => ({
    key: text(r, 'prop_key'),
    visitors: num(r, 'visitors'),
    events: num(r, 'event_count'),
  }));
  const property = q.property ?? keys[0]?.key ?? null;
  if (property === null) return { property, keys, rows: [], totalRows: 0 };

  const value = d.propValue(property);
  const carrying = `${where} and ${d.arrayContains('props_keys', d.string(property))}`;
  const [rows, totals] = await Promise.all([
    run(
      ctx,
      `select ${value} as value, ${d.distinctCount('visitor_id')} as visitors, count(*) as event_count from ${d.eventsTable()} where ${carrying} group by value order by visitors desc, value asc ${d.limit(q.limit, q.offset)}`,
    ),
    run(ctx, `select ${d.distinctCount(value)} as total from ${d.eventsTable()} where ${carrying}`),
  ]);
  const revenue = rows.length
    ? await run(
        ctx,
        `select ${value} as value, revenue_currency as currency, sum(revenue_amount) as amount from ${d.eventsTable()} where ${carrying} and revenue_currency != '' and ${value} in (${rows.map((r) => d.string(text(r, 'value'))).join(', ')}) group by value, currency order by value, currency`,
      )
    : [];
  const periodVisitors = num(visitorsRow, 'visitors');
  return {
    property,
    keys,
    rows: rows.map((r) => ({
      value: text(r, 'value'),
      visitors: num(r, 'visitors'),
      events: num(r, 'event_count'),
      share: percent(num(r, 'visitors'), periodVisitors),
      revenue: revenue
        .filter((x) => text(x, 'value') === text(r, 'value'))
        .map((x) => ({ currency: text(x, 'currency'), amount: round2(num(x, 'amount')) })),
    })),
    totalRows: num(totals[0], 'total'),
  };
}
