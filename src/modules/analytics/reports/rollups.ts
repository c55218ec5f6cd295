/**
 * Stored partial aggregates ("rollups") for the default dashboard on stores that keep them
 * (DuckDB). Every partial belongs to one site, one key (a widget's grouping) and one UTC day on
 * which the visits it covers **started** (`s_day`). Why this is exact and not an estimate:
 *
 * - Visitor ids rotate daily and a visitor id only ever starts visits on its own day, so the
 *   visitors of a set of visits are the sum over start days of each day's distinct visitors.
 *   Visit-based widgets (summary, time series, the session breakdowns) are plain sums.
 * - Event-based widgets (pages, goals) count events by **event** time, and a visit may run past
 *   midnight (even for days). A start day's partial therefore holds all events of its visits, with
 *   each (visitor, value) counted once on the first day it happened (`day`), and one detail row per
 *   (value, day, visitor, visit) for events after the start day. For a period [A, B]: visitors who
 *   started in it count where their first day is <= B; visitors who started before A count from the
 *   detail rows (distinct). Pageviews and conversions are summed by event day.
 *
 * Partials are filled when a dashboard first needs them and kept until a batch writes a visit
 * that started that day (a late event, a visit still running); see `partials` for how long today's
 * may lag. Filtered queries, hourly points and stores without rollups use the raw compilers.
 */
import { type QueryRow, ROLLUP_COLUMNS } from '../../../platform/events/event-store';
import { type ReportContext, stepCondition } from './compile';
import type { Dialect } from './dialect';
import type { GoalDef } from './goals';
import { num } from './metrics';
import type { TimeRange } from './query';

const DAY = 86_400_000;
/** How long after its end a start day's visits are taken as settled enough to store. */
export const SETTLE_MS = 3_600_000;
/** How long after a write a not-yet-settled day's stored partials may still be shown (see `ensurePartials`)... */
export const TODAY_MAX_LAG_MS = 60_000;
/** ... if more than this many visits started on it (smaller days are refilled on every view after a write). */
export const LAGGING_FROM_VISITS = 2_000;
/**
 * Work per fill (one write transaction, which holds up the loading of new events meanwhile): up to
 * this many visits, and at most FILL_MAX_DAYS start days.
 */
const FILL_MAX_VISITS = 150_000;
const FILL_MAX_DAYS = 62;

/** Session dimensions kept per start day; '' is the total over all visits. */
export const VISIT_DIMENSIONS = [
  '',
  'channel',
  'referrer_host',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'entry_page',
  'exit_page',
  'country',
  'device',
  'browser',
  'os',
] as const;
export type VisitDimension = (typeof VISIT_DIMENSIONS)[number];

export const visitKey = (dim: VisitDimension) => `v:${dim}`;
export const PAGES_KEY = 'e:pages';
export const REVENUE_KEY = 'e:revenue';
export const goalKey = (goal: GoalDef) => `e:goal:${goal.kind}:${goal.match}`;

type Column = (typeof ROLLUP_COLUMNS)[number][0];

/** A select list of every rollup column in table order; columns not given are empty (0, '', null). */
function columns(values: Partial<Record<Column, string>>): string {
  return ROLLUP_COLUMNS.map(([name, type]) => {
    const value =
      values[name] ??
      (name === 'visitor_id' || name === 'session_id' || name === 'title_ts'
        ? 'null'
        : type === 'varchar'
          ? "''"
          : '0');
    return `cast(${value} as ${type}) as ${name}`;
  }).join(', ');
}

const NO_ROWS = `select ${columns({})} where false`;

/** Start days `[from, to)`, ms. */
interface StartDays {
  from: number;
  to: number;
}

function startedIn(d: Dialect, siteId: string, days: StartDays) {
  return `site_id = ${d.string(siteId)} and started_at >= ${d.int(days.from)} and started_at < ${d.int(days.to)}`;
}

