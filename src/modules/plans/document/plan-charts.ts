import type {
  CustomSeriesOption,
  CustomSeriesRenderItemAPI,
  CustomSeriesRenderItemParams,
  EChartsOption,
  GraphicComponentOption,
} from 'echarts';
import { BarChart, CustomChart, ScatterChart } from 'echarts/charts';
import { GraphicComponent, GridComponent, LegendComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

// Only what the three document charts draw, so loading the module stays cheap for the server.
use([BarChart, CustomChart, ScatterChart, GraphicComponent, GridComponent, LegendComponent, SVGRenderer]);

/** One chart as a standalone SVG document, sized in CSS pixels (A4 text width is about 660 px). */
export interface ChartSvg {
  id: string;
  svg: string;
  width: number;
  height: number;
}

// Latin fonts first (Arial's metrics everywhere), then CJK fonts, so both scripts get a real face.
export const CHART_FONT_STACK =
  "'Liberation Sans', Arial, 'Helvetica Neue', 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";

export const CHART_COLORS = {
  text: '#1f2933',
  muted: '#5f6b7a',
  grid: '#e3e8ef',
  band: '#f4f7fa',
  milestone: '#c2410c',
} as const;

const WIDTH = 660;

const escapeXml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/**
 * Renders an option to SVG and makes the output stable and print-friendly: zrender numbers its instances
 * globally (zr0, zr1, ...) so ids are replaced by the chart's own, and hover-only CSS and metadata go.
 * echarts escapes every text it writes, so user text cannot break out of the SVG (a test checks it).
 */
function renderSvg(
  id: string,
  title: string,
  option: EChartsOption,
  width: number,
  height: number,
): ChartSvg {
  const chart = init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: CHART_FONT_STACK }, ...option });
    const raw = chart.renderToSVGString({ useViewBox: true });
    const svg = raw
      .replace(/<style\b[^>]*>[\s\S]*?<\/style>/g, '')
      .replace(/ class="zr\d+-cls-\d+"/g, '')
      .replace(/ ecmeta_[a-z_]+="[^"]*"/g, '')
      .replace(/ pointer-events="visible"/g, '')
      .replace(/zr\d+-/g, `${id}-`)
      .replace(/^<svg /, `<svg role="img" aria-label="${escapeXml(title)}" `)
      .replace(/\n+/g, '\n');
    return { id, svg, width, height };
  } finally {
    chart.dispose();
  }
}

/** Axis numbers short enough for a narrow axis: 12,500 -> 12.5k, 2,000,000 -> 2M. */
export function compactNumber(value: number): string {
  const abs = Math.abs(value);
  const fmt = (v: number, suffix: string) => `${Number(v.toFixed(v < 10 ? 1 : 0))}${suffix}`;
  if (abs >= 1e9) return fmt(value / 1e9, 'B');
  if (abs >= 1e6) return fmt(value / 1e6, 'M');
  if (abs >= 1e4) return fmt(value / 1e3, 'k');
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(value);
}

// ---------------------------------------------------------------------------------------------
// Budget: planned amount per month, stacked by category
// ---------------------------------------------------------------------------------------------

export interface StackedBarInput {
  id: string;
  title: string;
  /** Category axis labels, already localised (e.g. months). */
  labels: string[];
  series: { name: string; color: string; values: number[] }[];
  /** Name of the value axis, e.g. the currency code. */
  valueAxisName: string;
}

export function stackedBarChart(input: StackedBarInput): ChartSvg {
  const height = 300;
  const series = input.series.filter((s) => s.values.some((v) => v !== 0));
  const rotate = input.labels.length > 12 ? 45 : 0;
  return renderSvg(
    input.id,
    input.title,
    {
      color: series.map((s) => s.color),
      legend: {
        bottom: 0,
        left: 'center',
        itemWidth: 12,
        itemHeight: 10,
        textStyle: { color: CHART_COLORS.text, fontSize: 11 },
      },
      grid: { left: 56, right: 16, top: 28, bottom: rotate ? 72 : 52 },
      xAxis: {
        type: 'category',
        data: input.labels,
        axisTick: { alignWithLabel: true },
        axisLine: { lineStyle: { color: '#9aa5b1' } },
        axisLabel: { color: CHART_COLORS.muted, fontSize: 10, interval: 0, rotate },
      },
      yAxis: {
        type: 'value',
        name: input.valueAxisName,
        nameTextStyle: { color: CHART_COLORS.muted, fontSize: 10, align: 'right' },
        splitLine: { lineStyle: { color: CHART_COLORS.grid } },
        axisLabel: { color: CHART_COLORS.muted, fontSize: 10, formatter: (v: number) => compactNumber(v) },
      },
      series: series.map((s) => ({
        type: 'bar',
        name: s.name,
        stack: 'total',
        barMaxWidth: 34,
        data: s.values,
      })),
    },
    WIDTH,
    height,
  );
}

