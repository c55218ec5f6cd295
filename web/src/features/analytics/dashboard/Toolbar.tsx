import {
  ActionIcon,
  Button,
  Group,
  Loader,
  Menu,
  Modal,
  Pill,
  Stack,
  Switch,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconCalendar, IconChevronDown, IconDownload, IconFilterOff } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Period } from '../../../api/analytics';
import { dimensionLabel, dimensionValueLabel, formatDay } from '../format';
import { type DashboardView, todayUtc } from './view-state';

const PRESETS: Period[] = ['day', '7d', '30d', 'month', '6mo', '12mo'];

function CustomRangeModal({
  opened,
  onClose,
  onApply,
  initial,
}: {
  opened: boolean;
  onClose: () => void;
  onApply: (range: { from: string; to: string }) => void;
  initial: { from?: string; to?: string };
}) {
  const { t } = useTranslation();
  const today = todayUtc();
  const [from, setFrom] = useState(initial.from ?? today);
  const [to, setTo] = useState(initial.to ?? today);
  const invalid = !from || !to || from > to;
  return (
    <Modal opened={opened} onClose={onClose} title={t('analytics.period.customTitle')} size="sm">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!invalid) onApply({ from, to });
        }}
      >
        <Stack>
          <Group grow>
            <TextInput
              type="date"
              label={t('analytics.period.from')}
              value={from}
              max={today}
              onChange={(e) => setFrom(e.currentTarget.value)}
              data-testid="range-from"
            />
            <TextInput
              type="date"
              label={t('analytics.period.to')}
              value={to}
              max={today}
              onChange={(e) => setTo(e.currentTarget.value)}
              data-testid="range-to"
            />
          </Group>
          {from && to && from > to && (
            <Text size="sm" c="red">
              {t('analytics.period.fromAfterTo')}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" disabled={invalid} data-testid="range-apply">
              {t('analytics.period.apply')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function Toolbar({
  view,
  range,
  fetching = false,
  summaryCsvHref,
}: {
  view: DashboardView;
  range?: { from: string; to: string };
  /** A new period or filter is loading while the previous figures are still shown. */
  fetching?: boolean;
  /** CSV of the summary figures for the current view. */
  summaryCsvHref?: string;
}) {
  const { t, i18n } = useTranslation();
  const [customOpen, setCustomOpen] = useState(false);
  const { params } = view;
  const locale = i18n.language;

  const periodLabel =
    params.period === 'custom' && params.from && params.to
      ? `${formatDay(params.from, locale)} – ${formatDay(params.to, locale)}`
      : t(`analytics.period.${params.period}`);
  const rangeLabel =
    range && params.period !== 'custom'
      ? range.from.slice(0, 10) === range.to.slice(0, 10)
        ? formatDay(range.from, locale)
        : `${formatDay(range.from, locale)} – ${formatDay(range.to, locale)}`
      : null;

  return (
    <Stack gap="xs">
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Group gap="sm" wrap="wrap">
          <Menu position="bottom-start" shadow="md" width={220}>
            <Menu.Target>
              <Button
                variant="default"
                leftSection={<IconCalendar size={16} aria-hidden />}
                rightSection={<IconChevronDown size={14} aria-hidden />}
                data-testid="period-picker"
                data-period={params.period}
              >
                {periodLabel}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {PRESETS.map((period) => (
                <Menu.Item
                  key={period}
                  onClick={() => view.setPeriod(period)}
                  fw={params.period === period ? 600 : undefined}
                  data-testid={`period-${period}`}
                >
                  {t(`analytics.period.${period}`)}
                </Menu.Item>
              ))}
              <Menu.Divider />
              <Menu.Item onClick={() => setCustomOpen(true)} data-testid="period-custom">
                {t('analytics.period.custom')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
          {rangeLabel && (
            <Text size="sm" c="dimmed" data-testid="period-range">
              {rangeLabel}
            </Text>
          )}
          {fetching && <Loader size="xs" aria-label={t('common.loading')} data-testid="dashboard-fetching" />}
        </Group>
        <Group gap="sm" wrap="nowrap">
          <Switch
            checked={params.compare}
            onChange={(e) => view.setCompare(e.currentTarget.checked)}
            label={t('analytics.compare')}
            data-testid="compare-toggle"
          />
          {summaryCsvHref && (
            <Tooltip label={t('analytics.exportSummary')} openDelay={300}>
              <ActionIcon
                component="a"
                href={summaryCsvHref}
                download
                variant="subtle"
                color="gray"
                aria-label={t('analytics.exportSummary')}
                data-testid="summary-csv"
              >
                <IconDownload size={17} aria-hidden />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      </Group>
      {params.filters.length > 0 && (
        <Group gap={6} wrap="wrap" data-testid="filter-chips">
          <Text size="sm" c="dimmed">
            {t('analytics.filters.label')}
          </Text>
          {params.filters.map((filter, index) => {
            const [op, dimension, values] = filter;
            const shown = values.map((v) => dimensionValueLabel(dimension, v, t, locale)).join(', ');
            return (
              <Pill
                key={`${op}-${dimension}-${values.join('\u0000')}`}
                size="md"
                withRemoveButton
                onRemove={() => view.removeFilter(index)}
                removeButtonProps={
                  {
                    // Mantine hides the remove button from keyboards and screen readers; a filter must be removable by both.
                    'aria-hidden': false,
                    tabIndex: 0,
                    'aria-label': t('analytics.filters.remove'),
                    'data-testid': 'filter-chip-remove',
                  } as React.ComponentProps<'button'>
                }
                data-testid="filter-chip"
                data-dimension={dimension}
                className="ml-filter-chip"
              >
                {dimensionLabel(dimension, t)} {t(`analytics.filters.op.${op}`)} {shown}
              </Pill>
            );
          })}
          <Button
            size="compact-sm"
            variant="subtle"
            color="gray"
            leftSection={<IconFilterOff size={14} aria-hidden />}
            onClick={() => view.setFilters([])}
            data-testid="filters-clear"
          >
            {t('analytics.filters.clear')}
          </Button>
        </Group>
      )}
      {customOpen && (
        <CustomRangeModal
          opened
          initial={{ from: params.from, to: params.to }}
          onClose={() => setCustomOpen(false)}
          onApply={(r) => {
            setCustomOpen(false);
            view.setPeriod('custom', r);
          }}
        />
      )}
    </Stack>
  );
}
