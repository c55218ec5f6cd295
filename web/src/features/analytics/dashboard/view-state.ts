import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import {
  FILTER_DIMENSIONS,
  PERIODS,
  PROP_PREFIX,
} from '../../../../../src/shared/contracts/analytics-reports';
import type { Period, StatsFilter, StatsParams } from '../../../api/analytics';

export const CHART_METRICS = ['visitors', 'visits', 'pageviews', 'bounceRate', 'visitDuration'] as const;
export type ChartMetric = (typeof CHART_METRICS)[number];

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

function parseFilters(raw: string | null): StatsFilter[] {
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (f): f is StatsFilter =>
        Array.isArray(f) &&
        f.length === 3 &&
        ['is', 'is_not', 'contains'].includes(f[0]) &&
        typeof f[1] === 'string' &&
        ((FILTER_DIMENSIONS as readonly string[]).includes(f[1]) ||
          (f[1].startsWith(PROP_PREFIX) && f[1].length > PROP_PREFIX.length)) &&
        Array.isArray(f[2]) &&
        f[2].length > 0 &&
        f[2].every((v: unknown) => typeof v === 'string'),
    );
  } catch {
    return [];
  }
}

export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * The dashboard's view (period, comparison, filters, chart metric) lives in the URL query, so a view
 * can be bookmarked or shared and the back button undoes a filter.
 */
export function useDashboardView() {
  const [search, setSearch] = useSearchParams();

  const params: StatsParams = useMemo(() => {
    const rawPeriod = search.get('period');
    const period: Period =
      rawPeriod && (PERIODS as readonly string[]).includes(rawPeriod) && rawPeriod !== 'realtime'
        ? (rawPeriod as Period)
        : '30d';
    const from = search.get('from') ?? undefined;
    const to = search.get('to') ?? undefined;
    const customOk = period === 'custom' && from && to && isoDay.test(from) && isoDay.test(to) && from <= to;
    return {
      period: period === 'custom' && !customOk ? '30d' : period,
      from: customOk ? from : undefined,
      to: customOk ? to : undefined,
      compare: search.get('compare') === 'previous_period',
      filters: parseFilters(search.get('filters')),
    };
  }, [search]);

  const rawMetric = search.get('metric');
  const metric: ChartMetric = (CHART_METRICS as readonly string[]).includes(rawMetric ?? '')
    ? (rawMetric as ChartMetric)
    : 'visitors';

  const update = useCallback(
    (change: (next: URLSearchParams) => void) => {
      setSearch(
        (current) => {
          const next = new URLSearchParams(current);
          change(next);
          return next;
        },
        { replace: false },
      );
    },
    [setSearch],
  );

  const setPeriod = useCallback(
    (period: Period, range?: { from: string; to: string }) =>
      update((next) => {
        next.set('period', period);
        next.delete('from');
        next.delete('to');
        if (period === 'custom' && range) {
          next.set('from', range.from);
          next.set('to', range.to);
        }
      }),
    [update],
  );

  const setCompare = useCallback(
    (compare: boolean) =>
      update((next) => {
        if (compare) next.set('compare', 'previous_period');
        else next.delete('compare');
      }),
    [update],
  );

  const setFilters = useCallback(
    (filters: StatsFilter[]) =>
      update((next) => {
        if (filters.length > 0) next.set('filters', JSON.stringify(filters));
        else next.delete('filters');
      }),
    [update],
  );

  /** Clicking a row: `dimension is value`, replacing an earlier filter on the same dimension. */
  const addFilter = useCallback(
    (dimension: StatsFilter[1], value: string) =>
      setFilters([...params.filters.filter((f) => f[1] !== dimension), ['is', dimension, [value]]]),
    [params.filters, setFilters],
  );

  const removeFilter = useCallback(
    (index: number) => setFilters(params.filters.filter((_, i) => i !== index)),
    [params.filters, setFilters],
  );

  const setMetric = useCallback(
    (value: ChartMetric) =>
      update((next) => {
        if (value === 'visitors') next.delete('metric');
        else next.set('metric', value);
      }),
    [update],
  );

  return { params, metric, setPeriod, setCompare, setFilters, addFilter, removeFilter, setMetric };
}

export type DashboardView = ReturnType<typeof useDashboardView>;
