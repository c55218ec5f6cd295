import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { BudgetSummary } from '../../../../../src/modules/plans/budget';
import { formatMoney, formatMonth } from '../editor/util';
import { BUDGET_CATEGORIES, uiPlanLanguage, vocabLabel } from '../vocab';
import { type ChartColors, EChart, type EChartsOption } from './EChart';

export const CATEGORY_COLORS: Record<(typeof BUDGET_CATEGORIES)[number], string> = {
  personnel: '#5C7CFA',
  hardware: '#868E96',
  software: '#15AABF',
  advertising: '#FD7E14',
  other: '#BE4BDB',
};

/** Planned money per month, stacked by budget category. */
export function BudgetChart({ budget, currency }: { budget: BudgetSummary; currency: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const planLanguage = uiPlanLanguage(language);

  // Re-draw only when the figures change, not on every keystroke in a line's description.
  const signature = JSON.stringify([budget.byMonth, budget.byCategory]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `signature` stands for `budget`'s figures
  const option = useCallback(
    (colors: ChartColors): EChartsOption => {
      const categories = BUDGET_CATEGORIES.filter((c) => budget.byCategory[c] > 0);
      const compact = new Intl.NumberFormat(language, { notation: 'compact', maximumFractionDigits: 1 });
      return {
        aria: { enabled: true },
        animation: false,
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          backgroundColor: colors.tooltipBackground,
          borderColor: colors.grid,
          textStyle: { color: colors.text },
          valueFormatter: (value: unknown) => formatMoney(Number(value), currency, language),
        },
        legend: { top: 0, left: 0, textStyle: { color: colors.text }, itemWidth: 12, itemHeight: 10 },
        grid: { left: 4, right: 8, top: 44, bottom: 4, containLabel: true },
        xAxis: {
          type: 'category',
          data: budget.byMonth.map((m) => formatMonth(m.month, language)),
          axisLabel: { color: colors.dimmed, hideOverlap: true },
          axisLine: { lineStyle: { color: colors.grid } },
          axisTick: { show: false },
        },
        yAxis: {
          type: 'value',
          axisLabel: { color: colors.dimmed, formatter: (v: number) => compact.format(v) },
          splitLine: { lineStyle: { color: colors.grid } },
        },
        series: categories.map((category) => ({
          name: vocabLabel('budgetCategory', category, planLanguage),
          type: 'bar',
          stack: 'total',
          barMaxWidth: 36,
          itemStyle: { color: CATEGORY_COLORS[category] },
          emphasis: { focus: 'series' },
          data: budget.byMonth.map((m) => m.byCategory[category]),
        })),
      };
    },
    [signature, currency, language, planLanguage],
  );

  return <EChart option={option} height={300} label={t('plans.budget.chartLabel')} testId="budget-chart" />;
}
