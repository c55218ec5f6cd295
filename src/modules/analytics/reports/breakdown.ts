import type { QueryRow } from '../../../platform/events/event-store';
import { BREAKDOWNS } from '../../../shared/contracts/analytics-reports';
import { eventConditions, type ReportContext, run, sessionConditions } from './compile';
import { mean, num, percent, text } from './metrics';

export type BreakdownReportName = keyof typeof BREAKDOWNS;
export type BreakdownDimension = (typeof BREAKDOWNS)[BreakdownReportName];

/** Session columns by breakdown dimension; `page` is the only one counted from events. */
const SESSION_COLUMN: Record<Exclude<BreakdownDimension, 'page'>, string> = {
  channel: 'channel',
  referrer_host: 'referrer_host',
  utm_source: 'utm_source',
  utm_medium: 'utm_medium',
  utm_campaign: 'utm_campaign',
  utm_term: 'utm_term',
  utm_content: 'utm_content',
  entry_page: 'entry_page',
  exit_page: 'exit_page',
  country: 'country',
  device: 'device',
  browser: 'browser',
  os: 'os',
};

/** Breakdown order: visitors desc, then value in byte order (as both engines sort text). */
export const byVisitorsThenValue = (a: QueryRow, b: QueryRow) =>
  num(b, 'visitors') - num(a, 'visitors') ||
  Buffer.compare(Buffer.from(text(a, 'value')), Buffer.from(text(b, 'value')));

/** The dashboard's session breakdowns: [widget key, report name, dimension]. */
export const SESSION_WIDGETS = [
  ['channels', 'channels', 'channel'],
  ['sources', 'sources', 'referrer_host'],
  ['entryPages', 'entry_pages', 'entry_page'],
  ['exitPages', 'exit_pages', 'exit_page'],
  ['countries', 'countries', 'country'],
  ['devices', 'devices', 'device'],
  ['browsers', 'browsers', 'browser'],
  ['os', 'os', 'os'],
] as const;

/**
 * The dashboard answer from its widgets, whichever way they were computed (raw SQL or stored
 * partials); `sessionWidgets` are in SESSION_WIDGETS order.
 */
export function dashboardOf<S, T, B, G>(
  parts: { summary: S; timeseries: T; pages: B; goals: G },
  sessionWidgets: B[],
) {
  const widget = (key: (typeof SESSION_WIDGETS)[number][0]) =>
    sessionWidgets[SESSION_WIDGETS.findIndex(([k]) => k === key)];
  return {
    summary: parts.summary,
    timeseries: parts.timeseries,
    channels: widget('channels'),
    sources: widget('sources'),
    pages: parts.pages,
    entryPages: widget('entryPages'),
    exitPages: widget('exitPages'),
    countries: widget('countries'),
    devices: widget('devices'),
    browsers: widget('browsers'),
    os: widget('os'),
    goals: parts.goals,
  };
}

export const isBreakdown = (report: string): report is BreakdownReportName => report in BREAKDOWNS;

/** Alias of a dimension's distinct-value count in a totals query. */
export const totalAlias = (dimension: BreakdownDimension) => `total_${dimension}`;

/** Aggregates giving the number of distinct values of each session dimension, for one shared scan. */
export const sessionTotals = (ctx: ReportContext, dimensions: BreakdownDimension[]) =>
  dimensions
    .filter((dim) => dim !== 'page')
    .map(
      (dim) =>
        `${ctx.dialect.distinctCount(SESSION_COLUMN[dim as keyof typeof SESSION_COLUMN])} as ${totalAlias(dim)}`,
    );

export interface BreakdownTotals {
  /** Distinct values of the dimension. */
  rows: number;
  /** Visitors of the period with the filters: the denominator of `share`. */
  visitors: number;
}

/** Visits of the period grouped by a session dimension: visitors, visits, their pageviews, bounce rate, visit duration. */
export function sessionBreakdownSql(ctx: ReportContext, dimension: Exclude<BreakdownDimension, 'page'>) {
  const column = SESSION_COLUMN[dimension];
  const d = ctx.dialect;
  const q = ctx.query;
  return `select ${column} as value, ${d.distinctCount('visitor_id')} as visitors, count(*) as visits, sum(pageviews) as pageview_sum, ${d.countIf('events = 1')} as bounces, sum(ended_at - started_at) as duration_ms from ${d.sessionsTable()} where ${sessionConditions(ctx, q.range)} group by value order by visitors desc, value asc ${d.limit(q.limit, q.offset)}`;
}