// ---------------------------------------------------------------------------------------------
// Gantt: task bars by stage on a month grid, milestones as diamonds on their own rows
// ---------------------------------------------------------------------------------------------

export interface GanttChartInput {
  id: string;
  title: string;
  /** Day 0 of the chart and its width in days. */
  totalDays: number;
  /** Month columns: first day offset, length in days, label; `year` marks where a year label goes. */
  months: { offset: number; days: number; label: string; year?: string }[];
  groups: { name: string; color: string }[];
  rows: (
    | { kind: 'task'; label: string; group: number; startOffset: number; durationDays: number; done: boolean }
    | { kind: 'milestone'; label: string; offset: number; dateLabel: string }
  )[];
  milestoneLegend: string;
}

const GANTT = { left: 190, right: 20, top: 46, rowHeight: 21, bottom: 40 } as const;

export function ganttChart(input: GanttChartInput): ChartSvg {
  const rows = input.rows;
  const plotHeight = Math.max(rows.length, 1) * GANTT.rowHeight;
  const height = GANTT.top + plotHeight + GANTT.bottom;
  const plotWidth = WIDTH - GANTT.left - GANTT.right;
  const x = (day: number) =>
    GANTT.left + (Math.max(0, Math.min(day, input.totalDays)) / input.totalDays) * plotWidth;
  // Crowded month labels would overlap; then only every second or third month is named.
  const pxPerMonth = plotWidth / Math.max(input.months.length, 1);
  const labelEvery = pxPerMonth >= 30 ? 1 : pxPerMonth >= 15 ? 2 : 3;

  const graphics: GraphicComponentOption[] = [];
  input.months.forEach((month, i) => {
    const x0 = x(month.offset);
    const x1 = x(month.offset + month.days);
    graphics.push({
      type: 'rect',
      silent: true,
      z: -10,
      shape: { x: x0, y: GANTT.top, width: x1 - x0, height: plotHeight },
      style: { fill: i % 2 === 0 ? CHART_COLORS.band : '#ffffff', stroke: CHART_COLORS.grid, lineWidth: 0.5 },
    });
    if (i % labelEvery === 0) {
      graphics.push({
        type: 'text',
        silent: true,
        x: (x0 + x1) / 2,
        y: GANTT.top - 6,
        style: {
          text: month.label,
          fill: CHART_COLORS.muted,
          fontSize: 10,
          fontFamily: CHART_FONT_STACK,
          align: 'center',
          verticalAlign: 'bottom',
        },
      });
    }
    if (month.year) {
      graphics.push({
        type: 'text',
        silent: true,
        x: x0 + 1,
        y: GANTT.top - 22,
        style: {
          text: month.year,
          fill: CHART_COLORS.text,
          fontSize: 10,
          fontWeight: 'bold',
          fontFamily: CHART_FONT_STACK,
          align: 'left',
          verticalAlign: 'bottom',
        },
      });
    }
  });

  const renderTask = (params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI) => {
    const row = api.value(0) as number;
    const start = api.value(1) as number;
    const end = api.value(2) as number;
    const done = api.value(3) === 1;
    const [x0, yMid] = api.coord([Math.max(0, start), row]);
    const [x1] = api.coord([Math.min(end, input.totalDays), row]);
    const barHeight = GANTT.rowHeight * 0.56;
    const color = input.groups[params.seriesIndex]?.color ?? '#1d4e89';
    return {
      type: 'rect' as const,
      shape: { x: x0, y: yMid - barHeight / 2, width: Math.max(x1 - x0, 2), height: barHeight, r: 2 },
      style: { fill: color, opacity: done ? 0.45 : 1 },
    };
  };

  const taskSeries: CustomSeriesOption[] = input.groups.map((group, groupIndex) => ({
    type: 'custom',
    name: group.name,
    renderItem: renderTask,
    encode: { x: [1, 2], y: 0 },
    clip: false,
    data: rows.flatMap((row, index) =>
      row.kind === 'task' && row.group === groupIndex
        ? [[index, row.startOffset, row.startOffset + row.durationDays, row.done ? 1 : 0]]
        : [],
    ),
  }));

  // A milestone near the right edge gets its date on the left, where there is room.
  const milestoneData = rows.flatMap((row, index) =>
    row.kind === 'milestone'
      ? [
          {
            value: [row.offset, index],
            dateLabel: row.dateLabel,
            label: { position: row.offset > input.totalDays * 0.8 ? ('left' as const) : ('right' as const) },
          },
        ]
      : [],
  );

  return renderSvg(
    input.id,
    input.title,
    {
      color: [...input.groups.map((g) => g.color), CHART_COLORS.milestone],
      graphic: graphics,
      legend: {
        bottom: 4,
        left: 'center',
        itemWidth: 12,
        itemHeight: 10,
        textStyle: { color: CHART_COLORS.text, fontSize: 11 },
        data: [
          ...input.groups.map((g) => ({ name: g.name, icon: 'roundRect', itemStyle: { color: g.color } })),
          ...(milestoneData.length ? [{ name: input.milestoneLegend, icon: 'diamond' }] : []),
        ],
      },
      grid: { left: GANTT.left, right: GANTT.right, top: GANTT.top, height: plotHeight },
      xAxis: { type: 'value', min: 0, max: input.totalDays, show: false },
      yAxis: {
        type: 'category',
        inverse: true,
        data: rows.map((row) => row.label),
        axisTick: { show: false },
        axisLine: { show: false },
        axisLabel: {
          color: CHART_COLORS.text,
          fontSize: 10,
          width: GANTT.left - 14,
          overflow: 'truncate',
          ellipsis: '…',
        },
      },
      series: [
        ...taskSeries,
        {
          type: 'scatter',
          name: input.milestoneLegend,
          symbol: 'diamond',
          symbolSize: 11,
          itemStyle: { color: CHART_COLORS.milestone },
          label: {
            show: true,
            position: 'right',
            color: CHART_COLORS.muted,
            fontSize: 9,
            formatter: (p: { data: unknown }) => (p.data as { dateLabel: string }).dateLabel,
          },
          data: milestoneData,
        },
      ],
    },
    WIDTH,
    height,
  );
}

