import { Group, Select, Skeleton, Stack, Text, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type PropsReport,
  reportUrl,
  type StatsFilter,
  type StatsParams,
  type StatsSource,
  useReport,
} from '../../../api/analytics';
import { ErrorState } from '../../../components/ErrorState';
import { dimensionValueLabel, formatCount, formatMoney } from '../format';
import { EmptyPanel, Panel } from './Panel';

/**
 * Custom event properties: pick a key seen in the period, see its values with bars (share of the
 * period's visitors), events and revenue; click a value to filter by it (`prop:<key> is <value>`).
 * Keys and values are page-sent data: rendered as React text only.
 */
export function PropertiesPanel({
  source,
  params,
  onFilter,
}: {
  source: StatsSource;
  params: StatsParams;
  onFilter?: (dimension: StatsFilter[1], value: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const [picked, setPicked] = useState<string | null>(null);
  const query = useReport<PropsReport>(source, 'props', params, { extra: { property: picked ?? undefined } });
  const data = query.data;
  const property = data?.property ?? null;
  const dimension = property === null ? null : (`prop:${property}` as const);

  let body: React.ReactNode;
  if (query.isPending && !data) body = <Skeleton h={160} />;
  else if (query.error && !data)
    body = <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  else if (!data || data.keys.length === 0) body = <EmptyPanel>{t('analytics.props.empty')}</EmptyPanel>;
  else {
    const keys = data.keys.map((k) => k.key);
    if (property !== null && !keys.includes(property)) keys.push(property);
    body = (
      <Stack gap="xs">
        <Select
          size="xs"
          data={keys.map((k) => ({ value: k, label: k }))}
          value={property}
          onChange={(v) => v && setPicked(v)}
          allowDeselect={false}
          searchable
          aria-label={t('analytics.props.pick')}
          data-testid="props-key"
          comboboxProps={{ withinPortal: true }}
        />
        {data.rows.length === 0 ? (
          <EmptyPanel>{t('analytics.noData')}</EmptyPanel>
        ) : (
          <Stack gap={2} data-testid="props-rows">
            <Group justify="space-between" gap="xs" wrap="nowrap" px={8}>
              <Text size="xs" c="dimmed" fw={600} tt="uppercase">
                {t('analytics.props.value')}
              </Text>
              <Group gap="md" wrap="nowrap">
                <Text size="xs" c="dimmed" fw={600} tt="uppercase" w={64} ta="right">
                  {t('analytics.columns.visitors')}
                </Text>
                <Text size="xs" c="dimmed" fw={600} tt="uppercase" w={64} ta="right" visibleFrom="xs">
                  {t('analytics.props.events')}
                </Text>
              </Group>
            </Group>
            {data.rows.map((row) => {
              const active =
                dimension !== null &&
                params.filters.some((f) => f[0] === 'is' && f[1] === dimension && f[2].includes(row.value));
              const label = dimensionValueLabel('prop', row.value, t, locale);
              const content = (
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
                        data-testid="props-label"
                      >
                        {label}
                      </Text>
                      {row.revenue.length > 0 && (
                        <Text size="xs" c="teal" className="ml-num" truncate="end">
                          {row.revenue.map((r) => formatMoney(r.amount, r.currency, locale)).join(' · ')}
                        </Text>
                      )}
                    </Stack>
                    <Group gap="md" wrap="nowrap">
                      <Text size="sm" fw={600} w={64} ta="right" className="ml-num">
                        {formatCount(row.visitors, locale)}
                      </Text>
                      <Text size="sm" c="dimmed" w={64} ta="right" className="ml-num" visibleFrom="xs">
                        {formatCount(row.events, locale)}
                      </Text>
                    </Group>
                  </Group>
                </>
              );
              return onFilter && dimension && !active ? (
                <UnstyledButton
                  key={row.value}
                  className="ml-bar-row"
                  onClick={() => onFilter(dimension, row.value)}
                  aria-label={t('analytics.filters.addNamed', { value: label })}
                  data-testid="props-row"
                  data-value={row.value}
                >
                  {content}
                </UnstyledButton>
              ) : (
                <div
                  key={row.value}
                  className="ml-bar-row"
                  data-active={active || undefined}
                  data-testid="props-row"
                >
                  {content}
                </div>
              );
            })}
            {data.totalRows > data.rows.length && (
              <Text size="xs" c="dimmed" ta="center">
                {t('analytics.props.more', { count: data.totalRows - data.rows.length })}
              </Text>
            )}
          </Stack>
        )}
      </Stack>
    );
  }

  return (
    <Panel
      title={t('analytics.props.title')}
      testId="panel-props"
      csvHref={
        property !== null ? reportUrl(source, 'props', params, { property, limit: 1000 }, true) : undefined
      }
    >
      {body}
    </Panel>
  );
}
