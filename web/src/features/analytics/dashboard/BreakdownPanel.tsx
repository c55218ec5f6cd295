import { Button, Group, Modal, Pagination, Skeleton, Stack, Text, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BREAKDOWNS } from '../../../../../src/shared/contracts/analytics-reports';
import {
  type BreakdownReport,
  type BreakdownRow,
  type DashboardReport,
  reportUrl,
  type StatsFilter,
  type StatsParams,
  type StatsSource,
  useReport,
} from '../../../api/analytics';
import { ErrorState } from '../../../components/ErrorState';
import { dimensionValueLabel, formatCount, formatPercent } from '../format';
import { EmptyPanel, Panel, type PanelTab } from './Panel';

export type BreakdownReportName = keyof typeof BREAKDOWNS;

/** Which part of the dashboard report already holds a breakdown (the rest load on their own). */
const IN_DASHBOARD: Partial<Record<BreakdownReportName, keyof DashboardReport>> = {
  channels: 'channels',
  sources: 'sources',
  pages: 'pages',
  entry_pages: 'entryPages',
  exit_pages: 'exitPages',
  countries: 'countries',
  devices: 'devices',
  browsers: 'browsers',
  os: 'os',
};

const PAGE_REPORTS: BreakdownReportName[] = ['pages', 'entry_pages', 'exit_pages'];
const DETAIL_PAGE_SIZE = 50;

