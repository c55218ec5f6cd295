import { useComputedColorScheme } from '@mantine/core';
import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { type CSSProperties, useEffect, useRef } from 'react';

// Only the parts the plan charts use, so the bundle stays small.
echarts.use([BarChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);

export type EChartsOption = echarts.EChartsCoreOption;

export interface ChartColors {
  text: string;
  dimmed: string;
  grid: string;
  tooltipBackground: string;
}

/** Colours that read in both schemes; options are built from them so the chart follows the theme. */
export function chartColors(scheme: 'light' | 'dark'): ChartColors {
  return scheme === 'dark'
    ? { text: '#C9C9C9', dimmed: '#909296', grid: '#373A40', tooltipBackground: '#25262B' }
    : { text: '#212529', dimmed: '#868E96', grid: '#E9ECEF', tooltipBackground: '#FFFFFF' };
}

/** An ECharts canvas (SVG renderer) that resizes with its container and follows the colour scheme. */
export function EChart({
  option,
  height,
  label,
  testId,
  style,
}: {
  option: (colors: ChartColors) => EChartsOption;
  height: number;
  /** Accessible name of the chart; the data is also given as a table next to it. */
  label: string;
  testId?: string;
  style?: CSSProperties;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const scheme = useComputedColorScheme('light');

  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const instance = echarts.init(element, null, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option(chartColors(scheme)), true);
  }, [option, scheme]);

  return (
    <div
      ref={ref}
      role="img"
      aria-label={label}
      data-testid={testId}
      style={{ width: '100%', height, ...style }}
    />
  );
}
