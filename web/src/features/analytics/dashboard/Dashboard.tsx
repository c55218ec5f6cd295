import { Alert, Group, Paper, Select, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconPlugConnected } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import {
  type DashboardReport,
  reportUrl,
  type Site,
  type StatsSource,
  useReport,
} from '../../../api/analytics';
import { ErrorState } from '../../../components/ErrorState';
import '../analytics.css';
import { InstallSnippet } from '../InstallSnippet';
import { BreakdownPanel } from './BreakdownPanel';
import { TimeseriesChart } from './charts';
import { FrequencyPanel } from './FrequencyPanel';
import { FunnelPanel } from './FunnelPanel';
import { GoalsPanel, type Manage } from './GoalsPanel';
import { EmptyPanel, Panel } from './Panel';
import { PropertiesPanel } from './PropertiesPanel';
import { RealtimePanel } from './RealtimePanel';
import { SummaryCards } from './SummaryCards';
import { Toolbar } from './Toolbar';
import { CHART_METRICS, type ChartMetric, useDashboardView } from './view-state';

/**
 * The dashboard of one site, shared by the workspace page and the public link page. `manage` is
 * null on the public page (no goal, funnel or settings controls there).
 */
export function Dashboard({
  source,
  site,
  firstEventAt,
  manage,
}: {
  source: StatsSource;
  /** The site record (workspace page only): for the install snippet when nothing arrived yet. */
  site: Site | null;
  /**
   * When the site's first event was stored (from the site record); null: never, so the dashboard
   * shows how to install the snippet instead of empty charts.
   */
  firstEventAt: string | null;
  manage: Manage | null;
}) {
  const { t } = useTranslation();
  const view = useDashboardView();
  const { params, metric } = view;
  const dashboard = useReport<DashboardReport>(source, 'dashboard', params);
  const neverTracked = firstEventAt === null;
  const onFilter = view.addFilter;
  const dash = {
    data: dashboard.data,
    isPending: dashboard.isPending,
    error: dashboard.error,
    refetch: () => void dashboard.refetch(),
  };
  const loading = dashboard.isPlaceholderData && dashboard.isFetching;

  if (neverTracked) {
    return (
      <Stack gap="md">
        <Paper withBorder p={{ base: 'md', sm: 'xl' }} data-testid="no-events">
          <Stack gap="md">
            <Group gap="sm" wrap="nowrap">
              <IconPlugConnected size={28} aria-hidden />
              <Title order={3} fz="lg">
                {t('analytics.noEvents.title')}
              </Title>
            </Group>
            <Text size="sm" c="dimmed" maw={720}>
              {site ? t('analytics.noEvents.text') : t('analytics.noEvents.publicText')}
            </Text>
            {site && <InstallSnippet site={site} />}
          </Stack>
        </Paper>
      </Stack>
    );
  }

  const timeseries = dashboard.data?.timeseries;
  const hasSeries = timeseries?.points.some((p) => p.visitors > 0 || p.pageviews > 0);

  return (
    <Stack gap="md" data-testid="dashboard" data-loading={loading || undefined}>
      <Toolbar
        view={view}
        range={dashboard.data?.summary.range}
        fetching={loading}
        summaryCsvHref={reportUrl(source, 'summary', params, {}, true)}
      />
      {dashboard.error && dashboard.data && (
        <Alert color="red" variant="light" title={t('errors.loadFailed')}>
          {t('analytics.staleData')}
        </Alert>
      )}
      {dashboard.error && !dashboard.data ? (
        <ErrorState error={dashboard.error} onRetry={() => void dashboard.refetch()} />
      ) : (
        <>
          <SummaryCards
            summary={dashboard.data?.summary}
            loading={dashboard.isPending}
            metric={metric}
            onMetric={view.setMetric}
          />
          <Panel
            title={t('analytics.chart.title')}
            testId="panel-timeseries"
            csvHref={reportUrl(source, 'timeseries', params, {}, true)}
            actions={
              <Select
                size="xs"
                w={170}
                data={CHART_METRICS.map((m) => ({ value: m, label: t(`analytics.metrics.${m}`) }))}
                value={metric}
                onChange={(v) => v && view.setMetric(v as ChartMetric)}
                allowDeselect={false}
                aria-label={t('analytics.chart.metric')}
                data-testid="chart-metric"
              />
            }
          >
            {dashboard.isPending ? (
              <Skeleton h={260} />
            ) : timeseries && hasSeries ? (
              <>
                <TimeseriesChart report={timeseries} metric={metric} />
                <Text size="xs" c="dimmed" mt={4} data-testid="freshness-note">
                  {t('analytics.chart.freshness')}
                </Text>
              </>
            ) : (
              <EmptyPanel>{t('analytics.noDataPeriod')}</EmptyPanel>
            )}
          </Panel>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <BreakdownPanel
              title={t('analytics.panels.sources')}
              testId="panel-sources"
              source={source}
              params={params}
              dashboard={dash}
              onFilter={onFilter}
              tabs={[
                { key: 'channels', label: t('analytics.tabs.channels') },
                { key: 'sources', label: t('analytics.tabs.sources') },
                { key: 'utm_source', label: t('analytics.tabs.utm_source'), group: 'UTM' },
                { key: 'utm_medium', label: t('analytics.tabs.utm_medium'), group: 'UTM' },
                { key: 'utm_campaign', label: t('analytics.tabs.utm_campaign'), group: 'UTM' },
                { key: 'utm_term', label: t('analytics.tabs.utm_term'), group: 'UTM' },
                { key: 'utm_content', label: t('analytics.tabs.utm_content'), group: 'UTM' },
              ]}
            />
            <BreakdownPanel
              title={t('analytics.panels.pages')}
              testId="panel-pages"
              source={source}
              params={params}
              dashboard={dash}
              onFilter={onFilter}
              tabs={[
                { key: 'pages', label: t('analytics.tabs.pages') },
                { key: 'entry_pages', label: t('analytics.tabs.entry_pages') },
                { key: 'exit_pages', label: t('analytics.tabs.exit_pages') },
              ]}
            />
            <BreakdownPanel
              title={t('analytics.panels.countries')}
              testId="panel-countries"
              source={source}
              params={params}
              dashboard={dash}
              onFilter={onFilter}
              tabs={[{ key: 'countries', label: t('analytics.tabs.countries') }]}
            />
            <BreakdownPanel
              title={t('analytics.panels.devices')}
              testId="panel-devices"
              source={source}
              params={params}
              dashboard={dash}
              onFilter={onFilter}
              tabs={[
                { key: 'devices', label: t('analytics.tabs.devices') },
                { key: 'browsers', label: t('analytics.tabs.browsers') },
                { key: 'os', label: t('analytics.tabs.os') },
              ]}
            />
            <GoalsPanel
              source={source}
              params={params}
              dashboard={dash}
              manage={manage}
              onFilter={onFilter}
            />
            <FunnelPanel source={source} params={params} manage={manage} />
            <FrequencyPanel source={source} params={params} />
            <PropertiesPanel source={source} params={params} onFilter={onFilter} />
            <RealtimePanel source={source} filters={params.filters} />
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}
