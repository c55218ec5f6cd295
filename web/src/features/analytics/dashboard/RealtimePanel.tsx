import { Badge, Group, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  type RealtimeReport,
  reportUrl,
  type StatsFilter,
  type StatsParams,
  type StatsSource,
  useReport,
} from '../../../api/analytics';
import { ErrorState } from '../../../components/ErrorState';
import { dimensionValueLabel, formatCount } from '../format';
import { RealtimeChart } from './charts';
import { EmptyPanel, Panel } from './Panel';

const REFRESH_MS = 30_000;

export function useRealtime(source: StatsSource, filters: StatsFilter[]) {
  const params: StatsParams = { period: 'realtime', compare: false, filters };
  return {
    params,
    query: useReport<RealtimeReport>(source, 'realtime', params, { refetchInterval: REFRESH_MS }),
  };
}

/** "N visitors now" for the page header; shares its query (and refresh) with the realtime panel. */
export function RealtimeBadge({ source, filters }: { source: StatsSource; filters: StatsFilter[] }) {
  const { t } = useTranslation();
  const { query } = useRealtime(source, filters);
  if (!query.data) return null;
  return (
    <Badge
      variant="light"
      color={query.data.visitors > 0 ? 'teal' : 'gray'}
      leftSection={
        <span className="ml-live-dot" data-live={query.data.visitors > 0 || undefined} aria-hidden />
      }
      tt="none"
      data-testid="realtime-badge"
    >
      {t('analytics.realtime.now', { count: query.data.visitors })}
    </Badge>
  );
}

function TopList({
  title,
  items,
  dimension,
}: {
  title: string;
  items: RealtimeReport['pages'];
  dimension: string;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Stack gap={4} style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {title}
      </Text>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          —
        </Text>
      ) : (
        items.slice(0, 5).map((item) => (
          <Group key={item.value} justify="space-between" gap="xs" wrap="nowrap">
            <Text size="sm" truncate="end" style={{ minWidth: 0, flex: 1 }} title={item.value}>
              {dimensionValueLabel(dimension, item.value, t, i18n.language)}
            </Text>
            <Text size="sm" fw={600} className="ml-num">
              {formatCount(item.visitors, i18n.language)}
            </Text>
          </Group>
        ))
      )}
    </Stack>
  );
}

export function RealtimePanel({ source, filters }: { source: StatsSource; filters: StatsFilter[] }) {
  const { t, i18n } = useTranslation();
  const { params, query } = useRealtime(source, filters);
  const data = query.data;

  let body: React.ReactNode;
  if (query.isPending && !data) body = <Skeleton h={140} />;
  else if (query.error && !data)
    body = <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  else if (!data) body = <EmptyPanel>{t('analytics.noData')}</EmptyPanel>;
  else {
    body = (
      <Stack gap="sm">
        <Group gap="xs" align="baseline">
          <span className="ml-live-dot" data-live={data.visitors > 0 || undefined} aria-hidden />
          <Text fz={28} fw={650} className="ml-num" data-testid="realtime-visitors">
            {formatCount(data.visitors, i18n.language)}
          </Text>
          <Text size="sm" c="dimmed">
            {t('analytics.realtime.visitorsLabel')}
          </Text>
        </Group>
        <RealtimeChart perMinute={data.pageviewsPerMinute} />
        <SimpleGrid cols={2} spacing="md">
          <TopList title={t('analytics.dimensions.page')} items={data.pages} dimension="page" />
          <TopList
            title={t('analytics.dimensions.referrer_host')}
            items={data.sources}
            dimension="referrer_host"
          />
        </SimpleGrid>
      </Stack>
    );
  }

  return (
    <Panel
      title={t('analytics.realtime.title')}
      testId="panel-realtime"
      csvHref={reportUrl(source, 'realtime', params, {}, true)}
    >
      <Stack gap="xs">
        {body}
        <Text size="xs" c="dimmed">
          {t('analytics.realtime.help')}
        </Text>
      </Stack>
    </Panel>
  );
}
