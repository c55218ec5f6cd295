import { z } from 'zod';

/**
 * The analytics report API, shared by the server (src/modules/analytics/reports), the dashboard
 * (web/src/features/analytics) and the public dashboard link.
 *
 *   GET /api/workspaces/{workspaceId}/sites/{siteId}/stats/{report}      JSON
 *   GET /api/workspaces/{workspaceId}/sites/{siteId}/stats/{report}.csv  CSV of the same rows
 *   GET /api/public/{token}/stats/{report}[.csv]                         the same, read-only, by link
 *   GET /api/public/{token}/site                                         {name} of the shared site
 *
 * Every report takes `statsQuerySchema` as query string. Times are UTC.
 */

export const REPORTS = [
  'dashboard',
  'summary',
  'timeseries',
  'channels',
  'sources',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'pages',
  'entry_pages',
  'exit_pages',
  'countries',
  'devices',
  'browsers',
  'os',
  'frequency',
  'goals',
  'funnel',
  'realtime',
  'props',
] as const;
export type ReportName = (typeof REPORTS)[number];

/** Breakdown reports and the dimension each one groups by. */
export const BREAKDOWNS = {
  channels: 'channel',
  sources: 'referrer_host',
  utm_source: 'utm_source',
  utm_medium: 'utm_medium',
  utm_campaign: 'utm_campaign',
  utm_term: 'utm_term',
  utm_content: 'utm_content',
  pages: 'page',
  entry_pages: 'entry_page',
  exit_pages: 'exit_page',
  countries: 'country',
  devices: 'device',
  browsers: 'browser',
  os: 'os',
} as const satisfies Partial<Record<ReportName, string>>;

/** Dimensions a filter can name; `page` is any page viewed in the visit, `event` a custom event name. */
export const FILTER_DIMENSIONS = [
  'channel',
  'referrer_host',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'page',
  'entry_page',
  'exit_page',
  'country',
  'device',
  'browser',
  'os',
  'event',
  'hostname',
] as const;
export type FilterDimension = (typeof FILTER_DIMENSIONS)[number];
/**
 * A custom property as a filter dimension: `prop:<key>` keeps the visits that contain an event
 * carrying property `key` with such a value (`is_not`: contain none), like `page` and `event`.
 */
export type PropDimension = `prop:${string}`;
export const PROP_PREFIX = 'prop:';
export const propDimensionSchema = z
  .string()
  .regex(/^prop:[\s\S]{1,300}$/, "must be one of the dimensions or 'prop:<property key>'")
  .transform((v) => v as PropDimension);

/**
 * `is`/`is_not` compare exactly (any of the values); `contains` is a case-insensitive substring.
 * The empty string stands for "unknown" (no referrer, no country ...).
 */
export const filterSchema = z.tuple([
  z.enum(['is', 'is_not', 'contains']),
  z.union([z.enum(FILTER_DIMENSIONS), propDimensionSchema]),
  z.array(z.string().max(2048)).min(1).max(50),
]);
export type StatsFilter = z.infer<typeof filterSchema>;

export const PERIODS = ['realtime', 'day', '7d', '30d', 'month', '6mo', '12mo', 'custom'] as const;
export const INTERVALS = ['hour', 'day', 'week', 'month'] as const;

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

/** The query string of every report. `filters` is URL-encoded JSON: `[["is","country",["DE"]]]`. */
export const statsQuerySchema = z.object({
  period: z.enum(PERIODS).default('30d'),
  /** The last day of the period (default: today, UTC); for `custom`, `from` and `to` instead. */
  date: isoDay.optional(),
  from: isoDay.optional(),
  to: isoDay.optional(),
  interval: z.enum(INTERVALS).optional(),
  compare: z.enum(['previous_period', 'none']).default('none'),
  filters: z.string().max(20_000).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(10),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  /** For `funnel`: a saved funnel's id. */
  funnel: z.string().max(100).optional(),
  /** For `props`: the property key to break down (default: the key seen on the most visitors). */
  property: z.string().min(1).max(300).optional(),
});
export type StatsQuery = z.infer<typeof statsQuerySchema>;

export const summaryMetricsSchema = z.object({
  visitors: z.number(),
  visits: z.number(),
  pageviews: z.number(),
  viewsPerVisit: z.number(),
  /** Percent 0-100 of visits with one pageview and no other event. */
  bounceRate: z.number(),
  /** Mean visit length in seconds (last event minus first event of the visit). */
  visitDuration: z.number(),
  /** Mean visible time per visit in seconds, summed from the tracker's engagement events. */
  engagementTime: z.number(),
});
export type SummaryMetrics = z.infer<typeof summaryMetricsSchema>;

export const dateRangeSchema = z.object({ from: z.string(), to: z.string() });

export const summaryReportSchema = z
  .object({
    range: dateRangeSchema,
    metrics: summaryMetricsSchema,
    comparison: z.object({ range: dateRangeSchema, metrics: summaryMetricsSchema }).nullable(),
  })
  .meta({ id: 'SummaryReport' });

export const timeseriesPointSchema = z.object({
  /** Bucket start: `YYYY-MM-DD` for day/week/month, `YYYY-MM-DDTHH:00` for hour. */
  date: z.string(),
  visitors: z.number(),
  visits: z.number(),
  pageviews: z.number(),
  bounceRate: z.number(),
  visitDuration: z.number(),
});
export const timeseriesReportSchema = z
  .object({
    interval: z.enum(INTERVALS),
    points: z.array(timeseriesPointSchema),
    /** The previous period's points, aligned by position with `points`. */
    comparison: z.array(timeseriesPointSchema).nullable(),
  })
  .meta({ id: 'TimeseriesReport' });

