import { z } from 'zod';
import { AppError } from '../../../platform/http/errors';
import {
  FILTER_DIMENSIONS,
  type FilterDimension,
  filterSchema,
  type PropDimension,
  type StatsQuery as StatsQueryParams,
} from '../../../shared/contracts/analytics-reports';
import type { Interval } from './dialect';

const DAY = 86_400_000;
const MAX_DAYS = 5 * 366;

/** A half-open UTC time range `[from, to)` in ms, with the calendar days it covers for display. */
export interface TimeRange {
  from: number;
  to: number;
  /** First and last day covered, `YYYY-MM-DD`. */
  fromDay: string;
  toDay: string;
}

export interface Filter {
  op: 'is' | 'is_not' | 'contains';
  dimension: FilterDimension | PropDimension;
  values: string[];
}

/** A report request after validation: everything a report compiler needs, nothing it must re-check. */
export interface StatsQuery {
  siteId: string;
  period: StatsQueryParams['period'];
  range: TimeRange;
  interval: Interval;
  filters: Filter[];
  /** The previous period of the same length, when asked for. */
  comparison: TimeRange | null;
  limit: number;
  offset: number;
  funnelId: string | null;
  /** For `props`: the property key asked for, or null for the default (the key most visitors have). */
  property: string | null;
  /** The clock the range was resolved against (realtime uses it). */
  now: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (id: string) => UUID.test(id);

const bad = (field: string, message: string) =>
  new AppError(400, 'validation_failed', `${field}: ${message}`, field);

export const dayString = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function parseDay(value: string, field: string): number {
  const ms = Date.parse(`${value}T00:00:00Z`);
  if (Number.isNaN(ms) || dayString(ms) !== value) throw bad(field, `'${value}' is not a calendar date`);
  return ms;
}

const startOfMonth = (ms: number) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};
const addMonths = (ms: number, n: number) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, d.getUTCDate());
};

const rangeOf = (from: number, to: number): TimeRange => ({
  from,
  to,
  fromDay: dayString(from),
  toDay: dayString(to - 1),
});

function resolveRange(params: StatsQueryParams, now: number): TimeRange {
  if (params.period === 'realtime') return rangeOf(now - 30 * 60_000, now);
  if (params.period === 'custom') {
    if (!params.from) throw bad('from', 'is required for the custom period');
    if (!params.to) throw bad('to', 'is required for the custom period');
    const from = parseDay(params.from, 'from');
    const to = parseDay(params.to, 'to') + DAY;
    if (to <= from) throw bad('to', 'must not be before from');
    if (to - from > MAX_DAYS * DAY) throw bad('to', `the period may span at most ${MAX_DAYS} days`);
    return rangeOf(from, to);
  }
  const last = params.date ? parseDay(params.date, 'date') : Math.floor(now / DAY) * DAY;
  switch (params.period) {
    case 'day':
      return rangeOf(last, last + DAY);
    case '7d':
      return rangeOf(last - 6 * DAY, last + DAY);
    case '30d':
      return rangeOf(last - 29 * DAY, last + DAY);
    case 'month':
      return rangeOf(startOfMonth(last), addMonths(startOfMonth(last), 1));
    case '6mo':
      return rangeOf(addMonths(startOfMonth(last), -5), addMonths(startOfMonth(last), 1));
    case '12mo':
      return rangeOf(addMonths(startOfMonth(last), -11), addMonths(startOfMonth(last), 1));
  }
}

function defaultInterval(period: StatsQueryParams['period'], range: TimeRange): Interval {
  if (period === 'realtime' || period === 'day') return 'hour';
  if (period === '6mo' || period === '12mo') return 'month';
  const days = (range.to - range.from) / DAY;
  if (days <= 2) return 'hour';
  return days <= 92 ? 'day' : 'month';
}

const filtersSchema = z.array(filterSchema).max(20, 'at most 20 filters');

/** Parses the `filters` query parameter (URL-decoded JSON) into typed filters; 400 names the part at fault. */
export function parseFilters(raw: string | undefined): Filter[] {
  if (raw === undefined || raw.trim() === '') return [];
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw bad('filters', 'is not valid JSON; send e.g. [["is","country",["DE"]]]');
  }
  const parsed = filtersSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = ['filters', ...issue.path.map(String)].join('.');
    const hint =
      issue.path.length === 2 && issue.path[1] === 1
        ? ` (one of ${FILTER_DIMENSIONS.join(', ')}, or prop:<key>)`
        : '';
    throw new AppError(400, 'validation_failed', `${where}: ${issue.message}${hint}`, 'filters');
  }
  return parsed.data.map(([op, dimension, values]) => ({ op, dimension, values }));
}

/** Turns the validated query string of a report request into the typed query the compilers take. */
export function buildStatsQuery(siteId: string, params: StatsQueryParams, now = Date.now()): StatsQuery {
  if (!isUuid(siteId)) throw new AppError(404, 'not_found', 'Site not found.');
  const range = resolveRange(params, now);
  const interval = params.interval ?? defaultInterval(params.period, range);
  const buckets = (range.to - range.from) / (interval === 'hour' ? DAY / 24 : DAY);
  if (interval === 'hour' && buckets > 24 * 93)
    throw bad('interval', 'hourly points are available for periods of up to 93 days');
  const length = range.to - range.from;
  const comparison =
    params.compare === 'previous_period' && params.period !== 'realtime'
      ? rangeOf(range.from - length, range.from)
      : null;
  if (params.funnel !== undefined && !isUuid(params.funnel)) throw bad('funnel', 'must be a funnel id');
  return {
    siteId,
    period: params.period,
    range,
    interval,
    filters: parseFilters(params.filters),
    comparison,
    limit: params.limit,
    offset: (params.page - 1) * params.limit,
    funnelId: params.funnel ?? null,
    property: params.property ?? null,
    now,
  };
}