/** Per start day and value of each session dimension: visitors, visits, pageviews, bounces, duration, engagement. */
export function visitPartialSql(d: Dialect, siteId: string, days: StartDays): string {
  const parts = VISIT_DIMENSIONS.map(
    (dim) =>
      `select ${columns({
        key: d.string(visitKey(dim)),
        s_day: 's_day',
        day: 's_day',
        val: dim === '' ? "''" : dim,
        visitors: d.distinctCount('visitor_id'),
        visits: 'count(*)',
        n: 'sum(pageviews)',
        bounces: d.countIf('events = 1'),
        duration_ms: 'sum(ended_at - started_at)',
        engagement_ms: 'sum(engagement_ms)',
      })} from vs group by s_day${dim === '' ? '' : `, ${dim}`}`,
  );
  return `with vs as materialized (select *, ${d.bucketStart('started_at', 'day')} as s_day from ${d.sessionsTable()} where ${startedIn(d, siteId, days)}) ${parts.join(' union all ')}`;
}

interface EventSpec {
  key: string;
  /** Which events count (a goal's condition, or pageviews). */
  cond: string;
  /** The value events are grouped by ('' for one group). */
  value: string;
  titles: boolean;
}

/**
 * Partials of event-based widgets for the visits that started in `days`: per (start day, event
 * day, value) the events, the visitors and visits counted on their first day with the value, the
 * latest title; detail rows for events after the start day; revenue per event name and currency.
 * `maxTs` bounds the event scan (the visits' last event) so old start days read only their days.
 */
export function eventPartialSql(
  d: Dialect,
  siteId: string,
  specs: EventSpec[],
  days: StartDays,
  maxTs: number,
  revenue: boolean,
): string {
  const base = `e.site_id = ${d.string(siteId)} and e.ts >= ${d.int(days.from)} and e.ts <= ${d.int(maxTs)}`;
  const conds = [...specs.map((spec) => spec.cond), ...(revenue ? ["revenue_currency != ''"] : [])];
  // One scan of the events of these visits that any widget counts; each widget then takes its own.
  // `es` has only session_id and s_day, so the event's columns can be named bare in the conditions.
  const ctes = [
    `es as materialized (select session_id, ${d.bucketStart('started_at', 'day')} as s_day from ${d.sessionsTable()} where ${startedIn(d, siteId, days)})`,
    `ev as materialized (select es.s_day, ${d.bucketStart('e.ts', 'day')} as day, e.ts, e.name, e.pathname, e.title, e.visitor_id, e.session_id, e.revenue_amount, e.revenue_currency from ${d.eventsTable()} e join es on e.session_id = es.session_id where ${base} and (${conds.map((c) => `(${c})`).join(' or ')}))`,
  ];
  const events = (cond: string, select: string) => `select s_day, day, ${select} from ev where ${cond}`;
  const selects: string[] = [];
  specs.forEach((spec, i) => {
    const ev = `ev${i}`;
    ctes.push(
      `${ev} as materialized (${events(spec.cond, `${spec.value} as val, visitor_id, session_id, title, ts`)})`,
    );
    const key = d.string(spec.key);
    const title = spec.titles ? d.latestIf('title', 'ts', "title != ''") : "''";
    const titleTs = spec.titles ? `max(ts) filter (where title != '')` : 'null';
    selects.push(
      `select ${columns({
        key,
        s_day: 's_day',
        day: 'day',
        val: 'val',
        visitors: 'sum(visitors)',
        visits: 'sum(visits)',
        n: 'sum(n)',
        title: `coalesce(arg_max(title, title_ts), '')`,
        title_ts: 'max(title_ts)',
      })} from (
        select s_day, day, val, count(*) as visitors, 0 as visits, 0 as n, '' as title, cast(null as bigint) as title_ts from (select s_day, visitor_id, val, min(day) as day from ${ev} group by s_day, visitor_id, val) group by s_day, day, val
        union all select s_day, day, val, 0, count(*), 0, '', null from (select s_day, session_id, val, min(day) as day from ${ev} group by s_day, session_id, val) group by s_day, day, val
        union all select s_day, day, val, 0, 0, count(*), ${title}, ${titleTs} from ${ev} group by s_day, day, val
      ) group by s_day, day, val`,
      `select distinct ${columns({ key, s_day: 's_day', day: 'day', val: 'val', visitor_id: 'visitor_id', session_id: 'session_id' })} from ${ev} where day > s_day`,
    );
  });
  if (revenue) {
    ctes.push(
      `rev as (${events("revenue_currency != ''", 'name as val, revenue_currency as val2, revenue_amount as amount')})`,
    );
    selects.push(
      `select ${columns({ key: d.string(REVENUE_KEY), s_day: 's_day', day: 'day', val: 'val', val2: 'val2', n: 'count(*)', amount: 'sum(amount)' })} from rev group by s_day, day, val, val2`,
    );
  }
  return `with ${ctes.join(', ')} ${selects.join(' union all ')}`;
}