export const breakdownRowSchema = z.object({
  /** The dimension's value; '' is unknown (Direct / none, unknown country ...). */
  value: z.string(),
  visitors: z.number(),
  visits: z.number(),
  /** Pageviews of the page for page reports, of the visits otherwise. */
  pageviews: z.number(),
  bounceRate: z.number(),
  visitDuration: z.number(),
  /** Percent of all visitors in the period (with the filters) that this row has. */
  share: z.number(),
  /**
   * `pages` only: the most recent non-empty page title sent with a pageview of the path in the
   * period ('' when none had one).
   */
  title: z.string().optional(),
});
export const breakdownReportSchema = z
  .object({
    dimension: z.string(),
    rows: z.array(breakdownRowSchema),
    /** Distinct values in total, for paging. */
    totalRows: z.number(),
  })
  .meta({ id: 'BreakdownReport' });

export const frequencyReportSchema = z
  .object({
    /** Visits per visitor in the period: '1', '2', '3-5', '6-10', '11+'. */
    buckets: z.array(z.object({ visits: z.string(), visitors: z.number(), share: z.number() })),
    newVisitors: z.number(),
    returningVisitors: z.number(),
  })
  .meta({ id: 'FrequencyReport' });

export const goalsReportSchema = z
  .object({
    rows: z.array(
      z.object({
        goalId: z.string(),
        name: z.string(),
        kind: z.enum(['page', 'event']),
        match: z.string(),
        visitors: z.number(),
        conversions: z.number(),
        /** Percent of the period's visitors who converted. */
        conversionRate: z.number(),
        /** Revenue per currency (custom events with revenue only). */
        revenue: z.array(z.object({ currency: z.string(), amount: z.number() })),
      }),
    ),
  })
  .meta({ id: 'GoalsReport' });

export const funnelReportSchema = z
  .object({
    funnelId: z.string(),
    name: z.string(),
    steps: z.array(
      z.object({
        kind: z.enum(['page', 'event']),
        match: z.string(),
        visitors: z.number(),
        /** Percent of step 1's visitors. */
        conversionRate: z.number(),
        /** Visitors lost since the previous step. */
        dropoff: z.number(),
      }),
    ),
  })
  .meta({ id: 'FunnelReport' });

export const realtimeReportSchema = z
  .object({
    /** Visitors with an event in the last 30 minutes. */
    visitors: z.number(),
    /** Pageviews per minute, oldest first, 30 entries. */
    pageviewsPerMinute: z.array(z.number()),
    pages: z.array(z.object({ value: z.string(), visitors: z.number() })),
    sources: z.array(z.object({ value: z.string(), visitors: z.number() })),
  })
  .meta({ id: 'RealtimeReport' });

/**
 * Custom properties of events (`marketloop('x', {props})`, Plausible `props`, Umami `data`).
 * `keys`: every property key seen in the period (with the filters), by visitors desc then key;
 * `rows`: the values of `property` (the query's, else the first key) over the events carrying it,
 * by visitors desc then value, with revenue per currency of those events.
 */
export const propsReportSchema = z
  .object({
    property: z.string().nullable(),
    keys: z.array(z.object({ key: z.string(), visitors: z.number(), events: z.number() })),
    rows: z.array(
      z.object({
        value: z.string(),
        visitors: z.number(),
        events: z.number(),
        /** Percent of the period's visitors (with the filters). */
        share: z.number(),
        revenue: z.array(z.object({ currency: z.string(), amount: z.number() })),
      }),
    ),
    /** Distinct values of `property`, for paging. */
    totalRows: z.number(),
  })
  .meta({ id: 'PropsReport' });
export type PropsReport = z.infer<typeof propsReportSchema>;

/** Every widget of the default dashboard in one round trip (the query benchmark times this). */
export const dashboardReportSchema = z
  .object({
    summary: summaryReportSchema,
    timeseries: timeseriesReportSchema,
    channels: breakdownReportSchema,
    sources: breakdownReportSchema,
    pages: breakdownReportSchema,
    entryPages: breakdownReportSchema,
    exitPages: breakdownReportSchema,
    countries: breakdownReportSchema,
    devices: breakdownReportSchema,
    browsers: breakdownReportSchema,
    os: breakdownReportSchema,
    goals: goalsReportSchema,
  })
  .meta({ id: 'DashboardReport' });

const matchSchema = z.string().trim().min(1, 'is required').max(500, 'must be at most 500 characters');

export const goalSchema = z
  .object({
    id: z.string(),
    siteId: z.string(),
    name: z.string(),
    kind: z.enum(['page', 'event']),
    match: z.string(),
  })
  .meta({ id: 'Goal' });
/** `page` matches the path exactly, or with `*` as a wildcard (`/blog/*`); `event` the custom event name. */
export const goalInputSchema = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
  kind: z.enum(['page', 'event']),
  match: matchSchema,
});

export const funnelStepSchema = z.strictObject({ kind: z.enum(['page', 'event']), match: matchSchema });
export const funnelSchema = z
  .object({ id: z.string(), siteId: z.string(), name: z.string(), steps: z.array(funnelStepSchema) })
  .meta({ id: 'Funnel' });
export const funnelInputSchema = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
  steps: z
    .array(funnelStepSchema)
    .min(2, 'a funnel needs 2 to 8 steps')
    .max(8, 'a funnel needs 2 to 8 steps'),
});

export const publicLinkSchema = z.object({ token: z.string(), url: z.string() }).meta({ id: 'PublicLink' });
