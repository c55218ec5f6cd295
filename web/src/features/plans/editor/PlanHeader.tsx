import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  Menu,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconArrowLeft, IconCheck, IconDownload, IconHistory, IconPencil, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Plan, type PlanStatus, planExportUrl } from '../../../api/plans';
import type { Role } from '../../../api/types';
import { formatDateTime } from '../../../lib/format';
import { statusColor, transitionsFor } from '../status';
import { SaveStatusBadge } from './SaveStatusBadge';
import type { SaveStatus } from './use-plan-editor';

export function PlanHeader({
  workspaceId,
  plan,
  title,
  role,
  canEditTitle,
  status,
  busy,
  onRename,
  onTransition,
  onOpenVersions,
}: {
  workspaceId: string;
  plan: Plan;
  title: string;
  role: Role;
  canEditTitle: boolean;
  status: SaveStatus;
  busy: PlanStatus | 'title' | null;
  onRename: (title: string) => Promise<boolean>;
  onTransition: (to: PlanStatus) => void;
  onOpenVersions: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(title);
  const transitions = transitionsFor(plan.status, role);

  const startEdit = () => {
    setDraft(title);
    setEditing(true);
  };
  const save = async () => {
    const next = draft.trim();
    if (!next || next === title) {
      setEditing(false);
      return;
    }
    if (await onRename(next)) setEditing(false);
  };

  return (
    <Stack gap="xs" mb="lg">
      <Anchor component={Link} to={`/w/${workspaceId}/plans`} size="sm" c="dimmed" w="fit-content">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden />
          {t('plans.editor.back')}
        </Group>
      </Anchor>
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Stack gap={6} style={{ flex: '1 1 320px', minWidth: 0 }}>
          {editing ? (
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <TextInput
                value={draft}
                onChange={(e) => setDraft(e.currentTarget.value)}
                aria-label={t('plans.fields.title')}
                maxLength={200}
                size="md"
                style={{ flex: 1 }}
                data-autofocus
                autoFocus
                error={draft.trim() ? undefined : t('validation.required')}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') void save();
                  if (e.key === 'Escape') setEditing(false);
                }}
                data-testid="plan-title-edit"
              />
              <ActionIcon
                size="lg"
                variant="filled"
                aria-label={t('common.save')}
                onClick={() => void save()}
                loading={busy === 'title'}
              >
                <IconCheck size={18} aria-hidden />
              </ActionIcon>
              <ActionIcon
                size="lg"
                variant="default"
                aria-label={t('common.cancel')}
                onClick={() => setEditing(false)}
              >
                <IconX size={18} aria-hidden />
              </ActionIcon>
            </Group>
          ) : (
            <Group gap={6} wrap="nowrap" align="flex-start">
              <Title order={2} fz={{ base: 20, sm: 26 }} className="ml-break" data-testid="page-title">
                {title}
              </Title>
              {canEditTitle && (
                <Tooltip label={t('plans.editor.rename')} openDelay={300}>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    mt={4}
                    aria-label={t('plans.editor.rename')}
                    onClick={startEdit}
                    data-testid="plan-rename"
                  >
                    <IconPencil size={16} aria-hidden />
                  </ActionIcon>
                </Tooltip>
              )}
            </Group>
          )}
          <Group gap={6} wrap="wrap">
            <Badge
              color={statusColor[plan.status]}
              variant="light"
              data-testid="plan-status"
              data-status={plan.status}
            >
              {t(`plans.status.${plan.status}`)}
            </Badge>
            <Badge variant="default" tt="none" data-testid="plan-version">
              {t('plans.versionShort', { version: plan.version })}
            </Badge>
            {plan.companyName && (
              <Badge variant="outline" color="gray" tt="none">
                {plan.companyName}
              </Badge>
            )}
            <Badge variant="outline" color="gray" tt="none">
              {plan.document.language === 'zh-CN' ? '简体中文' : 'English'} · {plan.document.currency}
            </Badge>
            <SaveStatusBadge status={status} />
          </Group>
          {plan.approval && (
            <Text size="xs" c="dimmed" data-testid="plan-approval">
              {t('plans.editor.approvedBy', {
                version: plan.approval.version,
                name: plan.approval.approvedByName ?? t('plans.someone'),
                at: formatDateTime(plan.approval.approvedAt, i18n.language),
              })}
            </Text>
          )}
        </Stack>
        <Group gap="xs" wrap="wrap">
          {transitions.map((transition) => (
            <Button
              key={transition.to}
              variant={transition.variant}
              color={transition.action === 'approve' ? 'teal' : undefined}
              size="sm"
              loading={busy === transition.to}
              disabled={busy !== null && busy !== transition.to}
              onClick={() => onTransition(transition.to)}
              data-testid={transition.testId}
            >
              {t(`plans.workflow.${transition.action}`)}
            </Button>
          ))}
          <Button
            variant="default"
            size="sm"
            leftSection={<IconHistory size={16} aria-hidden />}
            onClick={onOpenVersions}
            data-testid="versions-open"
          >
            {t('plans.versions.open')}
          </Button>
          <Menu position="bottom-end" shadow="md" withinPortal>
            <Menu.Target>
              <Button
                variant="default"
                size="sm"
                leftSection={<IconDownload size={16} aria-hidden />}
                data-testid="plan-export"
              >
                {t('plans.editor.export')}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {(['pdf', 'docx', 'html', 'md'] as const).map((format) => (
                <Menu.Item
                  key={format}
                  component="a"
                  href={`/api/workspaces/${workspaceId}/plans/${plan.id}/render.${format}`}
                  target={format === 'html' ? '_blank' : undefined}
                  rel="noopener"
                  data-testid={`plan-export-${format}`}
                >
                  {t(`plans.editor.exportFormats.${format}`)}
                </Menu.Item>
              ))}
              <Menu.Item
                component="a"
                href={planExportUrl(workspaceId, plan.id)}
                download
                data-testid="plan-export-json"
              >
                {t('plans.editor.exportJson')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
    </Stack>
  );
}