// ---------------------------------------------------------------------------------------------
// KPI targets: baseline against target, each goal on its own scale (share of its target)
// ---------------------------------------------------------------------------------------------

export interface KpiChartInput {
  id: string;
  title: string;
  items: {
    label: string;
    baseline: number | null;
    target: number;
    baselineText: string;
    targetText: string;
  }[];
  baselineName: string;
  targetName: string;
  axisName: string;
}

export function kpiChart(input: KpiChartInput): ChartSvg {
  const rowHeight = 40;
  const height = 16 + input.items.length * rowHeight + 62;
  // Goals have different units, so each is shown as a share of its own target; labels carry the real figures.
  const share = (value: number | null, target: number) =>
    value === null || target === 0 ? null : Math.round((value / target) * 1000) / 10;
  const max = Math.max(100, ...input.items.map((item) => share(item.baseline, item.target) ?? 0));
  const label = (texts: string[], inside: boolean) => ({
    show: true,
    position: inside ? ('insideRight' as const) : ('right' as const),
    color: inside ? '#ffffff' : CHART_COLORS.text,
    fontSize: 9,
    formatter: (p: { dataIndex: number }) => texts[p.dataIndex],
  });
  return renderSvg(
    input.id,
    input.title,
    {
      color: ['#9fb3c8', '#1d4e89'],
      legend: {
        bottom: 0,
        left: 'center',
        itemWidth: 12,
        itemHeight: 10,
        textStyle: { color: CHART_COLORS.text, fontSize: 11 },
      },
      grid: { left: 160, right: 96, top: 16, bottom: 62 },
      xAxis: {
        type: 'value',
        min: 0,
        max: Math.ceil(max / 25) * 25,
        name: input.axisName,
        nameLocation: 'middle',
        nameGap: 22,
        nameTextStyle: { color: CHART_COLORS.muted, fontSize: 10 },
        splitLine: { lineStyle: { color: CHART_COLORS.grid } },
        axisLabel: { color: CHART_COLORS.muted, fontSize: 10, formatter: '{value}%' },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: input.items.map((item) => item.label),
        axisTick: { show: false },
        axisLine: { lineStyle: { color: '#9aa5b1' } },
        axisLabel: {
          color: CHART_COLORS.text,
          fontSize: 10,
          width: 148,
          overflow: 'truncate',
          ellipsis: '…',
        },
      },
      series: [
        {
          type: 'bar',
          name: input.baselineName,
          barGap: '15%',
          barMaxWidth: 13,
          data: input.items.map((item) => share(item.baseline, item.target) ?? 0),
          label: label(
            input.items.map((item) => item.baselineText),
            false,
          ),
        },
        {
          type: 'bar',
          name: input.targetName,
          barMaxWidth: 13,
          data: input.items.map(() => 100),
          // Every target bar is full width, so its figure goes inside it and never runs off the chart.
          label: label(
            input.items.map((item) => item.targetText),
            true,
          ),
        },
      ],
    },
    WIDTH,
    height,
  );
}
