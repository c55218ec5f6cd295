import {
  Alert,
  Badge,
  Drawer,
  Group,
  Loader,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconArrowRight, IconLock } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldChange, PlanChange, PlanDiff } from '../../../../../src/modules/plans/plan-diff';
import { type Plan, usePlanDiff, usePlanVersions } from '../../../api/plans';
import { ErrorState } from '../../../components/ErrorState';
import { formatDateTime } from '../../../lib/format';
import { statusColor } from '../status';

const CURRENT = 'current';

export function VersionsDrawer({
  opened,
  onClose,
  workspaceId,
  plan,
}: {
  opened: boolean;
  onClose: () => void;
  workspaceId: string;
  plan: Plan;
}) {
  const { t, i18n } = useTranslation();
  const isPhone = useMediaQuery('(max-width: 48em)');
  const versions = usePlanVersions(workspaceId, plan.id, opened);
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(CURRENT);

  // Default comparison: the newest earlier version against the current plan.
  useEffect(() => {
    if (!versions.data || from !== null) return;
    const earlier = versions.data.filter((v) => v.version !== plan.version || v.frozen);
    const pick = earlier.length ? Math.max(...earlier.map((v) => v.version)) : null;
    if (pick !== null) setFrom(String(pick));
  }, [versions.data, from, plan.version]);

  const diff = usePlanDiff(workspaceId, plan.id, from, to, plan.revision);
  const options = [
    ...(versions.data ?? [])
      .slice()
      .sort((a, b) => b.version - a.version)
      .map((v) => ({
        value: String(v.version),
        label: t('plans.versions.option', { version: v.version, status: t(`plans.status.${v.status}`) }),
      })),
  ];
  const toOptions = [{ value: CURRENT, label: t('plans.versions.current') }, ...options];

  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size={isPhone ? '100%' : 'lg'}
      title={
        <Title order={2} fz="lg">
          {t('plans.versions.title')}
        </Title>
      }
    >
      <Stack gap="md" data-testid="versions-drawer">
        {versions.isPending ? (
          <Stack gap="xs">
            <Skeleton h={40} />
            <Skeleton h={40} />
          </Stack>
        ) : versions.error ? (
          <ErrorState error={versions.error} onRetry={() => void versions.refetch()} />
        ) : (
          <Stack gap={6} data-testid="versions-list">
            {!versions.data.some((v) => v.version === plan.version) && (
              <Paper withBorder p="xs" data-testid="version-row" data-current="true">
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Group gap="xs" wrap="nowrap">
                    <Text fw={700} size="sm">
                      {t('plans.versionShort', { version: plan.version })}
                    </Text>
                    <Badge size="sm" variant="light" color={statusColor[plan.status]}>
                      {t(`plans.status.${plan.status}`)}
                    </Badge>
                    <Badge size="sm" variant="outline" color="blue">
                      {t('plans.versions.inProgress')}
                    </Badge>
                  </Group>
                  <Text size="xs" c="dimmed" ta="right">
                    {formatDateTime(plan.updatedAt, i18n.language)}
                    {plan.updatedByName ? ` · ${plan.updatedByName}` : ''}
                  </Text>
                </Group>
              </Paper>
            )}
            {[...versions.data]
              .sort((a, b) => b.version - a.version)
              .map((v) => (
                <Paper key={v.version} withBorder p="xs" data-testid="version-row">
                  <Group justify="space-between" wrap="nowrap" gap="xs">
                    <Group gap="xs" wrap="nowrap">
                      <Text fw={700} size="sm">
                        {t('plans.versionShort', { version: v.version })}
                      </Text>
                      <Badge size="sm" variant="light" color={statusColor[v.status]}>
                        {t(`plans.status.${v.status}`)}
                      </Badge>
                      {v.frozen && (
                        <Badge
                          size="sm"
                          variant="outline"
                          color="gray"
                          leftSection={<IconLock size={10} aria-hidden />}
                        >
                          {t('plans.versions.frozen')}
                        </Badge>
                      )}
                    </Group>
                    <Text size="xs" c="dimmed" ta="right">
                      {formatDateTime(v.createdAt, i18n.language)}
                      {v.createdByName ? ` · ${v.createdByName}` : ''}
                    </Text>
                  </Group>
                  {v.note && (
                    <Text size="xs" c="dimmed" mt={4} className="ml-break">
                      {v.note}
                    </Text>
                  )}
                </Paper>
              ))}
          </Stack>
        )}

        <Title order={3} fz="md" mt="sm">
          {t('plans.versions.compare')}
        </Title>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <Select
            label={t('plans.versions.from')}
            data={options}
            value={from}
            onChange={setFrom}
            placeholder={t('plans.versions.pick')}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            data-testid="diff-from"
          />
          <Select
            label={t('plans.versions.to')}
            data={toOptions}
            value={to}
            onChange={setTo}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            data-testid="diff-to"
          />
        </SimpleGrid>
        {from !== null && from === to ? (
          <Text size="sm" c="dimmed">
            {t('plans.versions.same')}
          </Text>
        ) : from === null ? (
          <Text size="sm" c="dimmed">
            {t('plans.versions.pickTwo')}
          </Text>
        ) : diff.isPending ? (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm" c="dimmed">
              {t('common.loading')}
            </Text>
          </Group>
        ) : diff.error ? (
          <ErrorState error={diff.error} onRetry={() => void diff.refetch()} />
        ) : (
          <DiffView diff={diff.data.changes} />
        )}
      </Stack>
    </Drawer>
  );
}

