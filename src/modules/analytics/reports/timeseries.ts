import type { QueryRow } from '../../../platform/events/event-store';
import { type ReportContext, run, sessionConditions } from './compile';
import type { Interval } from './dialect';
import { mean, num, percent } from './metrics';
import type { TimeRange } from './query';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The start of the UTC bucket containing `ms`, computed in JS exactly as the dialects do in SQL. */
export function bucketOf(ms: number, interval: Interval): number {
  switch (interval) {
    case 'hour':
      return Math.floor(ms / HOUR) * HOUR;
    case 'day':
      return Math.floor(ms / DAY) * DAY;
    case 'week': {
      const day = Math.floor(ms / DAY) * DAY;
      const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday = 0
      return day - weekday * DAY;
    }
    case 'month': {
      const d = new Date(ms);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    }
  }
}

function nextBucket(ms: number, interval: Interval): number {
  if (interval === 'hour') return ms + HOUR;
  if (interval === 'day') return ms + DAY;
  if (interval === 'week') return ms + 7 * DAY;
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** Every bucket start of the range, so days without visits show as zeros rather than gaps. */
export function bucketsOf(range: TimeRange, interval: Interval): number[] {
  const out: number[] = [];
  for (let b = bucketOf(range.from, interval); b < range.to; b = nextBucket(b, interval)) out.push(b);
  return out;
}

export const bucketLabel = (ms: number, interval: Interval) =>
  interval === 'hour'
    ? `${new Date(ms).toISOString().slice(0, 13)}:00`
    : new Date(ms).toISOString().slice(0, 10);

/** Visit aggregates per bucket of visit start; `bucket` is the bucket start in ms. */
export function pointsSql(ctx: ReportContext, range: TimeRange) {
  const d = ctx.dialect;
  const interval = ctx.query.interval;
  return `select ${d.bucketStart('started_at', interval)} as bucket, ${d.distinctCount('visitor_id')} as visitors, count(*) as visits, sum(pageviews) as pageview_sum, ${d.countIf('events = 1')} as bounces, sum(ended_at - started_at) as duration_ms from ${d.sessionsTable()} where ${sessionConditions(ctx, range)} group by bucket order by bucket`;
}

/** Points for every bucket of the range from the rows of `pointsSql` (missing buckets are zeros). */
export function pointsOf(ctx: ReportContext, range: TimeRange, rows: QueryRow[]) {
  const interval = ctx.query.interval;
  const byBucket = new Map<number, QueryRow>(rows.map((r) => [num(r, 'bucket'), r]));
  return bucketsOf(range, interval).map((bucket) => {
    const row = byBucket.get(bucket);
    const visits = num(row, 'visits');
    return {
      date: bucketLabel(bucket, interval),
      visitors: num(row, 'visitors'),
      visits,
      pageviews: num(row, 'pageview_sum'),
      bounceRate: percent(num(row, 'bounces'), visits),
      visitDuration: mean(num(row, 'duration_ms') / 1000, visits),
    };
  });
}

/** Visit metrics per hour/day/week/month bucket of the visit's start (UTC), with the previous period aligned by position. */
const points = async (ctx: ReportContext, range: TimeRange) =>
  pointsOf(ctx, range, await run(ctx, pointsSql(ctx, range)));

export async function timeseriesReport(
  ctx: ReportContext,
  currentRows?: QueryRow[],
  previousRows?: QueryRow[],
) {
  const { range, comparison, interval } = ctx.query;
  const [current, previous] = await Promise.all([
    currentRows ? pointsOf(ctx, range, currentRows) : points(ctx, range),
    comparison ? (previousRows ? pointsOf(ctx, comparison, previousRows) : points(ctx, comparison)) : null,
  ]);
  return { interval, points: current, comparison: previous };
}
