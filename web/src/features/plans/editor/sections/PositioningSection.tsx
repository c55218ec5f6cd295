import { ActionIcon, Badge, Group, Paper, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { memo, useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  PurchaseRole,
  PurchaseRoleEntry,
  ReachPlace,
  Segment,
  SegmentPriority,
} from '../../../../../../src/shared/contracts/plan';
import { PURCHASE_ROLES, REACH_PLACES, SEGMENT_PRIORITIES, vocabLabel, vocabOptions } from '../../vocab';
import { AddButton, Empty } from '../bits';
import { type SectionProps, useFieldState, usePlanEditorContext } from '../context';
import { PMultiSelect, PNumberInput, PSelect, PTextarea, PTextInput } from '../fields';
import { newId, patchAt, removeAt } from '../util';

const P = 'sections.positioning';
const ATTRIBUTES = ['occupation', 'income', 'ageRange', 'level', 'region', 'consumptionHabits'] as const;

const priorityColor: Record<SegmentPriority, string> = { high: 'red', medium: 'yellow', low: 'gray' };

export function PositioningSection({ data, edit }: SectionProps<'positioning'>) {
  const { t } = useTranslation();
  const { readOnly } = useFieldState();

  const setSegment = useCallback(
    (index: number, update: (segment: Segment) => Segment) =>
      edit((p) => ({ ...p, segments: p.segments.map((s, i) => (i === index ? update(s) : s)) })),
    [edit],
  );
  const removeSegment = useCallback(
    (index: number) => edit((p) => ({ ...p, segments: removeAt(p.segments, index) })),
    [edit],
  );

  return (
    <Stack gap="lg">
      <PTextarea
        path={`${P}.statement`}
        label={t('plans.positioning.statement')}
        description={t('plans.positioning.statementHelp')}
        minRows={3}
        value={data.statement}
        onChange={(statement) => edit((p) => ({ ...p, statement }))}
      />
      <Stack gap="sm">
        <Title order={3} fz="md">
          {t('plans.positioning.segments')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('plans.positioning.segmentsHelp')}
        </Text>
        {data.segments.length === 0 && <Empty text={t('plans.positioning.noSegments')} />}
        {data.segments.map((segment, index) => (
          <SegmentCard
            key={segment.id}
            segment={segment}
            index={index}
            onChange={setSegment}
            onRemove={removeSegment}
          />
        ))}
        {!readOnly && data.segments.length < 20 && (
          <AddButton
            onClick={() =>
              edit((p) => ({
                ...p,
                segments: [
                  ...p.segments,
                  {
                    id: newId('segment'),
                    name: '',
                    attributes: {
                      occupation: '',
                      income: '',
                      ageRange: '',
                      level: '',
                      consumptionHabits: '',
                      region: '',
                    },
                    estimatedSize: null,
                    priority: 'medium',
                    purchaseRoles: [],
                  },
                ],
              }))
            }
          >
            {t('plans.positioning.addSegment')}
          </AddButton>
        )}
      </Stack>
    </Stack>
  );
}

const SegmentCard = memo(function SegmentCard({
  segment,
  index,
  onChange,
  onRemove,
}: {
  segment: Segment;
  index: number;
  onChange: (index: number, update: (segment: Segment) => Segment) => void;
  onRemove: (index: number) => void;
}) {
  const { t } = useTranslation();
  const { uiLanguage } = usePlanEditorContext();
  const { readOnly } = useFieldState();
  const path = `${P}.segments[${index}]`;
  const name = segment.name || t('plans.positioning.segmentN', { n: index + 1 });
  const set = (patch: Partial<Segment>) => onChange(index, (s) => ({ ...s, ...patch }));
  const setRole = (r: number, patch: Partial<PurchaseRoleEntry>) =>
    onChange(index, (s) => ({ ...s, purchaseRoles: patchAt(s.purchaseRoles, r, patch) }));
  const unusedRole = PURCHASE_ROLES.find((role) => !segment.purchaseRoles.some((r) => r.role === role));

  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} data-testid="segment-card">
      <Group justify="space-between" wrap="nowrap" mb="sm">
        <Group gap="xs" style={{ minWidth: 0 }}>
          <Text fw={600} className="ml-break">
            {name}
          </Text>
          <Badge size="sm" variant="light" color={priorityColor[segment.priority]}>
            {t('plans.positioning.priorityBadge', {
              priority: vocabLabel('priority', segment.priority, uiLanguage),
            })}
          </Badge>
        </Group>
        {!readOnly && (
          <Tooltip label={t('plans.remove')} openDelay={400}>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={t('plans.removeNamed', { name })}
              onClick={() => onRemove(index)}
            >
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          <PTextInput
            path={`${path}.name`}
            label={t('plans.positioning.name')}
            value={segment.name}
            onChange={(value) => set({ name: value })}
          />
          <PSelect
            path={`${path}.priority`}
            label={t('plans.positioning.priority')}
            data={vocabOptions('priority', SEGMENT_PRIORITIES, uiLanguage)}
            value={segment.priority}
            onChange={(value) => set({ priority: (value ?? 'medium') as SegmentPriority })}
          />
          <PNumberInput
            path={`${path}.estimatedSize`}
            label={t('plans.positioning.size')}
            min={0}
            allowNegative={false}
            allowDecimal={false}
            placeholder={t('plans.unknown')}
            value={segment.estimatedSize}
            onChange={(value) => set({ estimatedSize: value })}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
          {ATTRIBUTES.map((attribute) => (
            <PTextInput
              key={attribute}
              path={`${path}.attributes.${attribute}`}
              label={t(`plans.positioning.attributes.${attribute}`)}
              value={segment.attributes[attribute]}
              onChange={(value) =>
                onChange(index, (s) => ({ ...s, attributes: { ...s.attributes, [attribute]: value } }))
              }
            />
          ))}
        </SimpleGrid>
        <Stack gap="xs">
          <Text size="sm" fw={600}>
            {t('plans.positioning.roles')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('plans.positioning.rolesHelp')}
          </Text>
          {segment.purchaseRoles.map((role, r) => (
            <Paper key={`${role.role}-${r.toString()}`} p="xs" className="ml-subtle-box">
              <Group align="flex-start" gap="sm" wrap="wrap">
                <PSelect
                  path={`${path}.purchaseRoles[${r}].role`}
                  label={t('plans.positioning.role')}
                  data={vocabOptions('purchaseRole', PURCHASE_ROLES, uiLanguage)}
                  value={role.role}
                  onChange={(value) => setRole(r, { role: (value ?? role.role) as PurchaseRole })}
                  w={170}
                />
                <PMultiSelect
                  path={`${path}.purchaseRoles[${r}].reachedAt`}
                  label={t('plans.positioning.reachedAt')}
                  data={vocabOptions('reachPlace', REACH_PLACES, uiLanguage)}
                  value={role.reachedAt}
                  onChange={(value) => setRole(r, { reachedAt: value as ReachPlace[] })}
                  style={{ flex: '1 1 240px' }}
                  data-testid="reached-at"
                />
                <PTextInput
                  path={`${path}.purchaseRoles[${r}].description`}
                  label={t('plans.positioning.roleDescription')}
                  value={role.description}
                  onChange={(value) => setRole(r, { description: value })}
                  style={{ flex: '1 1 240px' }}
                />
                {!readOnly && (
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    mt={26}
                    aria-label={t('plans.removeNamed', {
                      name: vocabLabel('purchaseRole', role.role, uiLanguage),
                    })}
                    onClick={() =>
                      onChange(index, (s) => ({ ...s, purchaseRoles: removeAt(s.purchaseRoles, r) }))
                    }
                  >
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                )}
              </Group>
            </Paper>
          ))}
          {!readOnly && segment.purchaseRoles.length < 10 && (
            <AddButton
              onClick={() =>
                onChange(index, (s) => ({
                  ...s,
                  purchaseRoles: [
                    ...s.purchaseRoles,
                    { role: unusedRole ?? 'influencer', description: '', reachedAt: [] },
                  ],
                }))
              }
            >
              {t('plans.positioning.addRole')}
            </AddButton>
          )}
        </Stack>
      </Stack>
    </Paper>
  );
});
