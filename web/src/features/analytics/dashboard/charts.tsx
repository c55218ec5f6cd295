import { BarChart, FunnelChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimeseriesReport } from '../../../api/analytics';
import { type ChartColors, EChart, type EChartsOption } from '../../plans/charts/EChart';
import { escapeHtml, formatBucket } from '../format';
import { formatMetric } from './SummaryCards';
import type { ChartMetric } from './view-state';

// The plan charts register bars only; the dashboard adds lines and the funnel.
echarts.use([
  LineChart,
  BarChart,
  FunnelChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  AriaComponent,
  SVGRenderer,
]);

export type { ChartColors, EChartsOption };
export { EChart };

const PRIMARY = '#5C7CFA';

interface TooltipParam {
  seriesIndex: number;
  dataIndex: number;
  value: number;
  marker: string;
}

/** Visitors (or another metric) over the period; the previous period as a dashed line. */
export function TimeseriesChart({ report, metric }: { report: TimeseriesReport; metric: ChartMetric }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const signature = JSON.stringify(report);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `signature` stands for `report`
  const option = useCallback(
    (colors: ChartColors): EChartsOption => {
      const points = report.points;
      const comparison = report.comparison;
      const format = (v: number) => formatMetric(metric, v, t, locale);
      const label = (date: string) => formatBucket(date, report.interval, locale);
      const series: object[] = [
        {
          name: t('analytics.chart.current'),
          type: 'line',
          data: points.map((p) => p[metric]),
          showSymbol: points.length <= 31,
          symbolSize: 5,
          smooth: false,
          lineStyle: { width: 2, color: PRIMARY },
          itemStyle: { color: PRIMARY },
          areaStyle: { color: PRIMARY, opacity: 0.08 },
        },
      ];
      if (comparison) {
        series.push({
          name: t('analytics.chart.previous'),
          type: 'line',
          data: comparison.map((p) => p[metric]),
          showSymbol: false,
          lineStyle: { width: 1.5, type: 'dashed', color: colors.dimmed },
          itemStyle: { color: colors.dimmed },
        });
      }
      return {
        aria: { enabled: true },
        animation: false,
        tooltip: {
          trigger: 'axis',
          backgroundColor: colors.tooltipBackground,
          borderColor: colors.grid,
          textStyle: { color: colors.text },
          // ECharts renders this as HTML: every piece is escaped (dates come from the server, but stay safe).
          formatter: (raw: unknown) => {
            const list = (Array.isArray(raw) ? raw : [raw]) as TooltipParam[];
            return list
              .map((p) => {
                const source = p.seriesIndex === 0 ? points : (comparison ?? []);
                const bucket = source[p.dataIndex];
                if (!bucket) return '';
                return `${p.marker}${escapeHtml(label(bucket.date))}: <b>${escapeHtml(format(Number(p.value)))}</b>`;
              })
              .filter(Boolean)
              .join('<br/>');
          },
        },
        legend: comparison
          ? { top: 0, right: 0, textStyle: { color: colors.text }, itemWidth: 18, itemHeight: 8 }
          : undefined,
        grid: { left: 4, right: 12, top: comparison ? 32 : 12, bottom: 4, containLabel: true },
        xAxis: {
          type: 'category',
          boundaryGap: false,
          data: points.map((p) => label(p.date)),
          axisLabel: { color: colors.dimmed, hideOverlap: true },
          axisLine: { lineStyle: { color: colors.grid } },
          axisTick: { show: false },
        },
        yAxis: {
          type: 'value',
          minInterval: metric === 'bounceRate' || metric === 'visitDuration' ? undefined : 1,
          axisLabel: { color: colors.dimmed, formatter: (v: number) => format(v) },
          splitLine: { lineStyle: { color: colors.grid } },
        },
        series,
      };
    },
    [signature, metric, locale, t],
  );

  return (
    <EChart
      option={option}
      height={260}
      label={t('analytics.chart.label', { metric: t(`analytics.metrics.${metric}`) })}
      testId="timeseries-chart"
    />
  );
}

/** Pageviews per minute over the last 30 minutes. */
export function RealtimeChart({ perMinute }: { perMinute: number[] }) {
  const { t } = useTranslation();
  const signature = perMinute.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `signature` stands for `perMinute`
  const option = useCallback(
    (colors: ChartColors): EChartsOption => ({
      aria: { enabled: true },
      animation: false,
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        backgroundColor: colors.tooltipBackground,
        borderColor: colors.grid,
        textStyle: { color: colors.text },
        formatter: (raw: unknown) => {
          const p = (Array.isArray(raw) ? raw[0] : raw) as TooltipParam;
          const ago = perMinute.length - 1 - p.dataIndex;
          return escapeHtml(t('analytics.realtime.tooltip', { count: Number(p.value), ago }));
        },
      },
      grid: { left: 0, right: 0, top: 4, bottom: 0 },
      xAxis: { type: 'category', show: false, data: perMinute.map((_, i) => i) },
      yAxis: { type: 'value', show: false, minInterval: 1 },
      series: [
        {
          type: 'bar',
          data: perMinute,
          barCategoryGap: '20%',
          itemStyle: { color: PRIMARY, borderRadius: 2 },
        },
      ],
    }),
    [signature, t],
  );
  return (
    <EChart option={option} height={56} label={t('analytics.realtime.chartLabel')} testId="realtime-chart" />
  );
}
