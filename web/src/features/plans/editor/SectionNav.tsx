import { Badge, Box, Group, NavLink, Select, Stack, Text, Tooltip } from '@mantine/core';
import { IconMessage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { PlanSectionKey } from '../../../../../src/shared/contracts/plan';
import { SECTION_KEYS, vocabLabel } from '../vocab';

export interface SectionMarks {
  /** Why the analysis flags the section (shown as a yellow dot). */
  warning?: string;
  /** The section has a problem that blocks saving (red dot). */
  error?: boolean;
  /** Local edits not saved yet. */
  unsaved?: boolean;
  comments?: number;
}

/** The twelve sections: a list on wide screens, a select on a phone. */
export function SectionNav({
  active,
  onSelect,
  marks,
  uiLanguage,
  compact,
}: {
  active: PlanSectionKey;
  onSelect: (section: PlanSectionKey) => void;
  marks: Partial<Record<PlanSectionKey, SectionMarks>>;
  uiLanguage: 'en' | 'zh-CN';
  compact: boolean;
}) {
  const { t } = useTranslation();

  if (compact) {
    return (
      <Select
        label={t('plans.editor.section')}
        data={SECTION_KEYS.map((key, i) => {
          const mark = marks[key];
          const suffix = mark?.error ? ' ⛔' : mark?.warning ? ' ⚠' : '';
          return { value: key, label: `${i + 1}. ${vocabLabel('section', key, uiLanguage)}${suffix}` };
        })}
        value={active}
        onChange={(value) => value && onSelect(value as PlanSectionKey)}
        allowDeselect={false}
        comboboxProps={{ withinPortal: true }}
        data-testid="plan-section-select"
      />
    );
  }

  return (
    <Stack gap={2} component="nav" aria-label={t('plans.editor.sections')}>
      {SECTION_KEYS.map((key, i) => {
        const mark = marks[key] ?? {};
        const label = vocabLabel('section', key, uiLanguage);
        return (
          <NavLink
            key={key}
            component="button"
            type="button"
            onClick={() => onSelect(key)}
            active={active === key}
            aria-current={active === key ? 'step' : undefined}
            className="ml-nav-link ml-section-link"
            data-testid={`plan-section-${key}`}
            data-warning={mark.warning ? 'true' : undefined}
            leftSection={
              <Text size="xs" c="dimmed" w={16} ta="right" aria-hidden>
                {i + 1}
              </Text>
            }
            label={
              <Text size="sm" className="ml-break" lh={1.3}>
                {label}
              </Text>
            }
            rightSection={
              <Group gap={4} wrap="nowrap">
                {(mark.comments ?? 0) > 0 && (
                  <Badge
                    size="xs"
                    variant="default"
                    leftSection={<IconMessage size={10} aria-hidden />}
                    aria-label={t('plans.comments.count', { count: mark.comments })}
                  >
                    {mark.comments}
                  </Badge>
                )}
                <Dot mark={mark} />
              </Group>
            }
          />
        );
      })}
    </Stack>
  );
}

function Dot({ mark }: { mark: SectionMarks }) {
  const { t } = useTranslation();
  let color: string | null = null;
  let label = '';
  if (mark.error) {
    color = 'var(--mantine-color-red-6)';
    label = t('plans.editor.sectionError');
  } else if (mark.warning) {
    color = 'var(--mantine-color-yellow-5)';
    label = mark.warning;
  } else if (mark.unsaved) {
    color = 'var(--mantine-color-blue-4)';
    label = t('plans.editor.sectionUnsaved');
  }
  if (!color) return null;
  return (
    <Tooltip label={label} openDelay={300} multiline w={220}>
      <Box
        component="span"
        className="ml-dot"
        style={{ background: color }}
        role="img"
        aria-label={label}
        data-testid="section-warning-dot"
      />
    </Tooltip>
  );
}
