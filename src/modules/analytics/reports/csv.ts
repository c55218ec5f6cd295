import type { ReportName } from '../../../shared/contracts/analytics-reports';
import { isBreakdown } from './breakdown';

type Cell = string | number;

/**
 * One CSV cell. Text a spreadsheet would run as a formula (= + - @, tab, CR first) gets a leading
 * single quote; cells with a comma, quote or line break are quoted with quotes doubled (RFC 4180).
 */
export function csvCell(value: Cell): string {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  return `${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

// biome-ignore lint/suspicious/noExplicitAny: each report's JSON shape is checked by its contract schema.
type Json = any;

const METRICS = [
  'visitors',
  'visits',
  'pageviews',
  'views_per_visit',
  'bounce_rate',
  'visit_duration_s',
  'engagement_time_s',
];
const metricCells = (m: Json): Cell[] => [
  m.visitors,
  m.visits,
  m.pageviews,
  m.viewsPerVisit,
  m.bounceRate,
  m.visitDuration,
  m.engagementTime,
];
const BREAKDOWN_METRICS = [
  'visitors',
  'visits',
  'pageviews',
  'bounce_rate',
  'visit_duration_s',
  'share_percent',
];
const breakdownCells = (r: Json): Cell[] => [
  r.value,
  r.visitors,
  r.visits,
  r.pageviews,
  r.bounceRate,
  r.visitDuration,
  r.share,
];

function tableOf(report: ReportName, data: Json): { header: string[]; rows: Cell[][] } {
  if (isBreakdown(report)) {
    return { header: [data.dimension, ...BREAKDOWN_METRICS], rows: data.rows.map(breakdownCells) };
  }
  switch (report) {
    case 'summary': {
      const rows: Cell[][] = [['current', data.range.from, data.range.to, ...metricCells(data.metrics)]];
      if (data.comparison)
        rows.push([
          'previous',
          data.comparison.range.from,
          data.comparison.range.to,
          ...metricCells(data.comparison.metrics),
        ]);
      return { header: ['period', 'from', 'to', ...METRICS], rows };
    }
    case 'timeseries': {
      const point = (series: string, p: Json): Cell[] => [
        series,
        p.date,
        p.visitors,
        p.visits,
        p.pageviews,
        p.bounceRate,
        p.visitDuration,
      ];
      return {
        header: ['period', 'date', 'visitors', 'visits', 'pageviews', 'bounce_rate', 'visit_duration_s'],
        rows: [
          ...data.points.map((p: Json) => point('current', p)),
          ...(data.comparison ?? []).map((p: Json) => point('previous', p)),
        ],
      };
    }
    case 'frequency':
      return {
        header: ['visits_per_visitor', 'visitors', 'share_percent'],
        rows: data.buckets.map((b: Json) => [b.visits, b.visitors, b.share]),
      };
    case 'goals':
      return {
        header: ['goal', 'kind', 'match', 'visitors', 'conversions', 'conversion_rate', 'revenue'],
        rows: data.rows.map((g: Json) => [
          g.name,
          g.kind,
          g.match,
          g.visitors,
          g.conversions,
          g.conversionRate,
          g.revenue.map((r: Json) => `${r.amount.toFixed(2)} ${r.currency}`).join('; '),
        ]),
      };
    case 'props':
      return {
        header: [data.property ?? 'property', 'visitors', 'events', 'share_percent', 'revenue'],
        rows: data.rows.map((r: Json) => [
          r.value,
          r.visitors,
          r.events,
          r.share,
          r.revenue.map((x: Json) => `${x.amount.toFixed(2)} ${x.currency}`).join('; '),
        ]),
      };
    case 'funnel':
      return {
        header: ['step', 'kind', 'match', 'visitors', 'conversion_rate', 'dropoff'],
        rows: data.steps.map((s: Json, i: number) => [
          i + 1,
          s.kind,
          s.match,
          s.visitors,
          s.conversionRate,
          s.dropoff,
        ]),
      };
    case 'realtime':
      return {
        header: ['section', 'value', 'visitors_or_pageviews'],
        rows: [
          ['visitors', '', data.visitors],
          ...data.pageviewsPerMinute.map((n: number, i: number) => [
            'pageviews_per_minute',
            String(i - 29),
            n,
          ]),
          ...data.pages.map((r: Json) => ['page', r.value, r.visitors]),
          ...data.sources.map((r: Json) => ['source', r.value, r.visitors]),
        ],
      };
    case 'dashboard': {
      // One long table: every widget's rows, tagged with the widget.
      const rows: Cell[][] = [];
      const m = (widget: string, label: string, metrics: Record<string, number>) => {
        for (const [metric, value] of Object.entries(metrics)) rows.push([widget, label, metric, value]);
      };
      m('summary', 'current', data.summary.metrics);
      if (data.summary.comparison) m('summary', 'previous', data.summary.comparison.metrics);
      for (const p of data.timeseries.points)
        m('timeseries', p.date, { visitors: p.visitors, visits: p.visits, pageviews: p.pageviews });
      for (const key of [
        'channels',
        'sources',
        'pages',
        'entryPages',
        'exitPages',
        'countries',
        'devices',
        'browsers',
        'os',
      ]) {
        for (const r of data[key].rows)
          m(key, r.value, { visitors: r.visitors, visits: r.visits, pageviews: r.pageviews });
      }
      for (const g of data.goals.rows)
        m('goals', g.name, { visitors: g.visitors, conversions: g.conversions });
      return { header: ['widget', 'row', 'metric', 'value'], rows };
    }
  }
  throw new Error(`no CSV layout for report ${report}`);
}

/** The CSV export of a report's JSON response: a header row, then one line per row of the report. */
export const reportCsv = (report: ReportName, data: Json) => {
  const { header, rows } = tableOf(report, data);
  return toCsv(header, rows);
};
