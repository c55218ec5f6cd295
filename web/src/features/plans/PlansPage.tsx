import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Card,
  EmptyState,
  Group,
  List,
  Menu,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import {
  IconClipboardList,
  IconCopy,
  IconDots,
  IconDownload,
  IconFileImport,
  IconPlus,
  IconTrash,
} from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { type PlanSummary, planExportUrl, useDeletePlan, useDuplicatePlan, usePlans } from '../../api/plans';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorState } from '../../components/ErrorState';
import { PageHeader } from '../../components/PageHeader';
import { formatDate } from '../../lib/format';
import { notifyError, notifySuccess } from '../../lib/notify';
import { canAdmin, canEdit } from '../../lib/roles';
import { useCurrentWorkspace } from '../../routes/workspace-context';
import { ImportPlanModal } from './ImportPlanModal';
import { NewPlanModal } from './NewPlanModal';
import { readinessColor, statusColor, verdictColor } from './status';

export function PlansPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { workspace } = useCurrentWorkspace();
  const plans = usePlans(workspace.id);
  const duplicate = useDuplicatePlan(workspace.id);
  const remove = useDeletePlan(workspace.id);
  const isPhone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [newOpened, newModal] = useDisclosure(false);
  const [importOpened, importModal] = useDisclosure(false);
  const [deleting, setDeleting] = useState<PlanSummary | null>(null);
  const mayEdit = canEdit(workspace.role);
  const mayDelete = canAdmin(workspace.role);
  const base = `/w/${workspace.id}/plans`;

  const doDuplicate = (plan: PlanSummary) =>
    duplicate.mutate(plan.id, {
      onSuccess: (copy) => {
        notifySuccess(t('plans.duplicated', { title: copy.title }));
        navigate(`${base}/${copy.id}`);
      },
      onError: (error) => notifyError(error, t),
    });
  const confirmDelete = () => {
    if (!deleting) return;
    const title = deleting.title;
    remove.mutate(deleting.id, {
      onSuccess: () => {
        notifySuccess(t('plans.deleted', { title }));
        setDeleting(null);
      },
      onError: (error) => notifyError(error, t),
    });
  };

  const headerActions = mayEdit && (
    <>
      <Button
        variant="default"
        leftSection={<IconFileImport size={16} aria-hidden />}
        onClick={importModal.open}
        data-testid="plan-import"
      >
        {t('plans.import.open')}
      </Button>
      <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={newModal.open} data-testid="plan-new">
        {t('plans.new.open')}
      </Button>
    </>
  );

  const readiness = (plan: PlanSummary) =>
    plan.readiness === null ? (
      <Text size="sm" c="dimmed">
        {t('plans.notAssessed')}
      </Text>
    ) : (
      <Group gap={6} wrap="nowrap">
        <Text size="sm" fw={600} c={readinessColor(plan.readiness)}>
          {Math.round(plan.readiness)}
        </Text>
        {plan.verdict && (
          <Badge size="xs" variant="light" color={verdictColor(plan.verdict)}>
            {t(`plans.verdict.${plan.verdict}`, { defaultValue: plan.verdict })}
          </Badge>
        )}
      </Group>
    );

  const status = (plan: PlanSummary) => (
    <Badge variant="light" color={statusColor[plan.status]} data-testid="plan-row-status">
      {t(`plans.status.${plan.status}`)}
    </Badge>
  );

  const actions = (plan: PlanSummary) => (
    <Menu position="bottom-end" withinPortal shadow="md">
      <Menu.Target>
        <Tooltip label={t('common.actions')} openDelay={400}>
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-label={t('plans.actionsFor', { title: plan.title })}
            data-testid="plan-row-menu"
          >
            <IconDots size={18} aria-hidden />
          </ActionIcon>
        </Tooltip>
      </Menu.Target>
      <Menu.Dropdown>
        {mayEdit && (
          <Menu.Item
            leftSection={<IconCopy size={16} aria-hidden />}
            onClick={() => doDuplicate(plan)}
            data-testid="plan-duplicate"
          >
            {t('plans.duplicate')}
          </Menu.Item>
        )}
        <Menu.Item
          component="a"
          href={planExportUrl(workspace.id, plan.id)}
          download
          leftSection={<IconDownload size={16} aria-hidden />}
        >
          {t('plans.editor.exportJson')}
        </Menu.Item>
        {mayDelete && (
          <>
            <Menu.Divider />
            <Menu.Item
              color="red"
              leftSection={<IconTrash size={16} aria-hidden />}
              onClick={() => setDeleting(plan)}
              data-testid="plan-delete"
            >
              {t('common.delete')}
            </Menu.Item>
          </>
        )}
      </Menu.Dropdown>
    </Menu>
  );

  let body: React.ReactNode;
  if (plans.isPending) {
    body = (
      <Stack gap="sm">
        <Skeleton h={56} />
        <Skeleton h={56} />
        <Skeleton h={56} />
      </Stack>
    );
  } else if (plans.error) {
    body = <ErrorState error={plans.error} onRetry={() => void plans.refetch()} />;
  } else if (plans.data.length === 0) {
    body = (
      <Paper withBorder p={{ base: 'lg', sm: 48 }}>
        <EmptyState
          icon={<IconClipboardList size={28} aria-hidden />}
          title={t('plans.emptyTitle')}
          description={t('plans.emptyText')}
          data-testid="plans-empty"
        >
          <List size="sm" spacing={4} ta="left" maw={560} mx="auto" mt="sm">
            <List.Item>{t('plans.emptyPoints.sections')}</List.Item>
            <List.Item>{t('plans.emptyPoints.analysis')}</List.Item>
            <List.Item>{t('plans.emptyPoints.workflow')}</List.Item>
          </List>
          {mayEdit ? (
            <EmptyState.Actions>
              <Button
                leftSection={<IconPlus size={16} aria-hidden />}
                onClick={newModal.open}
                data-testid="plan-new"
              >
                {t('plans.new.open')}
              </Button>
              <Button
                variant="default"
                leftSection={<IconFileImport size={16} aria-hidden />}
                onClick={importModal.open}
                data-testid="plan-import"
              >
                {t('plans.import.open')}
              </Button>
            </EmptyState.Actions>
          ) : (
            <Text size="sm" c="dimmed" mt="md">
              {t('plans.emptyViewer')}
            </Text>
          )}
        </EmptyState>
      </Paper>
    );
  } else if (isPhone) {
    body = (
      <Stack gap="sm" data-testid="plan-list">
        {plans.data.map((plan) => (
          <Card key={plan.id} withBorder padding="md" data-testid="plan-row" data-plan-id={plan.id}>
            <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
              <Stack gap={4} style={{ minWidth: 0 }}>
                <Anchor component={Link} to={`${base}/${plan.id}`} fw={600} className="ml-break">
                  {plan.title}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {[
                    plan.companyName ?? t('plans.noCompany'),
                    t('plans.versionShort', { version: plan.version }),
                  ].join(' · ')}
                </Text>
              </Stack>
              {actions(plan)}
            </Group>
            <Group gap="sm" mt="sm" wrap="wrap">
              {status(plan)}
              {readiness(plan)}
            </Group>
            <Text size="xs" c="dimmed" mt={6}>
              {t('plans.updatedBy', {
                date: formatDate(plan.updatedAt, i18n.language),
                name: plan.updatedByName ?? t('plans.someone'),
              })}
            </Text>
          </Card>
        ))}
      </Stack>
    );
  } else {
    body = (
      <Paper withBorder style={{ overflow: 'hidden' }}>
        <Table.ScrollContainer minWidth={820} type="native">
          <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover data-testid="plan-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('plans.fields.title')}</Table.Th>
                <Table.Th>{t('plans.fields.company')}</Table.Th>
                <Table.Th>{t('plans.fields.status')}</Table.Th>
                <Table.Th>{t('plans.fields.version')}</Table.Th>
                <Table.Th>{t('plans.fields.readiness')}</Table.Th>
                <Table.Th>{t('plans.fields.updated')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {plans.data.map((plan) => (
                <Table.Tr key={plan.id} data-testid="plan-row" data-plan-id={plan.id}>
                  <Table.Td maw={340}>
                    <Anchor
                      component={Link}
                      to={`${base}/${plan.id}`}
                      fw={600}
                      size="sm"
                      className="ml-break"
                      data-testid="plan-row-title"
                    >
                      {plan.title}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {plan.language === 'zh-CN' ? '简体中文' : 'English'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={plan.companyName ? undefined : 'dimmed'}>
                      {plan.companyName ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{status(plan)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Text size="sm">{t('plans.versionShort', { version: plan.version })}</Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{readiness(plan)}</Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                      {formatDate(plan.updatedAt, i18n.language)}
                    </Text>
                    {plan.updatedByName && (
                      <Text size="xs" c="dimmed">
                        {plan.updatedByName}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td w={56}>{actions(plan)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
    );
  }

  return (
    <>
      <PageHeader
        title={t('nav.plans')}
        description={t('plans.intro')}
        actions={plans.data && plans.data.length > 0 ? headerActions : null}
      />
      {!mayEdit && plans.data && plans.data.length > 0 && (
        <Text size="sm" c="dimmed" mb="md" data-testid="read-only-note">
          {t('plans.readOnly')}
        </Text>
      )}
      {body}
      <NewPlanModal workspaceId={workspace.id} opened={newOpened} onClose={newModal.close} />
      <ImportPlanModal workspaceId={workspace.id} opened={importOpened} onClose={importModal.close} />
      <ConfirmModal
        opened={deleting !== null}
        title={t('plans.deleteTitle')}
        message={t('plans.deleteText', { title: deleting?.title ?? '' })}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        onConfirm={confirmDelete}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}
