import {
  Badge,
  Group,
  Pagination,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { monthsBetween } from '../../../../../../src/modules/plans/dates';
import type { BudgetCategory, BudgetLine } from '../../../../../../src/shared/contracts/plan';
import { PlanForecastPanel } from '../../../forecasting/PlanForecastPanel';
import { BudgetChart, CATEGORY_COLORS } from '../../charts/BudgetChart';
import { BUDGET_CATEGORIES, CHANNEL_IDS, type ChannelId, vocabLabel, vocabOptions } from '../../vocab';
import { AddButton, Empty } from '../bits';
import { type SectionProps, useFieldState, usePlanEditorContext } from '../context';
import { PNumberInput, PSelect, PTextarea, PTextInput } from '../fields';
import { type ItemColumn, ItemTable } from '../ItemTable';
import { formatMoney, formatMonth, newId, removeAt, replaceAt, withoutUndefined } from '../util';

const P = 'sections.budget';
const ALL = '*';
const PAGE_SIZE = 25;

function safeMonths(start: string, end: string): string[] {
  try {
    return /^\d{4}-\d{2}-\d{2}$/.test(start) && /^\d{4}-\d{2}-\d{2}$/.test(end) && start <= end
      ? monthsBetween(start, end)
      : [];
  } catch {
    return [];
  }
}

export function BudgetSection({ data, edit }: SectionProps<'budget'>) {
  const { t, i18n } = useTranslation();
  const { uiLanguage, analysis, document } = usePlanEditorContext();
  const { readOnly } = useFieldState();
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  // On a phone a long budget opens on its first month; the filter shows the rest.
  const [monthFilter, setMonthFilter] = useState<string>(() =>
    isPhone && data.lines.length > 24 ? ([...data.lines].map((l) => l.month).sort()[0] ?? ALL) : ALL,
  );
  const [categoryFilter, setCategoryFilter] = useState<string>(ALL);
  const [page, setPage] = useState(1);
  const currency = document.currency;
  const money = useCallback(
    (amount: number) => formatMoney(amount, currency, i18n.language),
    [currency, i18n.language],
  );
  const budget = analysis.budget;
  const { start, end } = document.sections.purpose.horizon;

  // Keyed by the set of months in use, so typing in a line does not rebuild every row's options.
  const monthsInUse = [...new Set(data.lines.map((line) => line.month))].sort().join(',');
  const monthOptions = useMemo(() => {
    const months = new Set(safeMonths(start, end));
    for (const month of monthsInUse.split(',')) if (month) months.add(month);
    return [...months].sort().map((m) => ({ value: m, label: formatMonth(m, i18n.language) }));
  }, [start, end, monthsInUse, i18n.language]);
  const categoryOptions = useMemo(
    () => vocabOptions('budgetCategory', BUDGET_CATEGORIES, uiLanguage),
    [uiLanguage],
  );
  const channelOptions = useMemo(() => vocabOptions('channel', CHANNEL_IDS, uiLanguage), [uiLanguage]);

  const setLine = useCallback(
    (index: number, patch: Partial<BudgetLine>) =>
      edit((p) => ({
        ...p,
        lines: replaceAt(p.lines, index, withoutUndefined({ ...p.lines[index], ...patch })),
      })),
    [edit],
  );

  const columns = useMemo<ItemColumn<BudgetLine>[]>(
    () => [
      {
        key: 'label',
        header: t('plans.budget.label'),
        span: 'full',
        render: (line, i) => (
          <PTextInput
            path={`${P}.lines[${i}].label`}
            label={t('plans.budget.label')}
            size="xs"
            value={line.label}
            onChange={(label) => setLine(i, { label })}
          />
        ),
      },
      {
        key: 'category',
        header: t('plans.budget.category'),
        width: 120,
        render: (line, i) => (
          <PSelect
            path={`${P}.lines[${i}].category`}
            label={t('plans.budget.category')}
            size="xs"
            data={categoryOptions}
            value={line.category}
            onChange={(category) => setLine(i, { category: (category ?? line.category) as BudgetCategory })}
          />
        ),
      },
      {
        key: 'channel',
        header: t('plans.budget.channel'),
        width: 150,
        render: (line, i) => (
          <PSelect
            path={`${P}.lines[${i}].channel`}
            label={t('plans.budget.channel')}
            size="xs"
            placeholder={
              line.category === 'advertising' ? t('plans.budget.channelRequired') : t('plans.none')
            }
            data={channelOptions}
            searchable
            clearable
            allowDeselect
            value={line.channel ?? null}
            onChange={(channel) => setLine(i, { channel: (channel ?? undefined) as ChannelId | undefined })}
          />
        ),
      },
      {
        key: 'month',
        header: t('plans.budget.month'),
        width: 108,
        render: (line, i) => (
          <PSelect
            path={`${P}.lines[${i}].month`}
            label={t('plans.budget.month')}
            size="xs"
            data={monthOptions}
            value={line.month}
            onChange={(month) => setLine(i, { month: month ?? line.month })}
          />
        ),
      },
      {
        key: 'planned',
        header: t('plans.budget.planned', { currency }),
        width: 110,
        render: (line, i) => (
          <PNumberInput
            path={`${P}.lines[${i}].planned`}
            label={t('plans.budget.planned', { currency })}
            size="xs"
            min={0}
            hideControls
            decimalScale={2}
            value={line.planned}
            onChange={(planned) => setLine(i, { planned: planned ?? 0 })}
          />
        ),
      },
    ],
    [t, setLine, categoryOptions, channelOptions, monthOptions, currency],
  );

  // Stable callbacks keep the memoised rows from re-rendering on every keystroke in another row.
  const lineKey = useCallback((line: BudgetLine) => line.id, []);
  const removeLine = useCallback((i: number) => edit((p) => ({ ...p, lines: removeAt(p.lines, i) })), [edit]);
  const removeLabel = useCallback(
    (line: BudgetLine) => t('plans.removeNamed', { name: line.label || t('plans.budget.line') }),
    [t],
  );
  const lineTitle = useCallback(
    (line: BudgetLine) => (
      <Group gap={6} component="span">
        <span>{line.label || t('plans.budget.line')}</span>
        <Badge size="xs" variant="default">
          {money(line.planned)}
        </Badge>
      </Group>
    ),
    [t, money],
  );

  const indices = data.lines.flatMap((line, i) =>
    (monthFilter === ALL || line.month === monthFilter) &&
    (categoryFilter === ALL || line.category === categoryFilter)
      ? [i]
      : [],
  );
  const shownTotal = indices.reduce((sum, i) => sum + (data.lines[i].planned || 0), 0);
  // Long budgets are paged: a hundred rows of inputs make every keystroke slow.
  const pages = Math.max(1, Math.ceil(indices.length / PAGE_SIZE));
  const currentPage = Math.min(page, pages);
  const pageIndices = indices.slice((currentPage - 1) * PAGE_SIZE, currentPage * PAGE_SIZE);
  const outside = budget.byMonth.filter((m) => m.outsideHorizon && m.total > 0);

  const addLine = () => {
    const month =
      monthFilter !== ALL ? monthFilter : (monthOptions[0]?.value ?? new Date().toISOString().slice(0, 7));
    const category = (categoryFilter !== ALL ? categoryFilter : 'other') as BudgetCategory;
    edit((p) => ({
      ...p,
      lines: [...p.lines, { id: newId('line'), category, label: '', month, planned: 0, currency }],
    }));
    // The new line is last; show the page it lands on.
    setPage(Math.ceil((indices.length + 1) / PAGE_SIZE));
  };

  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        <Stat label={t('plans.budget.total')} value={money(budget.grandTotal)} testId="budget-total" />
        <Stat label={t('plans.budget.perMonth')} value={money(budget.averagePerMonth)} />
        <Stat label={t('plans.budget.promotionPerMonth')} value={money(budget.averagePromotionPerMonth)} />
        <Stat label={t('plans.budget.lines')} value={String(budget.lineCount)} />
      </SimpleGrid>
      {analysis.preview.budget && (
        <Text size="xs" c="dimmed" fs="italic" mt={-8}>
          {t('plans.budget.preview')}
        </Text>
      )}

      <Paper withBorder p={{ base: 'xs', sm: 'md' }}>
        <Title order={3} fz="md" mb="xs">
          {t('plans.budget.byMonth')}
        </Title>
        {budget.grandTotal > 0 ? (
          <BudgetChart budget={budget} currency={currency} />
        ) : (
          <div data-testid="budget-chart">
            <Empty text={t('plans.budget.chartEmpty')} />
          </div>
        )}
        {outside.length > 0 && (
          <Text size="xs" c="orange" mt="xs">
            {t('plans.budget.outside', {
              months: outside.map((m) => formatMonth(m.month, i18n.language)).join(', '),
            })}
          </Text>
        )}
      </Paper>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Paper withBorder p={{ base: 'xs', sm: 'md' }}>
          <Title order={3} fz="md" mb="xs">
            {t('plans.budget.byCategory')}
          </Title>
          <Table verticalSpacing={4} data-testid="budget-by-category">
            <Table.Tbody>
              {BUDGET_CATEGORIES.map((category) => (
                <Table.Tr key={category}>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <span
                        className="ml-swatch"
                        style={{ background: CATEGORY_COLORS[category] }}
                        aria-hidden
                      />
                      <Text size="sm">{vocabLabel('budgetCategory', category, uiLanguage)}</Text>
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm">{money(budget.byCategory[category])}</Text>
                  </Table.Td>
                  <Table.Td ta="right" w={60}>
                    <Text size="xs" c="dimmed">
                      {budget.grandTotal > 0
                        ? `${Math.round((budget.byCategory[category] / budget.grandTotal) * 100)}%`
                        : '—'}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
        <Paper withBorder p={{ base: 'xs', sm: 'md' }}>
          <Title order={3} fz="md" mb="xs">
            {t('plans.budget.byChannel')}
          </Title>
          {budget.byChannel.length === 0 ? (
            <Empty text={t('plans.budget.noChannels')} />
          ) : (
            <Table verticalSpacing={4} data-testid="budget-by-channel">
              <Table.Tbody>
                {budget.byChannel.map((c) => (
                  <Table.Tr key={c.channel}>
                    <Table.Td>
                      <Text size="sm">{vocabLabel('channel', c.channel, uiLanguage)}</Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Text size="sm">{money(c.total)}</Text>
                      {c.advertising > 0 && c.advertising !== c.total && (
                        <Text size="xs" c="dimmed">
                          {t('plans.budget.ofWhichAds', { amount: money(c.advertising) })}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
                <Table.Tr>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {t('plans.budget.unassigned')}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm" c="dimmed">
                      {money(budget.unassigned)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          )}
        </Paper>
      </SimpleGrid>

      <PlanForecastPanel view="budget" />

      <Stack gap="xs">
        <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
          <Title order={3} fz="md">
            {t('plans.budget.linesTitle')}
          </Title>
          <Group gap="xs" align="flex-end" wrap="wrap">
            <Select
              label={t('plans.budget.filterMonth')}
              size="xs"
              w={150}
              data={[{ value: ALL, label: t('plans.budget.allMonths') }, ...monthOptions]}
              value={monthFilter}
              onChange={(v) => {
                setMonthFilter(v ?? ALL);
                setPage(1);
              }}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
            />
            <Select
              label={t('plans.budget.filterCategory')}
              size="xs"
              w={170}
              data={[{ value: ALL, label: t('plans.budget.allCategories') }, ...categoryOptions]}
              value={categoryFilter}
              onChange={(v) => {
                setCategoryFilter(v ?? ALL);
                setPage(1);
              }}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
            />
          </Group>
        </Group>
        {(monthFilter !== ALL || categoryFilter !== ALL) && (
          <Text size="xs" c="dimmed">
            {t('plans.budget.filtered', { count: indices.length, total: money(shownTotal) })}
          </Text>
        )}
        <ItemTable
          items={data.lines}
          indices={pageIndices}
          columns={columns}
          itemKey={lineKey}
          minTableWidth={640}
          dense
          onRemove={removeLine}
          removeLabel={removeLabel}
          cardTitle={lineTitle}
          rowTestId="budget-line"
          empty={<Empty text={data.lines.length ? t('plans.budget.noMatch') : t('plans.budget.empty')} />}
        />
        {pages > 1 && (
          <Group justify="space-between" gap="xs" wrap="wrap">
            <Text size="xs" c="dimmed">
              {t('plans.budget.range', {
                from: (currentPage - 1) * PAGE_SIZE + 1,
                to: Math.min(currentPage * PAGE_SIZE, indices.length),
                total: indices.length,
              })}
            </Text>
            <Pagination
              total={pages}
              value={currentPage}
              onChange={setPage}
              size="sm"
              getControlProps={(control) => ({ 'aria-label': t(`plans.budget.page.${control}`) })}
              data-testid="budget-pages"
            />
          </Group>
        )}
        {!readOnly && data.lines.length < 2000 && (
          <AddButton onClick={addLine} testId="budget-add">
            {t('plans.budget.add')}
          </AddButton>
        )}
      </Stack>

      <PTextarea
        path={`${P}.notes`}
        label={t('plans.budget.notes')}
        minRows={2}
        value={data.notes}
        onChange={(notes) => edit((p) => ({ ...p, notes }))}
      />
    </Stack>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} fz="lg" data-testid={testId} className="ml-break">
        {value}
      </Text>
    </Paper>
  );
}
