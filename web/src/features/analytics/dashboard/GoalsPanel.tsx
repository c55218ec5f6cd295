import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Modal,
  SegmentedControl,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type DashboardReport,
  type Goal,
  type GoalsReport,
  reportUrl,
  type StatsFilter,
  type StatsParams,
  type StatsSource,
  useCreateGoal,
  useDeleteGoal,
  useGoals,
} from '../../../api/analytics';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { ErrorState } from '../../../components/ErrorState';
import { applyFieldError, errorMessage } from '../../../lib/form-errors';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { formatCount, formatMoney, formatPercent } from '../format';
import { EmptyPanel, Panel } from './Panel';

export interface Manage {
  workspaceId: string;
  siteId: string;
  canEdit: boolean;
}

function GoalModal({ manage, onClose }: { manage: Manage; onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateGoal(manage.workspaceId, manage.siteId);
  const form = useForm({
    initialValues: { name: '', kind: 'event' as 'page' | 'event', match: '' },
    validate: {
      name: (v) => (v.trim() ? null : t('validation.required')),
      match: (v) => (v.trim() ? null : t('validation.required')),
    },
  });
  const [error, setError] = useState<unknown>(null);
  const kind = form.getValues().kind;
  const submit = form.onSubmit((values) => {
    setError(null);
    create.mutate(
      { name: values.name.trim(), kind: values.kind, match: values.match.trim() },
      {
        onSuccess: () => {
          notifySuccess(t('analytics.goals.created'));
          onClose();
        },
        onError: (e) => {
          if (!applyFieldError(form, e, t)) setError(e);
        },
      },
    );
  });
  return (
    <Modal opened onClose={onClose} title={t('analytics.goals.addTitle')} data-testid="goal-modal">
      <form onSubmit={submit} noValidate>
        <Stack>
          <SegmentedControl
            data={[
              { value: 'event', label: t('analytics.goals.kind.event') },
              { value: 'page', label: t('analytics.goals.kind.page') },
            ]}
            {...form.getInputProps('kind')}
            data-testid="goal-kind"
          />
          <TextInput
            label={kind === 'event' ? t('analytics.goals.matchEvent') : t('analytics.goals.matchPage')}
            description={
              kind === 'event' ? t('analytics.goals.matchEventHelp') : t('analytics.goals.matchPageHelp')
            }
            placeholder={kind === 'event' ? 'Signup' : '/thank-you'}
            required
            maxLength={500}
            data-testid="goal-match"
            {...form.getInputProps('match')}
            onChange={(e) => {
              const value = e.currentTarget.value;
              if (!form.isTouched('name') || !form.getValues().name) form.setFieldValue('name', value);
              form.setFieldValue('match', value);
            }}
          />
          <TextInput
            label={t('analytics.goals.name')}
            required
            maxLength={200}
            data-testid="goal-name"
            {...form.getInputProps('name')}
          />
          {error !== null && (
            <Alert color="red" variant="light">
              {errorMessage(error, t)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="goal-save">
              {t('analytics.goals.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

type GoalRow = GoalsReport['rows'][number];

/** Conversions per goal; editors add page or event goals and delete them here. */
export function GoalsPanel({
  source,
  params,
  dashboard,
  manage,
  onFilter,
}: {
  source: StatsSource;
  params: StatsParams;
  dashboard: { data: DashboardReport | undefined; isPending: boolean; error: unknown; refetch: () => void };
  manage: Manage | null;
  onFilter?: (dimension: StatsFilter[1], value: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<{ id: string; name: string } | null>(null);
  const goals = useGoals(manage?.workspaceId ?? '', manage?.siteId ?? '', Boolean(manage));
  const remove = useDeleteGoal(manage?.workspaceId ?? '', manage?.siteId ?? '');

  // Goals the report does not list yet (just added) still show, with no conversions.
  const reported = dashboard.data?.goals.rows ?? [];
  const rows: GoalRow[] = [
    ...reported,
    ...(goals.data ?? [])
      .filter((g: Goal) => !reported.some((r) => r.goalId === g.id))
      .map((g) => ({
        goalId: g.id,
        name: g.name,
        kind: g.kind,
        match: g.match,
        visitors: 0,
        conversions: 0,
        conversionRate: 0,
        revenue: [],
      })),
  ];

  const filterFor = (row: GoalRow): [StatsFilter[1], string] | null => {
    if (row.kind === 'event') return ['event', row.match];
    return row.match.includes('*') ? null : ['page', row.match];
  };

  let body: React.ReactNode;
  if (dashboard.isPending && !dashboard.data) body = <Skeleton h={120} />;
  else if (dashboard.error && !dashboard.data)
    body = <ErrorState error={dashboard.error} onRetry={dashboard.refetch} />;
  else if (rows.length === 0)
    body = (
      <EmptyPanel>
        {manage?.canEdit ? t('analytics.goals.emptyEditor') : t('analytics.goals.empty')}
      </EmptyPanel>
    );
  else {
    body = (
      <Stack gap={2}>
        <Group justify="space-between" px={8} wrap="nowrap">
          <Text size="xs" c="dimmed" fw={600} tt="uppercase">
            {t('analytics.goals.goal')}
          </Text>
          <Group gap="md" wrap="nowrap">
            <Text size="xs" c="dimmed" fw={600} tt="uppercase" ta="right" w={72}>
              {t('analytics.goals.conversions')}
            </Text>
            <Text size="xs" c="dimmed" fw={600} tt="uppercase" ta="right" w={56}>
              {t('analytics.goals.rate')}
            </Text>
            {manage?.canEdit && <span style={{ width: 28 }} />}
          </Group>
        </Group>
        {rows.map((row) => {
          const filter = onFilter ? filterFor(row) : null;
          const info = (
            <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
              <Text size="sm" fw={500} truncate="end" data-testid="goal-name-text">
                {row.name}
              </Text>
              <Text size="xs" c="dimmed" truncate="end">
                {t(`analytics.goals.kind.${row.kind}`)}: {row.match}
              </Text>
              {row.revenue.length > 0 && (
                <Text size="xs" c="teal" className="ml-num" data-testid="goal-revenue">
                  {row.revenue.map((r) => formatMoney(r.amount, r.currency, locale)).join(' · ')}
                </Text>
              )}
            </Stack>
          );
          return (
            <Group key={row.goalId} gap="xs" wrap="nowrap" className="ml-goal-row" data-testid="goal-row">
              {filter ? (
                <UnstyledButton
                  onClick={() => onFilter?.(filter[0], filter[1])}
                  style={{ flex: 1, minWidth: 0, display: 'flex' }}
                  aria-label={t('analytics.filters.addNamed', { value: row.name })}
                >
                  {info}
                </UnstyledButton>
              ) : (
                info
              )}
              <Group gap="md" wrap="nowrap">
                <Text size="sm" fw={600} ta="right" w={72} className="ml-num" data-testid="goal-conversions">
                  {formatCount(row.conversions, locale)}
                </Text>
                <Text size="sm" c="dimmed" ta="right" w={56} className="ml-num" data-testid="goal-rate">
                  {formatPercent(row.conversionRate, locale)}
                </Text>
                {manage?.canEdit && (
                  <Tooltip label={t('common.delete')} openDelay={400}>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      size="sm"
                      aria-label={t('analytics.goals.deleteNamed', { name: row.name })}
                      onClick={() => setDeleting({ id: row.goalId, name: row.name })}
                      data-testid="goal-delete"
                    >
                      <IconTrash size={15} aria-hidden />
                    </ActionIcon>
                  </Tooltip>
                )}
              </Group>
            </Group>
          );
        })}
      </Stack>
    );
  }

  return (
    <Panel
      title={t('analytics.goals.title')}
      testId="panel-goals"
      csvHref={reportUrl(source, 'goals', params, {}, true)}
      actions={
        manage?.canEdit && (
          <Button
            size="compact-sm"
            variant="light"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() => setAdding(true)}
            data-testid="goal-add"
          >
            {t('analytics.goals.add')}
          </Button>
        )
      }
    >
      {body}
      {adding && manage && <GoalModal manage={manage} onClose={() => setAdding(false)} />}
      <ConfirmModal
        opened={deleting !== null}
        title={t('analytics.goals.deleteTitle')}
        message={t('analytics.goals.deleteMessage', { name: deleting?.name ?? '' })}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => setDeleting(null),
            onError: (e) => notifyError(e, t),
          })
        }
      />
    </Panel>
  );
}
