import {
  ActionIcon,
  Badge,
  Button,
  Group,
  List,
  Paper,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Text,
  ThemeIcon,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconCheck, IconMinus, IconPlus, IconTrash, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelRecommendation } from '../../../../../../src/modules/plans/channel-recommendations';
import type { SelectedChannel } from '../../../../../../src/shared/contracts/plan';
import { CHANNEL_IDS, type ChannelId, vocabLabel } from '../../vocab';
import { Empty } from '../bits';
import { type SectionProps, useFieldState, usePlanEditorContext } from '../context';
import { PTextarea, PTextInput } from '../fields';
import { formatNumber, patchAt, removeAt } from '../util';
import { PlanChannelRates } from './PlanChannelRates';

const P = 'sections.channels';
const SHOWN = 6;

export function ChannelsSection({ data, edit }: SectionProps<'channels'>) {
  const { t } = useTranslation();
  const { uiLanguage } = usePlanEditorContext();
  const { readOnly } = useFieldState();
  const [toAdd, setToAdd] = useState<string | null>(null);
  const selectedIds = new Set(data.selected.map((s) => s.channel));
  const available = CHANNEL_IDS.filter((id) => !selectedIds.has(id));

  const add = (channel: ChannelId) =>
    edit((p) =>
      p.selected.some((s) => s.channel === channel)
        ? p
        : { ...p, selected: [...p.selected, { channel, objective: '', notes: '' }] },
    );
  const set = (index: number, patch: Partial<SelectedChannel>) =>
    edit((p) => ({ ...p, selected: patchAt(p.selected, index, patch) }));

  return (
    <Stack gap="lg">
      <PTextarea
        path={`${P}.strategy`}
        label={t('plans.channels.strategy')}
        description={t('plans.channels.strategyHelp')}
        minRows={3}
        value={data.strategy}
        onChange={(strategy) => edit((p) => ({ ...p, strategy }))}
      />

      <Recommendations selected={selectedIds} onAdd={add} />

      <Stack gap="sm">
        <Title order={3} fz="md">
          {t('plans.channels.selected', { count: data.selected.length })}
        </Title>
        {data.selected.length === 0 && <Empty text={t('plans.channels.noneSelected')} />}
        {data.selected.map((selected, index) => {
          const name = vocabLabel('channel', selected.channel, uiLanguage);
          return (
            <Paper
              key={selected.channel}
              withBorder
              p="sm"
              data-testid={`channel-selected-${selected.channel}`}
            >
              <Group justify="space-between" wrap="nowrap" mb="xs">
                <Group gap="xs">
                  <Text fw={600}>{name}</Text>
                  {selected.rates && (
                    <Tooltip label={t('plans.channels.customRatesHelp')}>
                      <Badge size="xs" variant="outline">
                        {t('plans.channels.customRates')}
                      </Badge>
                    </Tooltip>
                  )}
                </Group>
                {!readOnly && (
                  <Tooltip label={t('plans.remove')} openDelay={400}>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('plans.removeNamed', { name })}
                      onClick={() => edit((p) => ({ ...p, selected: removeAt(p.selected, index) }))}
                    >
                      <IconTrash size={16} aria-hidden />
                    </ActionIcon>
                  </Tooltip>
                )}
              </Group>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <PTextInput
                  path={`${P}.selected[${index}].objective`}
                  label={t('plans.channels.objective')}
                  value={selected.objective}
                  onChange={(objective) => set(index, { objective })}
                />
                <PTextarea
                  path={`${P}.selected[${index}].notes`}
                  label={t('plans.channels.notes')}
                  minRows={1}
                  value={selected.notes}
                  onChange={(notes) => set(index, { notes })}
                />
              </SimpleGrid>
              <PlanChannelRates
                selected={selected}
                path={`${P}.selected[${index}]`}
                onChange={(update) =>
                  edit((p) => ({ ...p, selected: p.selected.map((s, i) => (i === index ? update(s) : s)) }))
                }
              />
            </Paper>
          );
        })}
        {!readOnly && available.length > 0 && (
          <Group align="flex-end" gap="xs">
            <Select
              label={t('plans.channels.addFromCatalog')}
              placeholder={t('plans.channels.pick')}
              data={available.map((id) => ({ value: id, label: vocabLabel('channel', id, uiLanguage) }))}
              value={toAdd}
              onChange={setToAdd}
              searchable
              comboboxProps={{ withinPortal: true }}
              style={{ flex: '1 1 240px', maxWidth: 360 }}
              data-testid="channel-catalog"
            />
            <Button
              variant="light"
              leftSection={<IconPlus size={14} aria-hidden />}
              disabled={!toAdd}
              onClick={() => {
                if (toAdd) add(toAdd as ChannelId);
                setToAdd(null);
              }}
            >
              {t('plans.channels.add')}
            </Button>
          </Group>
        )}
      </Stack>
    </Stack>
  );
}

