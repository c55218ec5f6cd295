import { Button, Group, Modal, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface ConfirmModalProps {
  opened: boolean;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  loading?: boolean;
  /** Red for destructive actions (default); another colour for a weighty but positive step. */
  color?: string;
  onConfirm: () => void;
  onClose: () => void;
}

/** Destructive actions ask once; Cancel has focus so Enter never deletes by accident. */
export function ConfirmModal({
  opened,
  title,
  message,
  confirmLabel,
  loading,
  color = 'red',
  onConfirm,
  onClose,
}: ConfirmModalProps) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="sm" data-testid="confirm-modal">
      <Text size="sm" mb="lg" className="ml-break">
        {message}
      </Text>
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onClose} data-autofocus data-testid="confirm-cancel">
          {t('common.cancel')}
        </Button>
        <Button color={color} onClick={onConfirm} loading={loading} data-testid="confirm-action">
          {confirmLabel}
        </Button>
      </Group>
    </Modal>
  );
}
