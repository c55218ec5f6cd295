import type { EventStore, QueryRow } from '../../../platform/events/event-store';
import { type FilterDimension, PROP_PREFIX } from '../../../shared/contracts/analytics-reports';
import { type Dialect, wildcardToRegex } from './dialect';
import type { Filter, StatsQuery, TimeRange } from './query';

const DAY = 86_400_000;

/** What every report compiler receives: where to run, how to write SQL, what was asked. */
export interface ReportContext {
  store: EventStore;
  dialect: Dialect;
  query: StatsQuery;
  /** Rollups: how long, and from how many visits on, today's stored partials may lag behind writes (defaults in rollups.ts; tests set them). */
  rollupLag?: { maxMs: number; fromVisits: number };
}

export const run = (ctx: ReportContext, sql: string): Promise<QueryRow[]> => ctx.store.query(sql);

const isProp = (dimension: string) => dimension.startsWith(PROP_PREFIX);

/** Dimensions stored on both tables (events carry the visit's attribution, copied from its first event). */
const SHARED_COLUMNS: Partial<Record<FilterDimension, string>> = {
  channel: 'channel',
  referrer_host: 'referrer_host',
  utm_source: 'utm_source',
  utm_medium: 'utm_medium',
  utm_campaign: 'utm_campaign',
  utm_term: 'utm_term',
  utm_content: 'utm_content',
  country: 'country',
  device: 'device',
  browser: 'browser',
  os: 'os',
  hostname: 'hostname',
};
/** Dimensions only the sessions table has. */
const SESSION_ONLY_COLUMNS: Partial<Record<FilterDimension, string>> = {
  entry_page: 'entry_page',
  exit_page: 'exit_page',
};

/** The condition "expr matches the filter" (for `is_not`: matches one of the values, negated by the caller). */
function matches(d: Dialect, expr: string, filter: Filter): string {
  if (filter.op === 'contains') {
    return `(${filter.values.map((v) => d.containsIgnoreCase(expr, v)).join(' or ')})`;
  }
  if (filter.values.length === 1) return `${expr} = ${d.string(filter.values[0])}`;
  return `${expr} in (${filter.values.map((v) => d.string(v)).join(', ')})`;
}

const negate = (filter: Filter, cond: string) => (filter.op === 'is_not' ? `not (${cond})` : cond);

/** Visits (session ids) of the site with an event meeting `cond` from `range.from` on. */
function visitsWithEvent(d: Dialect, siteId: string, range: TimeRange, cond: string) {
  // A visit's events are never before it started; a day of slack after the period covers visits
  // that run past its end.
  return `select session_id from ${d.eventsTable()} where site_id = ${d.string(siteId)} and ts >= ${d.int(range.from)} and ts < ${d.int(range.to + DAY)} and ${cond}`;
}

/** Visits of the site meeting `cond` that started up to a day before `range`, for event-level filters. */
function visitsWhere(d: Dialect, siteId: string, range: TimeRange, cond: string) {
  return `select session_id from ${d.sessionsTable()} where site_id = ${d.string(siteId)} and started_at >= ${d.int(range.from - DAY)} and started_at < ${d.int(range.to)} and ${cond}`;
}

/** `page` and `event` filters: visits that contain such a page view / custom event (or none, for is_not). */
function containsCondition(d: Dialect, siteId: string, range: TimeRange, filter: Filter): string | null {
  if (filter.dimension === 'page') {
    const cond = `name = 'pageview' and ${matches(d, 'pathname', filter)}`;
    return negate(filter, d.inSubquery('session_id', visitsWithEvent(d, siteId, range, cond)));
  }
  if (isProp(filter.dimension)) {
    const key = filter.dimension.slice(PROP_PREFIX.length);
    const cond = `${d.arrayContains('props_keys', d.string(key))} and ${matches(d, d.propValue(key), filter)}`;
    return negate(filter, d.inSubquery('session_id', visitsWithEvent(d, siteId, range, cond)));
  }
  if (filter.dimension === 'event') {
    const cond = `name not in ('pageview', 'engagement') and ${matches(d, 'name', filter)}`;
    return negate(filter, d.inSubquery('session_id', visitsWithEvent(d, siteId, range, cond)));
  }
  return null;
}

/** The WHERE conditions selecting the visits of a period (by start time) that pass the filters. */
export function sessionConditions(ctx: ReportContext, range: TimeRange): string {
  const { dialect: d, query: q } = ctx;
  const conds = [
    `site_id = ${d.string(q.siteId)}`,
    `started_at >= ${d.int(range.from)}`,
    `started_at < ${d.int(range.to)}`,
  ];
  for (const filter of q.filters) {
    const dim = filter.dimension as FilterDimension;
    const column = isProp(dim) ? undefined : (SHARED_COLUMNS[dim] ?? SESSION_ONLY_COLUMNS[dim]);
    conds.push(
      column
        ? negate(filter, matches(d, column, filter))
        : (containsCondition(d, q.siteId, range, filter) as string),
    );
  }
  return conds.join(' and ');
}

/** The WHERE conditions selecting the events of a period (by event time) that pass the filters. */
export function eventConditions(ctx: ReportContext, range: TimeRange): string {
  const { dialect: d, query: q } = ctx;
  const conds = [`site_id = ${d.string(q.siteId)}`, `ts >= ${d.int(range.from)}`, `ts < ${d.int(range.to)}`];
  for (const filter of q.filters) {
    const dim = filter.dimension as FilterDimension;
    const shared = isProp(dim) ? undefined : SHARED_COLUMNS[dim];
    const sessionOnly = isProp(dim) ? undefined : SESSION_ONLY_COLUMNS[dim];
    if (shared) conds.push(negate(filter, matches(d, shared, filter)));
    else if (sessionOnly)
      conds.push(
        negate(
          filter,
          d.inSubquery('session_id', visitsWhere(d, q.siteId, range, matches(d, sessionOnly, filter))),
        ),
      );
    else conds.push(containsCondition(d, q.siteId, range, filter) as string);
  }
  return conds.join(' and ');
}

/** Condition for a goal or funnel step: a page path (exact, or `*` wildcards) or a custom event name. */
export function stepCondition(d: Dialect, step: { kind: 'page' | 'event'; match: string }): string {
  if (step.kind === 'event') return `name = ${d.string(step.match)}`;
  const path = step.match.includes('*')
    ? d.regexMatch('pathname', wildcardToRegex(step.match))
    : `pathname = ${d.string(step.match)}`;
  return `(name = 'pageview' and ${path})`;
}
