import { Alert, Badge, Group, List, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconInfoCircle } from '@tabler/icons-react';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { GoalWarning } from '../../../../../../src/modules/plans/goal-checks';
import type { Goal, GoalMetric } from '../../../../../../src/shared/contracts/plan';
import { CHANNEL_IDS, type ChannelId, GOAL_METRICS, vocabLabel, vocabOptions } from '../../vocab';
import { AddButton, Empty } from '../bits';
import { type SectionProps, useFieldState, usePlanEditorContext } from '../context';
import { PDateInput, PNumberInput, PSelect, PTextInput } from '../fields';
import { type ItemColumn, ItemTable } from '../ItemTable';
import { newId, removeAt, replaceAt, withoutUndefined } from '../util';

const P = 'sections.goals.items';

export function GoalsSection({ data, edit }: SectionProps<'goals'>) {
  const { t } = useTranslation();
  const { uiLanguage, analysis, document } = usePlanEditorContext();
  const { readOnly } = useFieldState();

  // Recomputed on every keystroke; keyed by content so unchanged warnings keep the rows memoised.
  const warningsKey = JSON.stringify(analysis.goalWarnings);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `warningsKey` stands for the warnings' content
  const warningsByGoal = useMemo(() => {
    const map = new Map<string, GoalWarning[]>();
    for (const warning of analysis.goalWarnings) {
      map.set(warning.goalId, [...(map.get(warning.goalId) ?? []), warning]);
    }
    return map;
  }, [warningsKey]);

  const setGoal = useCallback(
    (index: number, patch: Partial<Goal>) =>
      edit((p) => ({
        ...p,
        items: replaceAt(p.items, index, withoutUndefined({ ...p.items[index], ...patch })),
      })),
    [edit],
  );

  const segmentOptions = useMemo(
    () =>
      document.sections.positioning.segments.map((s, i) => ({
        value: s.id,
        label: s.name || t('plans.positioning.segmentN', { n: i + 1 }),
      })),
    [document.sections.positioning.segments, t],
  );
  const metricOptions = useMemo(() => vocabOptions('goalMetric', GOAL_METRICS, uiLanguage), [uiLanguage]);
  const channelOptions = useMemo(() => vocabOptions('channel', CHANNEL_IDS, uiLanguage), [uiLanguage]);

  // Keyed by which fields are flagged, so the rows only re-render when that changes, not on every keystroke.
  const flaggedKey = analysis.goalWarnings.map((w) => `${w.goalId}:${w.field}`).join('|');
  const flagged = useCallback(
    (goal: Goal, field: keyof Goal) => flaggedKey.split('|').includes(`${goal.id}:${field}`),
    [flaggedKey],
  );

  const columns = useMemo<ItemColumn<Goal>[]>(
    () => [
      {
        key: 'metric',
        header: t('plans.goals.metric'),
        width: 170,
        render: (g, i) => (
          <Stack gap={6}>
            <PSelect
              path={`${P}[${i}].metric`}
              label={t('plans.goals.metric')}
              data={metricOptions}
              value={g.metric}
              onChange={(metric) =>
                setGoal(i, {
                  metric: (metric ?? g.metric) as GoalMetric,
                  customMetric: metric === 'custom' ? (g.customMetric ?? '') : undefined,
                })
              }
              data-testid={`goal-metric-${i}`}
            />
            {g.metric === 'custom' && (
              <PTextInput
                path={`${P}[${i}].customMetric`}
                label={t('plans.goals.customMetric')}
                flag={flagged(g, 'customMetric')}
                value={g.customMetric ?? ''}
                onChange={(customMetric) => setGoal(i, { customMetric })}
              />
            )}
          </Stack>
        ),
      },
      {
        key: 'unit',
        header: t('plans.goals.unit'),
        width: 90,
        render: (g, i) => (
          <PTextInput
            path={`${P}[${i}].unit`}
            label={t('plans.goals.unit')}
            value={g.unit}
            onChange={(unit) => setGoal(i, { unit })}
          />
        ),
      },
      {
        key: 'baseline',
        header: t('plans.goals.baseline'),
        width: 110,
        render: (g, i) => (
          <PNumberInput
            path={`${P}[${i}].baseline`}
            label={t('plans.goals.baseline')}
            flag={flagged(g, 'baseline')}
            value={g.baseline}
            onChange={(baseline) => setGoal(i, { baseline })}
          />
        ),
      },
      {
        key: 'target',
        header: t('plans.goals.target'),
        width: 110,
        render: (g, i) => (
          <PNumberInput
            path={`${P}[${i}].target`}
            label={t('plans.goals.target')}
            flag={flagged(g, 'target')}
            value={g.target}
            onChange={(target) => setGoal(i, { target })}
            data-testid={`goal-target-${i}`}
          />
        ),
      },
      {
        key: 'deadline',
        header: t('plans.goals.deadline'),
        width: 150,
        render: (g, i) => (
          <PDateInput
            path={`${P}[${i}].deadline`}
            label={t('plans.goals.deadline')}
            flag={flagged(g, 'deadline')}
            value={g.deadline}
            onChange={(deadline) => setGoal(i, { deadline: deadline === '' ? null : deadline })}
          />
        ),
      },
      {
        key: 'stage',
        header: t('plans.goals.stage'),
        width: 120,
        render: (g, i) => (
          <PTextInput
            path={`${P}[${i}].stage`}
            label={t('plans.goals.stage')}
            placeholder={t('plans.goals.stagePlaceholder')}
            value={g.stage}
            onChange={(stage) => setGoal(i, { stage })}
          />
        ),
      },
      {
        key: 'channel',
        header: t('plans.goals.channel'),
        width: 170,
        render: (g, i) => (
          <PSelect
            path={`${P}[${i}].channel`}
            label={t('plans.goals.channel')}
            placeholder={t('plans.any')}
            data={channelOptions}
            searchable
            clearable
            allowDeselect
            flag={flagged(g, 'channel')}
            value={g.channel ?? null}
            onChange={(channel) => setGoal(i, { channel: (channel ?? undefined) as ChannelId | undefined })}
          />
        ),
      },
      {
        key: 'segment',
        header: t('plans.goals.segment'),
        width: 160,
        render: (g, i) => (
          <PSelect
            path={`${P}[${i}].segmentId`}
            label={t('plans.goals.segment')}
            placeholder={segmentOptions.length ? t('plans.any') : t('plans.goals.noSegments')}
            data={segmentOptions}
            clearable
            allowDeselect
            value={g.segmentId ?? null}
            onChange={(segmentId) => setGoal(i, { segmentId: segmentId ?? undefined })}
          />
        ),
      },
    ],
    [t, setGoal, metricOptions, channelOptions, segmentOptions, flagged],
  );

  const goalLabel = useCallback(
    (goal: Goal) =>
      goal.metric === 'custom' && goal.customMetric?.trim()
        ? goal.customMetric
        : vocabLabel('goalMetric', goal.metric, uiLanguage),
    [uiLanguage],
  );
  const removeLabel = useCallback(
    (g: Goal, i: number) =>
      t('plans.removeNamed', { name: `${t('plans.goals.goalN', { n: i + 1 })} (${goalLabel(g)})` }),
    [t, goalLabel],
  );
  const cardTitle = useCallback(
    (g: Goal, i: number) => (
      <Group gap={6} component="span">
        <span>
          {t('plans.goals.goalN', { n: i + 1 })} · {goalLabel(g)}
        </span>
        {(warningsByGoal.get(g.id)?.length ?? 0) > 0 && (
          <Badge size="xs" color="yellow" variant="light">
            {t('plans.goals.checks', { count: warningsByGoal.get(g.id)?.length ?? 0 })}
          </Badge>
        )}
      </Group>
    ),
    [t, goalLabel, warningsByGoal],
  );
  const extra = useCallback(
    (g: Goal) => <GoalWarnings warnings={warningsByGoal.get(g.id)} />,
    [warningsByGoal],
  );

  const warningCount = analysis.goalWarnings.filter((w) => w.severity === 'warning').length;

  return (
    <Stack gap="md">
      {warningCount > 0 && (
        <Alert
          color="yellow"
          variant="light"
          icon={<IconAlertTriangle size={18} aria-hidden />}
          data-testid="goal-warnings-summary"
        >
          {t('plans.goals.warningSummary', { count: warningCount })}
        </Alert>
      )}
      <ItemTable
        items={data.items}
        columns={columns}
        itemKey={(g) => g.id}
        minTableWidth={1080}
        onRemove={(i) => edit((p) => ({ ...p, items: removeAt(p.items, i) }))}
        removeLabel={removeLabel}
        cardTitle={cardTitle}
        extra={extra}
        rowTestId="goal-row"
        empty={<Empty text={t('plans.goals.empty')} />}
      />
      {!readOnly && data.items.length < 50 && (
        <AddButton
          testId="goal-add"
          onClick={() =>
            edit((p) => ({
              ...p,
              items: [
                ...p.items,
                {
                  id: newId('goal'),
                  metric: 'leads',
                  unit: '',
                  baseline: null,
                  target: null,
                  deadline: null,
                  stage: '',
                },
              ],
            }))
          }
        >
          {t('plans.goals.add')}
        </AddButton>
      )}
    </Stack>
  );
}

function GoalWarnings({ warnings }: { warnings: GoalWarning[] | undefined }) {
  if (!warnings?.length) return null;
  return (
    <List spacing={2} size="sm" data-testid="goal-warnings" center>
      {warnings.map((w) => (
        <List.Item
          key={w.code}
          icon={
            <ThemeIcon
              size={18}
              radius="xl"
              variant="light"
              color={w.severity === 'warning' ? 'yellow' : 'blue'}
            >
              {w.severity === 'warning' ? (
                <IconAlertTriangle size={12} aria-hidden />
              ) : (
                <IconInfoCircle size={12} aria-hidden />
              )}
            </ThemeIcon>
          }
        >
          <Text
            size="sm"
            c={w.severity === 'warning' ? undefined : 'dimmed'}
            className="ml-break ml-warning-text"
          >
            {w.message}
          </Text>
        </List.Item>
      ))}
    </List>
  );
}