export function DiffView({ diff }: { diff: PlanDiff }) {
  const { t } = useTranslation();
  if (diff.identical) {
    return (
      <Alert color="gray" variant="light" data-testid="diff-view" data-identical="true">
        {t('plans.versions.identical')}
      </Alert>
    );
  }
  return (
    <Stack gap="md" data-testid="diff-view">
      <Text size="sm" c="dimmed">
        {t('plans.versions.changeCount', { count: diff.changeCount })}
      </Text>
      {diff.sections.map((section) => (
        <Paper key={section.section} withBorder p="sm" data-testid={`diff-section-${section.section}`}>
          <Title order={4} fz="sm" mb="xs">
            {section.label}
          </Title>
          <Stack gap={8}>
            {section.changes.map((change, i) => (
              <ChangeRow key={`${change.kind}-${i.toString()}`} change={change} />
            ))}
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}

function ChangeRow({ change }: { change: PlanChange }) {
  const { t } = useTranslation();
  if (change.kind === 'field') return <FieldRow field={change.change} />;
  if (change.kind !== 'changed') {
    return (
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Badge size="xs" color={change.kind === 'added' ? 'teal' : 'red'} variant="light" mt={2}>
          {t(`plans.versions.${change.kind}`)}
        </Badge>
        <Text size="sm" className="ml-break" td={change.kind === 'removed' ? 'line-through' : undefined}>
          {change.itemLabel || change.id}
        </Text>
      </Group>
    );
  }
  return (
    <div>
      <Group gap="xs" wrap="nowrap">
        <Badge size="xs" color="blue" variant="light">
          {t('plans.versions.changed')}
        </Badge>
        <Text size="sm" fw={600} className="ml-break">
          {change.itemLabel || change.id}
        </Text>
      </Group>
      <Stack gap={4} pl="md" mt={4}>
        {change.fields.map((field) => (
          <FieldRow key={field.field} field={field} />
        ))}
      </Stack>
    </div>
  );
}

function FieldRow({ field }: { field: FieldChange }) {
  return (
    <Group gap={6} wrap="wrap" align="baseline" className="ml-diff-row">
      <Text size="sm" c="dimmed">
        {field.label}:
      </Text>
      <Text size="sm" className="ml-diff-before ml-break">
        {field.beforeText}
      </Text>
      <IconArrowRight size={12} aria-label="→" />
      <Text size="sm" className="ml-diff-after ml-break">
        {field.afterText}
      </Text>
    </Group>
  );
}
