import { Badge, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  ChecklistStatus,
  WebsiteChecklistItem,
  WebsiteGroup,
} from '../../../../../../src/shared/contracts/plan';
import { CHECKLIST_STATUSES, vocabLabel, vocabOptions, WEBSITE_GROUPS } from '../../vocab';
import { AddButton, Empty } from '../bits';
import { type SectionProps, useFieldState, usePlanEditorContext } from '../context';
import { PSelect, PTextarea, PTextInput } from '../fields';
import { type ItemColumn, ItemTable } from '../ItemTable';
import { newId, patchAt, removeAt } from '../util';

const P = 'sections.website';

export function WebsiteSection({ data, edit }: SectionProps<'website'>) {
  const { t } = useTranslation();
  const { uiLanguage } = usePlanEditorContext();
  const { readOnly } = useFieldState();

  const setItem = useCallback(
    (index: number, patch: Partial<WebsiteChecklistItem>) =>
      edit((p) => ({ ...p, items: patchAt(p.items, index, patch) })),
    [edit],
  );
  const statusOptions = useMemo(
    () => vocabOptions('checklistStatus', CHECKLIST_STATUSES, uiLanguage),
    [uiLanguage],
  );

  const columns = useMemo<ItemColumn<WebsiteChecklistItem>[]>(
    () => [
      {
        key: 'label',
        header: t('plans.website.item'),
        span: 'full',
        render: (item, i) => (
          <PTextarea
            path={`${P}.items[${i}].label`}
            label={t('plans.website.item')}
            minRows={1}
            maxRows={3}
            value={item.label}
            onChange={(label) => setItem(i, { label })}
          />
        ),
      },
      {
        key: 'status',
        header: t('plans.website.status'),
        width: 152,
        render: (item, i) => (
          <PSelect
            path={`${P}.items[${i}].status`}
            label={t('plans.website.status')}
            data={statusOptions}
            value={item.status}
            onChange={(status) => setItem(i, { status: (status ?? item.status) as ChecklistStatus })}
          />
        ),
      },
      {
        key: 'owner',
        header: t('plans.website.owner'),
        width: 120,
        render: (item, i) => (
          <PTextInput
            path={`${P}.items[${i}].owner`}
            label={t('plans.website.owner')}
            value={item.owner}
            onChange={(owner) => setItem(i, { owner })}
          />
        ),
      },
      {
        key: 'notes',
        header: t('plans.website.notes'),
        width: 140,
        span: 2,
        render: (item, i) => (
          <PTextInput
            path={`${P}.items[${i}].notes`}
            label={t('plans.website.notes')}
            value={item.notes}
            onChange={(notes) => setItem(i, { notes })}
          />
        ),
      },
    ],
    [t, setItem, statusOptions],
  );

  const applicable = data.items.filter((i) => i.status !== 'not_applicable');
  const done = applicable.filter((i) => i.status === 'done').length;

  return (
    <Stack gap="lg">
      <PTextInput
        path={`${P}.url`}
        label={t('plans.website.url')}
        type="url"
        placeholder="https://"
        value={data.url ?? ''}
        onChange={(url) => edit((p) => ({ ...p, url: url.trim() === '' ? null : url }))}
        maw={480}
      />
      <div>
        <Group justify="space-between" mb={4}>
          <Text size="sm" fw={500}>
            {t('plans.website.progress')}
          </Text>
          <Text size="sm" c="dimmed">
            {t('plans.website.doneOf', { done, total: applicable.length })}
          </Text>
        </Group>
        <Progress
          value={applicable.length ? (done / applicable.length) * 100 : 0}
          color="teal"
          aria-label={t('plans.website.progress')}
        />
      </div>
      {WEBSITE_GROUPS.map((group: WebsiteGroup) => {
        const indices = data.items.flatMap((item, i) => (item.group === group ? [i] : []));
        return (
          <Stack key={group} gap="xs" data-testid={`website-group-${group}`}>
            <Group gap="xs">
              <Title order={3} fz="md">
                {vocabLabel('websiteGroup', group, uiLanguage)}
              </Title>
              <Badge variant="default" size="sm">
                {indices.length}
              </Badge>
            </Group>
            <ItemTable
              items={data.items}
              indices={indices}
              columns={columns}
              itemKey={(item) => item.id}
              minTableWidth={680}
              onRemove={(i) => edit((p) => ({ ...p, items: removeAt(p.items, i) }))}
              removeLabel={(item) => t('plans.removeNamed', { name: item.label || t('plans.website.item') })}
              empty={<Empty text={t('plans.website.emptyGroup')} />}
            />
            {!readOnly && data.items.length < 100 && (
              <AddButton
                onClick={() =>
                  edit((p) => ({
                    ...p,
                    items: [
                      ...p.items,
                      { id: newId('site'), group, label: '', status: 'todo', owner: '', notes: '' },
                    ],
                  }))
                }
              >
                {t('plans.website.add')}
              </AddButton>
            )}
          </Stack>
        );
      })}
    </Stack>
  );
}
