import { Group, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  type FrequencyReport,
  reportUrl,
  type StatsParams,
  type StatsSource,
  useReport,
} from '../../../api/analytics';
import { ErrorState } from '../../../components/ErrorState';
import { formatCount, formatPercent } from '../format';
import { EmptyPanel, Panel } from './Panel';

/** Visits per visitor and new vs returning, with an honest note on what "returning" can mean here. */
export function FrequencyPanel({ source, params }: { source: StatsSource; params: StatsParams }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const query = useReport<FrequencyReport>(source, 'frequency', params);
  const data = query.data;
  const total = data ? data.newVisitors + data.returningVisitors : 0;

  let body: React.ReactNode;
  if (query.isPending && !data) body = <Skeleton h={160} />;
  else if (query.error && !data)
    body = <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  else if (!data || total === 0) body = <EmptyPanel>{t('analytics.noData')}</EmptyPanel>;
  else {
    body = (
      <Stack gap="sm">
        <SimpleGrid cols={2} spacing="xs">
          <div>
            <Text size="xs" c="dimmed">
              {t('analytics.frequency.new')}
            </Text>
            <Text fw={650} fz="lg" className="ml-num" data-testid="frequency-new">
              {formatCount(data.newVisitors, locale)}
              <Text span size="sm" c="dimmed" ml={6}>
                {formatPercent(Math.round((data.newVisitors / total) * 1000) / 10, locale)}
              </Text>
            </Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">
              {t('analytics.frequency.returning')}
            </Text>
            <Text fw={650} fz="lg" className="ml-num" data-testid="frequency-returning">
              {formatCount(data.returningVisitors, locale)}
              <Text span size="sm" c="dimmed" ml={6}>
                {formatPercent(Math.round((data.returningVisitors / total) * 1000) / 10, locale)}
              </Text>
            </Text>
          </div>
        </SimpleGrid>
        <Stack gap={2}>
          <Group justify="space-between" px={8}>
            <Text size="xs" c="dimmed" fw={600} tt="uppercase">
              {t('analytics.frequency.visitsPerVisitor')}
            </Text>
            <Text size="xs" c="dimmed" fw={600} tt="uppercase">
              {t('analytics.columns.visitors')}
            </Text>
          </Group>
          {data.buckets.map((bucket) => (
            <div key={bucket.visits} className="ml-bar-row" data-testid="frequency-bucket">
              <div className="ml-bar" style={{ width: `${Math.min(100, bucket.share)}%` }} aria-hidden />
              <Group justify="space-between" wrap="nowrap" className="ml-bar-content">
                <Text size="sm">
                  {t(bucket.visits === '1' ? 'analytics.frequency.bucketOne' : 'analytics.frequency.bucket', {
                    visits: bucket.visits,
                  })}
                </Text>
                <Text size="sm" fw={600} className="ml-num">
                  {formatCount(bucket.visitors, locale)}
                  <Text span size="xs" c="dimmed" ml={6}>
                    {formatPercent(bucket.share, locale)}
                  </Text>
                </Text>
              </Group>
            </div>
          ))}
        </Stack>
      </Stack>
    );
  }

  return (
    <Panel
      title={t('analytics.frequency.title')}
      testId="panel-frequency"
      csvHref={reportUrl(source, 'frequency', params, {}, true)}
    >
      <Stack gap="sm">
        {body}
        <Text size="xs" c="dimmed" data-testid="frequency-help">
          {t('analytics.frequency.help')}
        </Text>
      </Stack>
    </Panel>
  );
}