function Recommendations({
  selected,
  onAdd,
}: {
  selected: Set<string>;
  onAdd: (channel: ChannelId) => void;
}) {
  const { t } = useTranslation();
  const { analysis, document, plan } = usePlanEditorContext();
  const { readOnly } = useFieldState();
  const [all, setAll] = useState(false);
  const recommendations = analysis.channelRecommendations;
  const shown = all ? recommendations : recommendations.slice(0, SHOWN);
  // Recommendations read segments, goals and budget as saved; say so while those have local edits.
  const stale =
    document.sections.positioning !== plan.document.sections.positioning ||
    document.sections.goals !== plan.document.sections.goals ||
    document.sections.budget !== plan.document.sections.budget;

  return (
    <Paper withBorder p={{ base: 'sm', sm: 'md' }} data-testid="channel-recommendations">
      <Stack gap="xs" mb="sm">
        <Title order={3} fz="md">
          {t('plans.channels.recommendations')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('plans.channels.recommendationsHelp')}
        </Text>
        {stale && (
          <Text size="xs" c="dimmed" fs="italic">
            {t('plans.channels.updatesAfterSave')}
          </Text>
        )}
      </Stack>
      <Stack gap="sm">
        {shown.map((r) => (
          <RecommendationRow
            key={r.channel}
            recommendation={r}
            selected={selected.has(r.channel)}
            readOnly={readOnly}
            onAdd={onAdd}
          />
        ))}
      </Stack>
      {recommendations.length > SHOWN && (
        <Button variant="subtle" size="compact-sm" mt="sm" onClick={() => setAll((v) => !v)}>
          {all
            ? t('plans.channels.showTop', { count: SHOWN })
            : t('plans.channels.showAll', { count: recommendations.length })}
        </Button>
      )}
    </Paper>
  );
}

function RecommendationRow({
  recommendation: r,
  selected,
  readOnly,
  onAdd,
}: {
  recommendation: ChannelRecommendation;
  selected: boolean;
  readOnly: boolean;
  onAdd: (channel: ChannelId) => void;
}) {
  const { t, i18n } = useTranslation();
  const { uiLanguage } = usePlanEditorContext();
  const name = vocabLabel('channel', r.channel, uiLanguage);
  const part = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)}%`);
  return (
    <div className="ml-reco" data-testid={`channel-reco-${r.channel}`} data-excluded={r.excluded}>
      <Group justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          <Badge variant="default" size="sm" circle aria-label={t('plans.channels.rank', { rank: r.rank })}>
            {r.rank}
          </Badge>
          <Text fw={600} size="sm" className="ml-break" c={r.excluded ? 'dimmed' : undefined}>
            {name}
          </Text>
        </Group>
        {selected ? (
          <Badge color="teal" variant="light" leftSection={<IconCheck size={12} aria-hidden />}>
            {t('plans.channels.isSelected')}
          </Badge>
        ) : r.excluded ? (
          <Badge color="red" variant="light">
            {t('plans.channels.excluded')}
          </Badge>
        ) : (
          !readOnly && (
            <Button
              size="compact-xs"
              variant="light"
              leftSection={<IconPlus size={12} aria-hidden />}
              onClick={() => onAdd(r.channel)}
              aria-label={t('plans.channels.addNamed', { name })}
              data-testid={`channel-reco-add-${r.channel}`}
            >
              {t('plans.channels.add')}
            </Button>
          )
        )}
      </Group>
      <Group gap="sm" mt={6} wrap="nowrap" align="center">
        <Progress
          value={r.score}
          size="sm"
          style={{ flex: 1 }}
          color={r.excluded ? 'gray' : r.score >= 60 ? 'teal' : r.score >= 40 ? 'yellow' : 'gray'}
          aria-label={t('plans.channels.score')}
          aria-valuetext={`${r.score} / 100`}
        />
        <Text size="sm" fw={600} w={44} ta="right">
          {formatNumber(r.score, i18n.language)}
        </Text>
      </Group>
      <Text size="xs" c="dimmed" mt={2}>
        {t('plans.channels.components', {
          audience: part(r.components.audience),
          goals: part(r.components.goals),
          budget: part(r.components.budget),
        })}
      </Text>
      {r.reasons.length > 0 && (
        <List spacing={2} size="xs" mt={4} center>
          {r.reasons.map((reason, i) => (
            <List.Item
              key={`${reason.kind}-${i.toString()}`}
              icon={
                <ThemeIcon
                  size={16}
                  radius="xl"
                  variant="light"
                  color={
                    reason.effect === 'positive' ? 'teal' : reason.effect === 'negative' ? 'red' : 'gray'
                  }
                  aria-label={t(`plans.channels.effect.${reason.effect}`)}
                >
                  {reason.effect === 'positive' ? (
                    <IconCheck size={10} />
                  ) : reason.effect === 'negative' ? (
                    <IconX size={10} />
                  ) : (
                    <IconMinus size={10} />
                  )}
                </ThemeIcon>
              }
            >
              <Text size="xs" className="ml-break">
                {reason.text}
              </Text>
            </List.Item>
          ))}
        </List>
      )}
    </div>
  );
}
