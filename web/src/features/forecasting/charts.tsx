import { LineChart, ScatterChart } from 'echarts/charts';
import { MarkLineComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { AllocationObjectiveName, PlanAllocation } from '../../api/forecasting';
import { type ChartColors, EChart, type EChartsOption } from '../plans/charts/EChart';
import { formatMoney, formatNumber } from '../plans/editor/util';

// The plan charts register bars only; the forecast adds lines (curves, bands) and points.
echarts.use([LineChart, ScatterChart, MarkLineComponent]);

export const CURRENT_COLOR = '#868E96';
export const RECOMMENDED_COLOR = '#228BE6';
export const LARGER_COLOR = '#12B886';
const BAND_COLOR = 'rgba(34, 139, 230, 0.18)';

const MONEY: readonly AllocationObjectiveName[] = ['revenue', 'profit'];

export function useObjectiveFormat(objective: AllocationObjectiveName, currency: string) {
  const { i18n } = useTranslation();
  return useCallback(
    (value: number) =>
      MONEY.includes(objective)
        ? formatMoney(value, currency, i18n.language)
        : formatNumber(Math.round(value), i18n.language, 0),
    [objective, currency, i18n.language],
  );
}

function tooltip(colors: ChartColors) {
  return {
    backgroundColor: colors.tooltipBackground,
    borderColor: colors.grid,
    textStyle: { color: colors.text },
  };
}

function compact(language: string) {
  return new Intl.NumberFormat(language, { notation: 'compact', maximumFractionDigits: 1 });
}

/** One channel's steady-state response per month with its p10-p90 band and the two spend points. */
export function ResponseCurveChart({
  channel,
  objective,
  currency,
}: {
  channel: PlanAllocation['channels'][number];
  objective: AllocationObjectiveName;
  currency: string;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const format = useObjectiveFormat(objective, currency);
  const signature = JSON.stringify([channel.curve, channel.current.perMonth, channel.recommended.perMonth]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `signature` stands for the channel's figures
  const option = useCallback(
    (colors: ChartColors): EChartsOption => {
      const { spend, p10, p90, likely } = channel.curve;
      const short = compact(language);
      const points = (x: number, y: number) => [[x, y]];
      return {
        aria: { enabled: true },
        animation: false,
        tooltip: {
          trigger: 'axis',
          ...tooltip(colors),
          formatter: (params: unknown) => {
            const list = params as { seriesId: string; value: [number, number] }[];
            const at = list[0]?.value[0] ?? 0;
            const i = spend.findIndex((x) => x >= at - 1e-9);
            const k = i < 0 ? spend.length - 1 : i;
            return [
              `${t('forecast.curves.spendPerMonth')}: ${formatMoney(spend[k], currency, language)}`,
              `${t('forecast.curves.likely')}: ${format(likely[k])}`,
              `p10–p90: ${format(p10[k])} – ${format(p90[k])}`,
            ].join('<br/>');
          },
        },
        legend: {
          top: 0,
          left: 0,
          textStyle: { color: colors.text },
          itemWidth: 12,
          itemHeight: 10,
          data: [
            t('forecast.curves.likely'),
            t('forecast.curves.band'),
            t('forecast.current'),
            t('forecast.recommended'),
          ],
        },
        grid: { left: 4, right: 16, top: 52, bottom: 4, containLabel: true },
        xAxis: {
          type: 'value',
          min: 0,
          max: spend[spend.length - 1],
          name: t('forecast.curves.spendAxis', { currency }),
          nameLocation: 'middle',
          nameGap: 26,
          nameTextStyle: { color: colors.dimmed },
          axisLabel: { color: colors.dimmed, formatter: (v: number) => short.format(v), hideOverlap: true },
          axisLine: { lineStyle: { color: colors.grid } },
          splitLine: { show: false },
        },
        yAxis: {
          type: 'value',
          axisLabel: { color: colors.dimmed, formatter: (v: number) => short.format(v) },
          splitLine: { lineStyle: { color: colors.grid } },
        },
        series: [
          {
            id: 'p10',
            type: 'line',
            stack: 'band',
            symbol: 'none',
            lineStyle: { opacity: 0 },
            data: spend.map((x, i) => [x, p10[i]]),
            tooltip: { show: false },
            silent: true,
          },
          {
            id: 'band',
            name: t('forecast.curves.band'),
            type: 'line',
            stack: 'band',
            symbol: 'none',
            lineStyle: { opacity: 0 },
            itemStyle: { color: BAND_COLOR },
            areaStyle: { color: BAND_COLOR },
            data: spend.map((x, i) => [x, p90[i] - p10[i]]),
            silent: true,
          },
          {
            id: 'likely',
            name: t('forecast.curves.likely'),
            type: 'line',
            symbol: 'none',
            smooth: true,
            itemStyle: { color: RECOMMENDED_COLOR },
            lineStyle: { width: 2, color: RECOMMENDED_COLOR },
            data: spend.map((x, i) => [x, likely[i]]),
          },
          {
            id: 'current',
            name: t('forecast.current'),
            type: 'scatter',
            symbolSize: 12,
            itemStyle: { color: CURRENT_COLOR, borderColor: colors.tooltipBackground, borderWidth: 2 },
            data: points(channel.current.perMonth, channel.currentValue),
            z: 5,
          },
          {
            id: 'recommended',
            name: t('forecast.recommended'),
            type: 'scatter',
            symbol: 'diamond',
            symbolSize: 14,
            itemStyle: { color: LARGER_COLOR, borderColor: colors.tooltipBackground, borderWidth: 2 },
            data: points(channel.recommended.perMonth, channel.recommendedValue),
            z: 6,
          },
        ],
      };
    },
    [signature, language, currency, format, t],
  );
  return (
    <EChart
      option={option}
      height={280}
      label={t('forecast.curves.chartLabel', { channel: channel.label })}
      testId="forecast-curve-chart"
    />
  );
}

/** Spend per month on each channel: the plan's split next to the recommended one. */
export function AllocationChart({ allocation }: { allocation: PlanAllocation }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const signature = JSON.stringify(allocation.channels.map((c) => [c.channel, c.current, c.recommended]));
  // biome-ignore lint/correctness/useExhaustiveDependencies: `signature` stands for the allocation's figures
  const option = useCallback(
    (colors: ChartColors): EChartsOption => {
      const channels = [...allocation.channels].reverse();
      const short = compact(language);
      return {
        aria: { enabled: true },
        animation: false,
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          ...tooltip(colors),
          valueFormatter: (value: unknown) => formatMoney(Number(value), allocation.currency, language),
        },
        legend: { top: 0, left: 0, textStyle: { color: colors.text }, itemWidth: 12, itemHeight: 10 },
        grid: { left: 4, right: 16, top: 36, bottom: 4, containLabel: true },
        yAxis: {
          type: 'category',
          data: channels.map((c) => c.label),
          axisLabel: { color: colors.text, width: 120, overflow: 'truncate' },
          axisLine: { lineStyle: { color: colors.grid } },
          axisTick: { show: false },
        },
        xAxis: {
          type: 'value',
          axisLabel: { color: colors.dimmed, formatter: (v: number) => short.format(v), hideOverlap: true },
          splitLine: { lineStyle: { color: colors.grid } },
        },
        series: [
          {
            name: t('forecast.current'),
            type: 'bar',
            barMaxWidth: 14,
            itemStyle: { color: CURRENT_COLOR },
            data: channels.map((c) => c.current.perMonth),
          },
          {
            name: t('forecast.recommended'),
            type: 'bar',
            barMaxWidth: 14,
            itemStyle: { color: RECOMMENDED_COLOR },
            data: channels.map((c) => c.recommended.perMonth),
          },
        ],
      };
    },
    [signature, language, t],
  );
  return (
    <EChart
      option={option}
      height={Math.max(200, 48 + allocation.channels.length * 38)}
      label={t('forecast.allocation.chartLabel')}
      testId="forecast-allocation-chart"
    />
  );
}

/** The objective of each scenario as a p10-p90 band with its median marked. */
export function ScenarioChart({ allocation }: { allocation: PlanAllocation }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const format = useObjectiveFormat(allocation.objective, allocation.currency);
  const signature = JSON.stringify(allocation.scenarios);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `signature` stands for the scenarios' figures
  const option = useCallback(
    (colors: ChartColors): EChartsOption => {
      const scenarios = [...allocation.scenarios].reverse();
      const short = compact(language);
      const colorOf = { current: CURRENT_COLOR, recommended: RECOMMENDED_COLOR, larger_budget: LARGER_COLOR };
      const low = Math.min(0, ...scenarios.map((s) => s.objective.p10));
      return {
        aria: { enabled: true },
        animation: false,
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          ...tooltip(colors),
          formatter: (params: unknown) => {
            const index = (params as { dataIndex: number }[])[0]?.dataIndex ?? 0;
            const s = scenarios[index];
            return [
              `<b>${t(`forecast.scenarios.${s.id}`)}</b>`,
              `p10: ${format(s.objective.p10)}`,
              `p50: ${format(s.objective.p50)}`,
              `p90: ${format(s.objective.p90)}`,
            ].join('<br/>');
          },
        },
        grid: { left: 4, right: 16, top: 8, bottom: 4, containLabel: true },
        yAxis: {
          type: 'category',
          data: scenarios.map((s) => t(`forecast.scenarios.${s.id}`)),
          axisLabel: { color: colors.text, width: 110, overflow: 'truncate' },
          axisLine: { lineStyle: { color: colors.grid } },
          axisTick: { show: false },
        },
        xAxis: {
          type: 'value',
          min: low < 0 ? undefined : 0,
          axisLabel: { color: colors.dimmed, formatter: (v: number) => short.format(v), hideOverlap: true },
          splitLine: { lineStyle: { color: colors.grid } },
        },
        series: [
          {
            type: 'bar',
            stack: 'range',
            silent: true,
            itemStyle: { color: 'transparent' },
            data: scenarios.map((s) => s.objective.p10),
          },
          {
            type: 'bar',
            stack: 'range',
            barMaxWidth: 18,
            itemStyle: { borderRadius: 9 },
            data: scenarios.map((s) => ({
              value: s.objective.p90 - s.objective.p10,
              itemStyle: { color: colorOf[s.id], opacity: 0.35 },
            })),
          },
          {
            type: 'scatter',
            symbol: 'rect',
            symbolSize: [4, 22],
            data: scenarios.map((s) => ({ value: s.objective.p50, itemStyle: { color: colorOf[s.id] } })),
            z: 5,
          },
        ],
      };
    },
    [signature, language, format, t],
  );
  return (
    <EChart
      option={option}
      height={170}
      label={t('forecast.scenarios.chartLabel')}
      testId="forecast-scenario-chart"
    />
  );
}

/** A fitted history split into base and channels over time, with the actual outcome on top. */
export function DecompositionChart({
  decomposition,
}: {
  decomposition: {
    dates: string[];
    actual: number[];
    base: number[];
    channels: Record<string, number[]>;
    controls: Record<string, number[]>;
  };
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const signature = decomposition.dates.length + JSON.stringify(decomposition.actual.slice(0, 5));
  // biome-ignore lint/correctness/useExhaustiveDependencies: `signature` stands for the decomposition
  const option = useCallback(
    (colors: ChartColors): EChartsOption => {
      const short = compact(language);
      const palette = [
        '#228BE6',
        '#FD7E14',
        '#12B886',
        '#BE4BDB',
        '#FAB005',
        '#15AABF',
        '#E64980',
        '#82C91E',
        '#7950F2',
        '#FA5252',
      ];
      const controls = Object.entries(decomposition.controls);
      const channels = Object.entries(decomposition.channels);
      return {
        aria: { enabled: true },
        animation: false,
        tooltip: {
          trigger: 'axis',
          ...tooltip(colors),
          valueFormatter: (v: unknown) => short.format(Number(v)),
        },
        legend: {
          top: 0,
          left: 0,
          type: 'scroll',
          textStyle: { color: colors.text },
          itemWidth: 12,
          itemHeight: 10,
        },
        grid: { left: 4, right: 12, top: 40, bottom: 4, containLabel: true },
        xAxis: {
          type: 'category',
          data: decomposition.dates,
          axisLabel: { color: colors.dimmed, hideOverlap: true },
          axisLine: { lineStyle: { color: colors.grid } },
        },
        yAxis: {
          type: 'value',
          axisLabel: { color: colors.dimmed, formatter: (v: number) => short.format(v) },
          splitLine: { lineStyle: { color: colors.grid } },
        },
        series: [
          {
            name: t('forecast.calibration.base'),
            type: 'line',
            stack: 'parts',
            symbol: 'none',
            lineStyle: { width: 0 },
            itemStyle: { color: '#ADB5BD' },
            areaStyle: { color: '#ADB5BD', opacity: 0.6 },
            data: decomposition.base,
          },
          ...[...controls, ...channels].map(([name, values], i) => ({
            name,
            type: 'line' as const,
            stack: 'parts',
            symbol: 'none',
            lineStyle: { width: 0 },
            itemStyle: { color: palette[i % palette.length] },
            areaStyle: { color: palette[i % palette.length], opacity: 0.55 },
            data: values,
          })),
          {
            name: t('forecast.calibration.actual'),
            type: 'line',
            symbol: 'none',
            lineStyle: { width: 1.5, color: colors.text },
            itemStyle: { color: colors.text },
            data: decomposition.actual,
          },
        ],
      };
    },
    [signature, language, t],
  );
  return (
    <EChart
      option={option}
      height={260}
      label={t('forecast.calibration.decompositionLabel')}
      testId="calibration-decomposition"
    />
  );
}
