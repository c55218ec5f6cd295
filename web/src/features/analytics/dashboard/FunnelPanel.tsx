import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Modal,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconPlus, IconTrash, IconX } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type FunnelReport,
  reportUrl,
  type StatsParams,
  type StatsSource,
  useCreateFunnel,
  useDeleteFunnel,
  useReport,
  useSourceFunnels,
} from '../../../api/analytics';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { ErrorState } from '../../../components/ErrorState';
import { errorMessage } from '../../../lib/form-errors';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { escapeHtml, formatCount, formatPercent } from '../format';
import { type ChartColors, EChart, type EChartsOption } from './charts';
import type { Manage } from './GoalsPanel';
import { EmptyPanel, Panel } from './Panel';

type Step = { kind: 'page' | 'event'; match: string };
const MIN_STEPS = 2;
const MAX_STEPS = 8;

function FunnelModal({
  manage,
  onClose,
  onCreated,
}: {
  manage: Manage;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const { t } = useTranslation();
  const create = useCreateFunnel(manage.workspaceId, manage.siteId);
  const [name, setName] = useState('');
  const [steps, setSteps] = useState<Step[]>([
    { kind: 'page', match: '' },
    { kind: 'page', match: '' },
  ]);
  const [submitted, setSubmitted] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const setStep = (index: number, change: Partial<Step>) =>
    setSteps((all) => all.map((s, i) => (i === index ? { ...s, ...change } : s)));
  const invalid = !name.trim() || steps.some((s) => !s.match.trim());

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (invalid) return;
    setError(null);
    create.mutate(
      { name: name.trim(), steps: steps.map((s) => ({ kind: s.kind, match: s.match.trim() })) },
      {
        onSuccess: (funnel) => {
          notifySuccess(t('analytics.funnels.created'));
          onCreated(funnel.id);
          onClose();
        },
        onError: setError,
      },
    );
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('analytics.funnels.addTitle')}
      size="lg"
      data-testid="funnel-modal"
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label={t('analytics.funnels.name')}
            required
            maxLength={200}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={submitted && !name.trim() ? t('validation.required') : undefined}
            data-testid="funnel-name"
            data-autofocus
          />
          <Text size="sm" c="dimmed">
            {t('analytics.funnels.stepsHelp')}
          </Text>
          {steps.map((step, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: steps have no identity beyond their position
            <Group key={index} gap="xs" wrap="nowrap" align="flex-start" data-testid="funnel-step">
              <Text size="sm" fw={600} w={20} pt={8} ta="right">
                {index + 1}.
              </Text>
              <Select
                data={[
                  { value: 'page', label: t('analytics.goals.kind.page') },
                  { value: 'event', label: t('analytics.goals.kind.event') },
                ]}
                value={step.kind}
                onChange={(v) => setStep(index, { kind: (v as Step['kind']) ?? 'page' })}
                allowDeselect={false}
                w={110}
                aria-label={t('analytics.funnels.stepKind', { n: index + 1 })}
                data-testid="funnel-step-kind"
              />
              <TextInput
                style={{ flex: 1, minWidth: 0 }}
                placeholder={step.kind === 'page' ? '/pricing' : 'Signup'}
                value={step.match}
                maxLength={500}
                onChange={(e) => setStep(index, { match: e.currentTarget.value })}
                error={submitted && !step.match.trim() ? t('validation.required') : undefined}
                aria-label={t('analytics.funnels.stepMatch', { n: index + 1 })}
                data-testid="funnel-step-match"
              />
              <ActionIcon
                variant="subtle"
                color="gray"
                mt={4}
                disabled={steps.length <= MIN_STEPS}
                onClick={() => setSteps((all) => all.filter((_, i) => i !== index))}
                aria-label={t('analytics.funnels.removeStep', { n: index + 1 })}
              >
                <IconX size={16} aria-hidden />
              </ActionIcon>
            </Group>
          ))}
          <Group>
            <Button
              variant="subtle"
              size="compact-sm"
              leftSection={<IconPlus size={14} aria-hidden />}
              disabled={steps.length >= MAX_STEPS}
              onClick={() => setSteps((all) => [...all, { kind: 'page', match: '' }])}
              data-testid="funnel-step-add"
            >
              {t('analytics.funnels.addStep')}
            </Button>
            <Text size="xs" c="dimmed">
              {t('analytics.funnels.stepCount', { count: steps.length, max: MAX_STEPS })}
            </Text>
          </Group>
          {error !== null && (
            <Alert color="red" variant="light">
              {errorMessage(error, t)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="funnel-save">
              {t('analytics.funnels.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function FunnelChart({ report }: { report: FunnelReport }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const signature = JSON.stringify(report.steps);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `signature` stands for `report.steps`
  const option = useCallback(
    (colors: ChartColors): EChartsOption => ({
      aria: { enabled: true },
      animation: false,
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        backgroundColor: colors.tooltipBackground,
        borderColor: colors.grid,
        textStyle: { color: colors.text },
        // Step matches are typed by editors and tracked paths: escaped, since this renders HTML.
        formatter: (raw: unknown) => {
          const p = (Array.isArray(raw) ? raw[0] : raw) as { dataIndex: number };
          const step = report.steps[p.dataIndex];
          if (!step) return '';
          return [
            `<b>${escapeHtml(`${p.dataIndex + 1}. ${step.match}`)}</b>`,
            escapeHtml(`${t('analytics.metrics.visitors')}: ${formatCount(step.visitors, locale)}`),
            escapeHtml(`${t('analytics.funnels.conversion')}: ${formatPercent(step.conversionRate, locale)}`),
            p.dataIndex > 0
              ? escapeHtml(`${t('analytics.funnels.dropoff')}: ${formatCount(step.dropoff, locale)}`)
              : '',
          ]
            .filter(Boolean)
            .join('<br/>');
        },
      },
      grid: { left: 4, right: 8, top: 24, bottom: 4, containLabel: true },
      xAxis: {
        type: 'category',
        data: report.steps.map((_, i) => t('analytics.funnels.stepN', { n: i + 1 })),
        axisLabel: { color: colors.dimmed },
        axisLine: { lineStyle: { color: colors.grid } },
        axisTick: { show: false },
      },
      yAxis: {
        type: 'value',
        minInterval: 1,
        axisLabel: { color: colors.dimmed },
        splitLine: { lineStyle: { color: colors.grid } },
      },
      series: [
        {
          type: 'bar',
          barMaxWidth: 56,
          data: report.steps.map((s) => s.visitors),
          itemStyle: { color: '#5C7CFA', borderRadius: [4, 4, 0, 0] },
          label: {
            show: true,
            position: 'top',
            color: colors.text,
            formatter: (p: { dataIndex: number }) =>
              formatPercent(report.steps[p.dataIndex]?.conversionRate ?? 0, locale),
          },
        },
      ],
    }),
    [signature, locale, t],
  );
  return (
    <EChart option={option} height={220} label={t('analytics.funnels.chartLabel')} testId="funnel-chart" />
  );
}

function FunnelBody({
  source,
  params,
  funnelId,
}: {
  source: StatsSource;
  params: StatsParams;
  funnelId: string;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const query = useReport<FunnelReport>(source, 'funnel', params, { extra: { funnel: funnelId } });
  if (query.isPending && !query.data) return <Skeleton h={220} />;
  if (query.error && !query.data)
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data) return null;
  const report = query.data;
  return (
    <Stack gap="xs">
      <FunnelChart report={report} />
      <Table.ScrollContainer minWidth={300}>
        <Table verticalSpacing={4} fz="sm" data-testid="funnel-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('analytics.funnels.step')}</Table.Th>
              <Table.Th ta="right">{t('analytics.columns.visitors')}</Table.Th>
              <Table.Th ta="right">{t('analytics.funnels.conversion')}</Table.Th>
              <Table.Th ta="right">{t('analytics.funnels.dropoff')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.steps.map((step, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a funnel may repeat a step
              <Table.Tr key={i} data-testid="funnel-step-row">
                <Table.Td className="ml-break">
                  {i + 1}. {t(`analytics.goals.kind.${step.kind}`)}: {step.match}
                </Table.Td>
                <Table.Td ta="right" className="ml-num">
                  {formatCount(step.visitors, locale)}
                </Table.Td>
                <Table.Td ta="right" className="ml-num">
                  {formatPercent(step.conversionRate, locale)}
                </Table.Td>
                <Table.Td ta="right" className="ml-num" c={step.dropoff > 0 ? 'red' : 'dimmed'}>
                  {i === 0 ? '—' : step.dropoff > 0 ? `−${formatCount(step.dropoff, locale)}` : '0'}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

/**
 * Saved funnels of a site: pick one to see its steps; editors define (2-8 steps) and delete them.
 * `manage` is null on the public page: read-only.
 */
export function FunnelPanel({
  source,
  params,
  manage,
}: {
  source: StatsSource;
  params: StatsParams;
  manage: Manage | null;
}) {
  const { t } = useTranslation();
  const funnels = useSourceFunnels(source);
  const remove = useDeleteFunnel(manage?.workspaceId ?? '', manage?.siteId ?? '');
  const canEdit = manage?.canEdit ?? false;
  const [selected, setSelected] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const list = funnels.data ?? [];
  const current = list.find((f) => f.id === selected) ?? list[0];

  let body: React.ReactNode;
  if (funnels.isPending) body = <Skeleton h={160} />;
  else if (funnels.error) body = <ErrorState error={funnels.error} onRetry={() => void funnels.refetch()} />;
  else if (!current)
    body = (
      <EmptyPanel>{canEdit ? t('analytics.funnels.emptyEditor') : t('analytics.funnels.empty')}</EmptyPanel>
    );
  else {
    body = (
      <Stack gap="sm">
        <Group gap="xs" wrap="nowrap">
          <Select
            data={list.map((f) => ({ value: f.id, label: f.name }))}
            value={current.id}
            onChange={(v) => v && setSelected(v)}
            allowDeselect={false}
            style={{ flex: 1, minWidth: 0 }}
            aria-label={t('analytics.funnels.pick')}
            data-testid="funnel-select"
          />
          {canEdit && (
            <Tooltip label={t('common.delete')} openDelay={400}>
              <ActionIcon
                variant="subtle"
                color="red"
                onClick={() => setDeleting(true)}
                aria-label={t('analytics.funnels.deleteNamed', { name: current.name })}
                data-testid="funnel-delete"
              >
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
        <FunnelBody source={source} params={params} funnelId={current.id} />
      </Stack>
    );
  }

  return (
    <Panel
      title={t('analytics.funnels.title')}
      testId="panel-funnel"
      csvHref={current ? reportUrl(source, 'funnel', params, { funnel: current.id }, true) : undefined}
      actions={
        canEdit && (
          <Button
            size="compact-sm"
            variant="light"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() => setAdding(true)}
            data-testid="funnel-add"
          >
            {t('analytics.funnels.add')}
          </Button>
        )
      }
    >
      {body}
      {adding && manage && (
        <FunnelModal manage={manage} onClose={() => setAdding(false)} onCreated={setSelected} />
      )}
      <ConfirmModal
        opened={deleting && Boolean(current)}
        title={t('analytics.funnels.deleteTitle')}
        message={t('analytics.funnels.deleteMessage', { name: current?.name ?? '' })}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        onClose={() => setDeleting(false)}
        onConfirm={() =>
          current &&
          remove.mutate(current.id, {
            onSuccess: () => {
              setDeleting(false);
              setSelected(null);
            },
            onError: (e) => notifyError(e, t),
          })
        }
      />
    </Panel>
  );
}
