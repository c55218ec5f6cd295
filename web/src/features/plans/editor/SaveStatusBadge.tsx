import { Group, Loader, Text, Tooltip } from '@mantine/core';
import { IconAlertCircle, IconCheck, IconClock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { SaveStatus } from './use-plan-editor';

/** "Saving… / Saved / Not saved: <why>", announced politely to screen readers. */
export function SaveStatusBadge({ status }: { status: SaveStatus }) {
  const { t } = useTranslation();
  let icon: React.ReactNode = null;
  let text = '';
  let color: string | undefined = 'dimmed';
  let detail: string | undefined;
  switch (status.kind) {
    case 'idle':
      text = t('plans.save.idle');
      icon = <IconCheck size={14} aria-hidden />;
      break;
    case 'pending':
      text = t('plans.save.pending');
      icon = <IconClock size={14} aria-hidden />;
      break;
    case 'saving':
      text = t('plans.save.saving');
      icon = <Loader size={12} />;
      break;
    case 'saved':
      text = t('plans.save.saved');
      icon = <IconCheck size={14} aria-hidden />;
      color = 'teal';
      break;
    case 'invalid':
      text = t('plans.save.invalid', { count: status.issues.length });
      icon = <IconAlertCircle size={14} aria-hidden />;
      color = 'red';
      break;
    case 'error':
      text = t('plans.save.error', { message: status.message });
      detail = status.field;
      icon = <IconAlertCircle size={14} aria-hidden />;
      color = 'red';
      break;
    case 'conflict':
      text = t('plans.save.conflict');
      icon = <IconAlertCircle size={14} aria-hidden />;
      color = 'orange';
      break;
  }
  const body = (
    <Group
      gap={6}
      wrap="nowrap"
      role="status"
      aria-live="polite"
      data-testid="save-status"
      data-state={status.kind}
      c={color}
      style={{ minWidth: 0 }}
    >
      {icon}
      <Text size="sm" c={color} truncate="end" className="ml-save-text">
        {text}
      </Text>
    </Group>
  );
  return detail ? (
    <Tooltip label={detail} withinPortal>
      {body}
    </Tooltip>
  ) : (
    body
  );
}
