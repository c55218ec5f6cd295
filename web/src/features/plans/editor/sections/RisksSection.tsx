import { Badge, Group, Stack, Text } from '@mantine/core';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Risk, RiskCategory } from '../../../../../../src/shared/contracts/plan';
import { RISK_CATEGORIES, vocabOptions } from '../../vocab';
import { AddButton, Empty } from '../bits';
import { type SectionProps, useFieldState, usePlanEditorContext } from '../context';
import { PSelect, PTextarea, PTextInput } from '../fields';
import { type ItemColumn, ItemTable } from '../ItemTable';
import { newId, patchAt, removeAt } from '../util';

const P = 'sections.risks.items';

function levelColor(level: number) {
  return level >= 6 ? 'red' : level >= 3 ? 'yellow' : 'teal';
}

export function RisksSection({ data, edit }: SectionProps<'risks'>) {
  const { t } = useTranslation();
  const { uiLanguage } = usePlanEditorContext();
  const { readOnly } = useFieldState();

  const setRisk = useCallback(
    (index: number, patch: Partial<Risk>) => edit((p) => ({ ...p, items: patchAt(p.items, index, patch) })),
    [edit],
  );
  const categoryOptions = useMemo(
    () => vocabOptions('riskCategory', RISK_CATEGORIES, uiLanguage),
    [uiLanguage],
  );
  const scale = useMemo(
    () => [1, 2, 3].map((n) => ({ value: String(n), label: t(`plans.risks.scale.${n}`) })),
    [t],
  );

  const columns = useMemo<ItemColumn<Risk>[]>(
    () => [
      {
        key: 'title',
        header: t('plans.risks.title'),
        span: 2,
        render: (r, i) => (
          <PTextInput
            path={`${P}[${i}].title`}
            label={t('plans.risks.title')}
            value={r.title}
            onChange={(title) => setRisk(i, { title })}
          />
        ),
      },
      {
        key: 'category',
        header: t('plans.risks.category'),
        render: (r, i) => (
          <PSelect
            path={`${P}[${i}].category`}
            label={t('plans.risks.category')}
            data={categoryOptions}
            value={r.category}
            onChange={(category) => setRisk(i, { category: (category ?? r.category) as RiskCategory })}
          />
        ),
      },
      {
        key: 'owner',
        header: t('plans.risks.owner'),
        render: (r, i) => (
          <PTextInput
            path={`${P}[${i}].owner`}
            label={t('plans.risks.owner')}
            value={r.owner}
            onChange={(owner) => setRisk(i, { owner })}
          />
        ),
      },
      {
        key: 'likelihood',
        header: t('plans.risks.likelihood'),
        render: (r, i) => (
          <PSelect
            path={`${P}[${i}].likelihood`}
            label={t('plans.risks.likelihood')}
            data={scale}
            value={String(r.likelihood)}
            onChange={(v) => setRisk(i, { likelihood: Number(v ?? r.likelihood) })}
          />
        ),
      },
      {
        key: 'impact',
        header: t('plans.risks.impact'),
        render: (r, i) => (
          <PSelect
            path={`${P}[${i}].impact`}
            label={t('plans.risks.impact')}
            data={scale}
            value={String(r.impact)}
            onChange={(v) => setRisk(i, { impact: Number(v ?? r.impact) })}
          />
        ),
      },
      {
        key: 'mitigation',
        header: t('plans.risks.mitigation'),
        span: 'full',
        render: (r, i) => (
          <PTextarea
            path={`${P}[${i}].mitigation`}
            label={t('plans.risks.mitigation')}
            minRows={1}
            value={r.mitigation}
            onChange={(mitigation) => setRisk(i, { mitigation })}
          />
        ),
      },
    ],
    [t, setRisk, categoryOptions, scale],
  );

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('plans.risks.intro')}
      </Text>
      <ItemTable
        items={data.items}
        columns={columns}
        itemKey={(r) => r.id}
        minTableWidth={100_000}
        onRemove={(i) => edit((p) => ({ ...p, items: removeAt(p.items, i) }))}
        removeLabel={(r) => t('plans.removeNamed', { name: r.title || t('plans.risks.risk') })}
        cardTitle={(r, i) => (
          <Group gap={6} component="span">
            <span>{r.title || t('plans.risks.riskN', { n: i + 1 })}</span>
            <Badge size="xs" variant="light" color={levelColor(r.likelihood * r.impact)}>
              {t('plans.risks.level', { level: r.likelihood * r.impact })}
            </Badge>
          </Group>
        )}
        empty={<Empty text={t('plans.risks.empty')} />}
      />
      {!readOnly && data.items.length < 100 && (
        <AddButton
          onClick={() =>
            edit((p) => ({
              ...p,
              items: [
                ...p.items,
                {
                  id: newId('risk'),
                  title: '',
                  category: 'other',
                  likelihood: 2,
                  impact: 2,
                  mitigation: '',
                  owner: '',
                },
              ],
            }))
          }
        >
          {t('plans.risks.add')}
        </AddButton>
      )}
    </Stack>
  );
}