/** The widgets' partials that are filled and read together. */
interface Group {
  keys: string[];
  /** The partials' SELECT for start days `days`; `read` may look at the store first. */
  sql(days: StartDays, read: (sql: string) => Promise<QueryRow[]>): Promise<string>;
}

const pageSpec: EventSpec = { key: PAGES_KEY, cond: "name = 'pageview'", value: 'pathname', titles: true };
const goalSpec = (d: Dialect, goal: GoalDef): EventSpec => ({
  key: goalKey(goal),
  cond: stepCondition(d, goal),
  value: "''",
  titles: false,
});

export function visitGroup(ctx: ReportContext): Group {
  return {
    keys: VISIT_DIMENSIONS.map(visitKey),
    sql: async (days) => visitPartialSql(ctx.dialect, ctx.query.siteId, days),
  };
}

function eventGroupOf(ctx: ReportContext, keys: string[], specs: EventSpec[], revenue: boolean): Group {
  const { dialect: d, query: q } = ctx;
  return {
    keys,
    async sql(days, read) {
      const [row] = await read(
        `select max(ended_at) as max_ts from ${d.sessionsTable()} where ${startedIn(d, q.siteId, days)}`,
      );
      // No visits started in these days: an empty scan (events before `from` never match).
      const maxTs = row?.max_ts === null || row?.max_ts === undefined ? days.from - 1 : num(row, 'max_ts');
      return eventPartialSql(d, q.siteId, specs, days, maxTs, revenue);
    },
  };
}

/** Pages, revenue and each goal: one group, so one scan of the events fills them all. */
export const eventGroup = (ctx: ReportContext, goals: GoalDef[]): Group =>
  eventGroupOf(
    ctx,
    [PAGES_KEY, REVENUE_KEY, ...goals.map(goalKey)],
    [pageSpec, ...goals.map((g) => goalSpec(ctx.dialect, g))],
    true,
  );

/** Whether a dashboard request can be answered from rollups. */
export const canUseRollups = (ctx: ReportContext) =>
  ctx.store.rollups !== undefined && ctx.query.filters.length === 0 && ctx.query.interval !== 'hour';

/** Start days before this one are settled: over for at least SETTLE_MS at `now`. */
export const settledBefore = (now: number) => Math.floor((now - SETTLE_MS) / DAY) * DAY;

export function daysOf(range: TimeRange): number[] {
  const out: number[] = [];
  for (let day = Math.floor(range.from / DAY) * DAY; day < range.to; day += DAY) out.push(day);
  return out;
}

/** Consecutive runs of sorted days as `[from, to)`, each within FILL_MAX_VISITS visits (by `visitsOn`) and FILL_MAX_DAYS days. */
function runsOf(days: number[], visitsOn: (day: number) => number): { from: number; to: number }[] {
  const runs: { from: number; to: number; visits: number }[] = [];
  for (const day of days) {
    const last = runs[runs.length - 1];
    const visits = visitsOn(day);
    if (
      last &&
      last.to === day &&
      last.visits + visits <= FILL_MAX_VISITS &&
      (last.to - last.from) / DAY < FILL_MAX_DAYS
    ) {
      last.to = day + DAY;
      last.visits += visits;
    } else runs.push({ from: day, to: day + DAY, visits });
  }
  return runs.map(({ from, to }) => ({ from, to }));
}

/**
 * Makes the stored partials of `groups` for the start days `days` current. A settled day's
 * partials are used while no write has outdated them (exact). A day not yet settled (today) with
 * more than LAGGING_FROM_VISITS visits is used until a write outdates it and then for at most
 * TODAY_MAX_LAG_MS more, so a busy site's today is refreshed at most once a minute instead of on
 * every view (Matomo re-archives today at most every 15 minutes by default); a smaller day is
 * refilled after every write, so it is always exact. Missing and outdated partials are filled on
 * the store's writer.
 */
