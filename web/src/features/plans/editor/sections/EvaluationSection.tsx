import { Stack } from '@mantine/core';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { goalName } from '../../../../../../src/modules/plans/goal-checks';
import type {
  EvaluationMetric,
  EvaluationSource,
  ReviewCadence,
} from '../../../../../../src/shared/contracts/plan';
import { EVALUATION_SOURCES, REVIEW_CADENCES, vocabOptions } from '../../vocab';
import { AddButton, Empty } from '../bits';
import { type SectionProps, useFieldState, usePlanEditorContext } from '../context';
import { PSelect, PTextInput } from '../fields';
import { type ItemColumn, ItemTable } from '../ItemTable';
import { newId, removeAt, replaceAt, withoutUndefined } from '../util';

const P = 'sections.evaluation.metrics';

export function EvaluationSection({ data, edit }: SectionProps<'evaluation'>) {
  const { t } = useTranslation();
  const { uiLanguage, document } = usePlanEditorContext();
  const { readOnly } = useFieldState();

  const setMetric = useCallback(
    (index: number, patch: Partial<EvaluationMetric>) =>
      edit((p) => ({
        ...p,
        metrics: replaceAt(p.metrics, index, withoutUndefined({ ...p.metrics[index], ...patch })),
      })),
    [edit],
  );
  const goalOptions = useMemo(
    () =>
      document.sections.goals.items.map((g, i) => ({
        value: g.id,
        label: `${i + 1}. ${goalName(g, uiLanguage)}${g.target !== null ? ` → ${g.target}${g.unit ? ` ${g.unit}` : ''}` : ''}`,
      })),
    [document.sections.goals.items, uiLanguage],
  );
  const sourceOptions = useMemo(
    () => vocabOptions('evaluationSource', EVALUATION_SOURCES, uiLanguage),
    [uiLanguage],
  );
  const cadenceOptions = useMemo(() => vocabOptions('cadence', REVIEW_CADENCES, uiLanguage), [uiLanguage]);

  const columns = useMemo<ItemColumn<EvaluationMetric>[]>(
    () => [
      {
        key: 'metric',
        header: t('plans.evaluation.metric'),
        span: 2,
        render: (m, i) => (
          <PTextInput
            path={`${P}[${i}].metric`}
            label={t('plans.evaluation.metric')}
            value={m.metric}
            onChange={(metric) => setMetric(i, { metric })}
          />
        ),
      },
      {
        key: 'goal',
        header: t('plans.evaluation.goal'),
        span: 2,
        render: (m, i) => (
          <PSelect
            path={`${P}[${i}].goalId`}
            label={t('plans.evaluation.goal')}
            placeholder={t('plans.none')}
            data={goalOptions}
            clearable
            allowDeselect
            value={m.goalId ?? null}
            onChange={(goalId) => setMetric(i, { goalId: goalId ?? undefined })}
          />
        ),
      },
      {
        key: 'source',
        header: t('plans.evaluation.source'),
        width: 150,
        render: (m, i) => (
          <PSelect
            path={`${P}[${i}].source`}
            label={t('plans.evaluation.source')}
            data={sourceOptions}
            value={m.source}
            onChange={(source) => setMetric(i, { source: (source ?? m.source) as EvaluationSource })}
          />
        ),
      },
      {
        key: 'cadence',
        header: t('plans.evaluation.cadence'),
        width: 120,
        render: (m, i) => (
          <PSelect
            path={`${P}[${i}].cadence`}
            label={t('plans.evaluation.cadence')}
            data={cadenceOptions}
            value={m.cadence}
            onChange={(cadence) => setMetric(i, { cadence: (cadence ?? m.cadence) as ReviewCadence })}
          />
        ),
      },
      {
        key: 'criterion',
        header: t('plans.evaluation.criterion'),
        span: 'full',
        render: (m, i) => (
          <PTextInput
            path={`${P}[${i}].adjustmentCriterion`}
            label={t('plans.evaluation.criterion')}
            placeholder={t('plans.evaluation.criterionPlaceholder')}
            value={m.adjustmentCriterion}
            onChange={(adjustmentCriterion) => setMetric(i, { adjustmentCriterion })}
          />
        ),
      },
    ],
    [t, setMetric, goalOptions, sourceOptions, cadenceOptions],
  );

  return (
    <Stack gap="md">
      <ItemTable
        items={data.metrics}
        columns={columns}
        itemKey={(m) => m.id}
        minTableWidth={100_000}
        onRemove={(i) => edit((p) => ({ ...p, metrics: removeAt(p.metrics, i) }))}
        removeLabel={(m) => t('plans.removeNamed', { name: m.metric || t('plans.evaluation.metric') })}
        cardTitle={(m, i) => m.metric || t('plans.evaluation.metricN', { n: i + 1 })}
        empty={<Empty text={t('plans.evaluation.empty')} />}
      />
      {!readOnly && data.metrics.length < 50 && (
        <AddButton
          onClick={() =>
            edit((p) => ({
              ...p,
              metrics: [
                ...p.metrics,
                {
                  id: newId('metric'),
                  metric: '',
                  source: 'analytics',
                  cadence: 'monthly',
                  adjustmentCriterion: '',
                },
              ],
            }))
          }
        >
          {t('plans.evaluation.add')}
        </AddButton>
      )}
    </Stack>
  );
}