function BreakdownRows({
  rows,
  dimension,
  report,
  filters,
  onFilter,
}: {
  rows: BreakdownRow[];
  dimension: string;
  report: BreakdownReportName;
  filters: StatsFilter[];
  onFilter?: (dimension: StatsFilter[1], value: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const pages = PAGE_REPORTS.includes(report);
  const secondary = pages ? 'pageviews' : 'share';
  return (
    <Stack gap={2} data-testid="breakdown-rows">
      <Group justify="space-between" gap="xs" wrap="nowrap" px={8}>
        <Text size="xs" c="dimmed" fw={600} tt="uppercase">
          {t(`analytics.dimensions.${dimension}`, { defaultValue: dimension })}
        </Text>
        <Group gap="md" wrap="nowrap">
          <Text size="xs" c="dimmed" fw={600} tt="uppercase" w={64} ta="right">
            {t('analytics.columns.visitors')}
          </Text>
          <Text size="xs" c="dimmed" fw={600} tt="uppercase" w={64} ta="right" visibleFrom="xs">
            {t(`analytics.columns.${secondary}`)}
          </Text>
        </Group>
      </Group>
      {rows.map((row) => {
        const active = filters.some((f) => f[0] === 'is' && f[1] === dimension && f[2].includes(row.value));
        const label = dimensionValueLabel(dimension, row.value, t, locale);
        const body = (
          <>
            <div
              className="ml-bar"
              style={{ width: `${Math.max(0, Math.min(100, row.share))}%` }}
              aria-hidden
            />
            <Group justify="space-between" gap="xs" wrap="nowrap" className="ml-bar-content">
              <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
                <Text
                  size="sm"
                  truncate="end"
                  title={label}
                  c={row.value === '' ? 'dimmed' : undefined}
                  data-testid="breakdown-label"
                >
                  {label}
                </Text>
                {row.title ? (
                  // The page's most recent title, as the page sent it: React text (escaped), one line.
                  <Text size="xs" c="dimmed" truncate="end" title={row.title} data-testid="breakdown-title">
                    {row.title}
                  </Text>
                ) : null}
              </Stack>
              <Group gap="md" wrap="nowrap">
                <Text
                  size="sm"
                  fw={600}
                  w={64}
                  ta="right"
                  className="ml-num"
                  data-testid="breakdown-visitors"
                >
                  {formatCount(row.visitors, locale)}
                </Text>
                <Text size="sm" c="dimmed" w={64} ta="right" className="ml-num" visibleFrom="xs">
                  {pages ? formatCount(row.pageviews, locale) : formatPercent(row.share, locale)}
                </Text>
              </Group>
            </Group>
          </>
        );
        return onFilter && !active ? (
          <UnstyledButton
            key={row.value}
            className="ml-bar-row"
            onClick={() => onFilter(dimension as StatsFilter[1], row.value)}
            aria-label={t('analytics.filters.addNamed', { value: label })}
            data-testid="breakdown-row"
            data-value={row.value}
          >
            {body}
          </UnstyledButton>
        ) : (
          <div
            key={row.value}
            className="ml-bar-row"
            data-active={active || undefined}
            data-testid="breakdown-row"
          >
            {body}
          </div>
        );
      })}
    </Stack>
  );
}

function RowsSkeleton() {
  return (
    <Stack gap={6}>
      {[80, 65, 50, 38, 25].map((w) => (
        <Skeleton key={w} h={26} w={`${w}%`} />
      ))}
    </Stack>
  );
}

function DetailsModal({
  source,
  params,
  report,
  title,
  onFilter,
  onClose,
}: {
  source: StatsSource;
  params: StatsParams;
  report: BreakdownReportName;
  title: string;
  onFilter?: (dimension: StatsFilter[1], value: string) => void;
  onClose: () => void;
}) {
  const [page, setPage] = useState(1);
  const query = useReport<BreakdownReport>(source, report, params, {
    extra: { limit: DETAIL_PAGE_SIZE, page },
  });
  const total = query.data ? Math.max(1, Math.ceil(query.data.totalRows / DETAIL_PAGE_SIZE)) : 1;
  return (
    <Modal opened onClose={onClose} title={title} size="lg" data-testid="breakdown-details">
      {query.isPending ? (
        <RowsSkeleton />
      ) : query.error ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Stack>
          <BreakdownRows
            rows={query.data.rows}
            dimension={query.data.dimension}
            report={report}
            filters={params.filters}
            onFilter={
              onFilter &&
              ((d, v) => {
                onClose();
                onFilter(d, v);
              })
            }
          />
          {total > 1 && (
            <Group justify="center">
              <Pagination value={page} onChange={setPage} total={total} size="sm" />
            </Group>
          )}
        </Stack>
      )}
    </Modal>
  );
}

/** A card of breakdown tabs (e.g. Channels / Sources / UTM), rows with bars, click a row to filter. */
export function BreakdownPanel({
  title,
  testId,
  tabs,
  source,
  params,
  dashboard,
  onFilter,
}: {
  title: string;
  testId: string;
  tabs: (PanelTab & { key: BreakdownReportName })[];
  source: StatsSource;
  params: StatsParams;
  dashboard: { data: DashboardReport | undefined; isPending: boolean; error: unknown; refetch: () => void };
  onFilter?: (dimension: StatsFilter[1], value: string) => void;
}) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<BreakdownReportName>(tabs[0].key);
  const [details, setDetails] = useState(false);
  const fromDashboard = IN_DASHBOARD[tab];
  const own = useReport<BreakdownReport>(source, tab, params, { enabled: !fromDashboard });
  const state = fromDashboard
    ? {
        data: dashboard.data?.[fromDashboard] as BreakdownReport | undefined,
        isPending: dashboard.isPending,
        error: dashboard.error,
        refetch: dashboard.refetch,
      }
    : { data: own.data, isPending: own.isPending, error: own.error, refetch: () => void own.refetch() };
  const label = tabs.find((x) => x.key === tab)?.label ?? title;

  let body: React.ReactNode;
  if (state.isPending && !state.data) body = <RowsSkeleton />;
  else if (state.error && !state.data) body = <ErrorState error={state.error} onRetry={state.refetch} />;
  else if (!state.data || state.data.rows.length === 0)
    body = <EmptyPanel>{t('analytics.noData')}</EmptyPanel>;
  else {
    body = (
      <Stack gap="xs">
        <BreakdownRows
          rows={state.data.rows}
          dimension={state.data.dimension || BREAKDOWNS[tab]}
          report={tab}
          filters={params.filters}
          onFilter={onFilter}
        />
        {state.data.totalRows > state.data.rows.length && (
          <Group justify="center">
            <Button
              size="compact-sm"
              variant="subtle"
              onClick={() => setDetails(true)}
              data-testid={`${testId}-more`}
            >
              {t('analytics.showAll', { count: state.data.totalRows })}
            </Button>
          </Group>
        )}
      </Stack>
    );
  }

  return (
    <Panel
      title={title}
      testId={testId}
      tabs={tabs}
      tab={tab}
      onTab={(key) => setTab(key as BreakdownReportName)}
      csvHref={reportUrl(source, tab, params, { limit: 1000 }, true)}
    >
      {body}
      {details && (
        <DetailsModal
          source={source}
          params={params}
          report={tab}
          title={label}
          onFilter={onFilter}
          onClose={() => setDetails(false)}
        />
      )}
    </Panel>
  );
}