export async function ensurePartials(ctx: ReportContext, groups: Group[], days: number[]): Promise<void> {
  const store = ctx.store.rollups;
  if (!store) throw new Error('this event store keeps no rollups');
  const q = ctx.query;
  const lastSettled = settledBefore(q.now);
  const maxLag = ctx.rollupLag?.maxMs ?? TODAY_MAX_LAG_MS;
  const lagFrom = ctx.rollupLag?.fromVisits ?? LAGGING_FROM_VISITS;
  const wanted = [...new Set(days)].sort((a, b) => a - b);
  const keys = groups.flatMap((g) => g.keys);
  const stored = await store.storedDays(q.siteId, keys, wanted);
  /** 'current', 'lagging' (outdated by a write to a day not settled yet, filled under `maxLag` ago), or 'missing'. */
  const state = (day: number) => {
    let lagging = false;
    for (const key of keys) {
      const mark = stored.get(key)?.get(day);
      if (!mark) return 'missing';
      if (!mark.stale) continue;
      // (A fill stamped after `now` is one of a request for a later clock, e.g. a test's: not fresh.)
      if (day >= lastSettled && mark.filledAt <= q.now && mark.filledAt >= q.now - maxLag) lagging = true;
      else return 'missing';
    }
    return lagging ? 'lagging' : 'current';
  };
  const states = new Map(wanted.map((day) => [day, state(day)]));
  const toCheck = wanted.filter((day) => states.get(day) !== 'current');
  if (toCheck.length === 0) return;
  const d = ctx.dialect;
  const counts = await ctx.store.query(
    `select ${d.bucketStart('started_at', 'day')} as s_day, count(*) as visits from ${d.sessionsTable()} where ${startedIn(d, q.siteId, { from: toCheck[0], to: toCheck[toCheck.length - 1] + DAY })} group by s_day`,
  );
  const visitsOn = new Map(counts.map((r) => [num(r, 's_day'), num(r, 'visits')]));
  // Only a busy day may lag: a small site's today is refilled (cheaply) and always exact.
  const missing = toCheck.filter(
    (day) => states.get(day) === 'missing' || (visitsOn.get(day) ?? 0) <= lagFrom,
  );
  // One fill per run of days refills every group's keys (one transaction; the others' rows come
  // out the same, and a site's first view fills everything at once).
  for (const run of runsOf(missing, (day) => visitsOn.get(day) ?? 0))
    await store.fill(q.siteId, keys, { ...run, filledAt: q.now }, async (read) => {
      const selects = [];
      for (const group of groups) selects.push(await group.sql(run, read));
      return selects.map((sql) => `(${sql})`).join(' union all ');
    });
}

/** `expr` in one of the runs of consecutive days among `days`, as ranges (cheaper to plan than a long IN list). */
function inDays(d: Dialect, expr: string, days: number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const day of sorted) {
    const last = runs[runs.length - 1];
    if (last && last[1] + DAY === day) last[1] = day;
    else runs.push([day, day]);
  }
  return `(${runs.map(([a, b]) => `${expr} between ${d.int(a)} and ${d.int(b)}`).join(' or ')})`;
}

/**
 * The stored partials whose key starts with `prefix` ('v:' visits, 'e:' events) for the start
 * days `days` (current after `ensurePartials`), as a table expression with ROLLUP_COLUMNS. Keys of
 * goals deleted since may come along; the readers pick the keys they know.
 */
export function storedPartials(ctx: ReportContext, prefix: 'v:' | 'e:', days: number[]): string {
  const store = ctx.store.rollups;
  if (!store) throw new Error('this event store keeps no rollups');
  const d = ctx.dialect;
  if (days.length === 0) return NO_ROWS;
  return `select ${ROLLUP_COLUMNS.map(([name]) => name).join(', ')} from ${store.table} where site_id = ${d.string(ctx.query.siteId)} and starts_with(key, ${d.string(prefix)}) and ${inDays(d, 's_day', days)}`;
}

/** Start days before the period of visits that still had events in it (their events count by event time). */
export async function carriedStartDays(ctx: ReportContext, range: TimeRange): Promise<number[]> {
  const { dialect: d, query: q } = ctx;
  const rows = await ctx.store.query(
    `select distinct ${d.bucketStart('started_at', 'day')} as s_day from ${d.sessionsTable()} where site_id = ${d.string(q.siteId)} and started_at < ${d.int(range.from)} and ended_at >= ${d.int(range.from)}`,
  );
  return rows.map((r) => num(r, 's_day'));
}