/**
 * Pageviews of the period grouped by path. Bounce rate and visit duration of a page are those of
 * the visits that entered on it (a page nobody entered on has 0), as Plausible defines them.
 */
async function pageRows(ctx: ReportContext): Promise<QueryRow[]> {
  const d = ctx.dialect;
  const q = ctx.query;
  const rows = await run(
    ctx,
    `select pathname as value, ${d.distinctCount('visitor_id')} as visitors, ${d.distinctCount('session_id')} as visits, count(*) as pageview_sum from ${d.eventsTable()} where ${eventConditions(ctx, q.range)} and name = 'pageview' group by value order by visitors desc, value asc ${d.limit(q.limit, q.offset)}`,
  );
  if (rows.length === 0) return rows;
  const paths = rows.map((r) => d.string(text(r, 'value'))).join(', ');
  const [entries, titles] = await Promise.all([
    run(
      ctx,
      `select entry_page as value, count(*) as entries, ${d.countIf('events = 1')} as bounces, sum(ended_at - started_at) as duration_ms from ${d.sessionsTable()} where ${sessionConditions(ctx, q.range)} and entry_page in (${paths}) group by value`,
    ),
    // The most recent non-empty title of each listed path's pageviews in the period.
    run(
      ctx,
      `select pathname as value, ${d.latestIf('title', 'ts', "title != ''")} as page_title from ${d.eventsTable()} where ${eventConditions(ctx, q.range)} and name = 'pageview' and pathname in (${paths}) group by value`,
    ),
  ]);
  const byPage = new Map(entries.map((e) => [text(e, 'value'), e]));
  const titleOf = new Map(titles.map((t) => [text(t, 'value'), text(t, 'page_title')]));
  return rows.map((r) => {
    const e = byPage.get(text(r, 'value'));
    return {
      ...r,
      page_title: titleOf.get(text(r, 'value')) ?? '',
      entries: num(e, 'entries'),
      bounces: num(e, 'bounces'),
      duration_ms: num(e, 'duration_ms'),
    };
  });
}

/** Distinct values and visitors for one breakdown when the dashboard has not computed them already. */
async function totalsOf(ctx: ReportContext, dimension: BreakdownDimension): Promise<BreakdownTotals> {
  const d = ctx.dialect;
  const q = ctx.query;
  const [visitorsRow] = await run(
    ctx,
    `select ${d.distinctCount('visitor_id')} as visitors${dimension === 'page' ? '' : `, ${sessionTotals(ctx, [dimension])[0]}`} from ${d.sessionsTable()} where ${sessionConditions(ctx, q.range)}`,
  );
  if (dimension !== 'page')
    return { rows: num(visitorsRow, totalAlias(dimension)), visitors: num(visitorsRow, 'visitors') };
  const [pagesRow] = await run(
    ctx,
    `select ${d.distinctCount('pathname')} as pages from ${d.eventsTable()} where ${eventConditions(ctx, q.range)} and name = 'pageview'`,
  );
  return { rows: num(pagesRow, 'pages'), visitors: num(visitorsRow, 'visitors') };
}

/** One breakdown report (`channels`, `pages`, `countries` ...), ordered by visitors desc then value asc. */
export async function breakdownReport(
  ctx: ReportContext,
  report: BreakdownReportName,
  totals?: BreakdownTotals,
  /** Rows of `sessionBreakdownSql` fetched already (the dashboard batches them). */
  fetched?: QueryRow[],
) {
  const dimension = BREAKDOWNS[report];
  const [rows, total] = await Promise.all([
    fetched ?? (dimension === 'page' ? pageRows(ctx) : run(ctx, sessionBreakdownSql(ctx, dimension))),
    totals ?? totalsOf(ctx, dimension),
  ]);
  return {
    dimension,
    rows: rows.map((r) => {
      // For pages, bounce rate and duration are over the visits that entered on the page.
      const base = dimension === 'page' ? num(r, 'entries') : num(r, 'visits');
      return {
        value: text(r, 'value'),
        visitors: num(r, 'visitors'),
        visits: num(r, 'visits'),
        pageviews: num(r, 'pageview_sum'),
        bounceRate: percent(num(r, 'bounces'), base),
        visitDuration: mean(num(r, 'duration_ms') / 1000, base),
        share: percent(num(r, 'visitors'), total.visitors),
        ...(dimension === 'page' ? { title: text(r, 'page_title') } : {}),
      };
    }),
    totalRows: total.rows,
  };
}
