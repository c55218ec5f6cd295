import { Group, Paper, SimpleGrid, Skeleton, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDownRight, IconArrowUpRight } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { SummaryReport } from '../../../api/analytics';
import { formatCount, formatDuration, formatPercent } from '../format';
import { CHART_METRICS, type ChartMetric } from './view-state';

type MetricKey = keyof SummaryReport['metrics'];

const METRICS: MetricKey[] = [
  'visitors',
  'visits',
  'pageviews',
  'viewsPerVisit',
  'bounceRate',
  'visitDuration',
  'engagementTime',
];

export function formatMetric(metric: MetricKey, value: number, t: TFunction, locale: string): string {
  if (metric === 'bounceRate') return formatPercent(value, locale);
  if (metric === 'visitDuration' || metric === 'engagementTime') return formatDuration(value, t);
  if (metric === 'viewsPerVisit')
    return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);
  return formatCount(value, locale);
}

/** Change against the previous period: relative for amounts, percentage points for the bounce rate. */
function Change({ metric, now, before }: { metric: MetricKey; now: number; before: number }) {
  const { t, i18n } = useTranslation();
  const fmt = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  let text: string;
  let delta: number;
  if (metric === 'bounceRate') {
    delta = Math.round((now - before) * 10) / 10;
    text = t('analytics.change.points', { value: fmt.format(delta) });
  } else if (before === 0) {
    delta = now > 0 ? 1 : 0;
    text = now > 0 ? t('analytics.change.new') : '0%';
  } else {
    delta = Math.round(((now - before) / before) * 1000) / 10;
    text = `${fmt.format(delta)}%`;
  }
  // A higher bounce rate is worse; everything else is better when it grows.
  const good = metric === 'bounceRate' ? delta < 0 : delta > 0;
  const color = delta === 0 ? 'dimmed' : good ? 'teal' : 'red';
  const Icon = delta >= 0 ? IconArrowUpRight : IconArrowDownRight;
  return (
    <Group gap={2} wrap="nowrap" c={color} data-testid="metric-change">
      {delta !== 0 && <Icon size={14} aria-hidden />}
      <Text size="xs" c={color} className="ml-num" span>
        {text}
      </Text>
    </Group>
  );
}

export function SummaryCards({
  summary,
  loading,
  metric,
  onMetric,
}: {
  summary: SummaryReport | undefined;
  loading: boolean;
  metric: ChartMetric;
  onMetric: (metric: ChartMetric) => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 2, xs: 3, md: 4, lg: 7 }} spacing="sm" data-testid="summary-cards">
      {METRICS.map((key) => {
        const chartable = (CHART_METRICS as readonly string[]).includes(key);
        const selected = chartable && key === metric;
        const value = summary?.metrics[key];
        const previous = summary?.comparison?.metrics[key];
        const content = (
          <>
            <Text size="xs" c="dimmed" fw={600} tt="uppercase" lh={1.3} style={{ letterSpacing: '0.03em' }}>
              {t(`analytics.metrics.${key}`)}
            </Text>
            {loading || value === undefined ? (
              <Skeleton h={28} mt={6} w="70%" />
            ) : (
              <Text
                fz={24}
                fw={650}
                className="ml-num"
                mt={2}
                data-testid={`metric-${key}`}
                data-value={value}
              >
                {formatMetric(key, value, t, i18n.language)}
              </Text>
            )}
            {!loading && value !== undefined && previous !== undefined && (
              <Group gap={4} wrap="nowrap">
                <Change metric={key} now={value} before={previous} />
              </Group>
            )}
          </>
        );
        return (
          <Paper
            key={key}
            withBorder
            p="sm"
            className="ml-metric-card"
            data-selected={selected || undefined}
            data-testid={`summary-${key}`}
          >
            {chartable ? (
              <UnstyledButton
                onClick={() => onMetric(key as ChartMetric)}
                aria-pressed={selected}
                w="100%"
                style={{ display: 'block' }}
                title={t('analytics.chart.showMetric')}
              >
                {content}
              </UnstyledButton>
            ) : (
              content
            )}
          </Paper>
        );
      })}
    </SimpleGrid>
  );
}
