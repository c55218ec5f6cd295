import { Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PlanSectionKey } from '../../../../../src/shared/contracts/plan';
import type { Plan } from '../../../api/plans';
import { formatDateTime } from '../../../lib/format';
import { vocabLabel } from '../vocab';

/** 409 stale_revision: somebody saved in between. Nothing is overwritten until the user chooses. */
export function StaleModal({
  current,
  sections,
  uiLanguage,
  onReload,
  onKeep,
}: {
  current: Plan | null;
  sections: PlanSectionKey[];
  uiLanguage: 'en' | 'zh-CN';
  onReload: () => void;
  onKeep: () => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Modal
      opened={current !== null}
      onClose={() => undefined}
      withCloseButton={false}
      closeOnClickOutside={false}
      closeOnEscape={false}
      title={t('plans.stale.title')}
      size="md"
    >
      {current && (
        <Stack gap="md" data-testid="stale-modal">
          <Text size="sm">
            {t('plans.stale.text', {
              name: current.updatedByName ?? t('plans.someone'),
              at: formatDateTime(current.updatedAt, i18n.language),
            })}
          </Text>
          {sections.length > 0 && (
            <div>
              <Text size="sm" fw={600}>
                {t('plans.stale.yours')}
              </Text>
              <List size="sm">
                {sections.map((s) => (
                  <List.Item key={s}>{vocabLabel('section', s, uiLanguage)}</List.Item>
                ))}
              </List>
            </div>
          )}
          <Text size="sm" c="dimmed">
            {t('plans.stale.explain')}
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onReload} data-testid="stale-reload">
              {t('plans.stale.reload')}
            </Button>
            <Button onClick={onKeep} data-testid="stale-keep" data-autofocus>
              {t('plans.stale.keep')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
