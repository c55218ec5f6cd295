import { ActionIcon, Group, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  Competitor,
  ResearchFinding,
  ResearchMethod,
} from '../../../../../../src/shared/contracts/plan';
import { CHANNEL_IDS, RESEARCH_METHODS, vocabOptions } from '../../vocab';
import { AddButton, Empty } from '../bits';
import { type SectionProps, useFieldState, usePlanEditorContext } from '../context';
import { PCheckboxGroup, PMultiSelect, PTextarea, PTextInput } from '../fields';
import { type ItemColumn, ItemTable } from '../ItemTable';
import { newId, optionalText, patchAt, removeAt, replaceAt, withoutUndefined } from '../util';

const P = 'sections.marketResearch';

export function MarketResearchSection({ data, edit }: SectionProps<'marketResearch'>) {
  const { t } = useTranslation();
  const { uiLanguage } = usePlanEditorContext();
  const { readOnly } = useFieldState();

  const setFinding = useCallback(
    (index: number, patch: Partial<ResearchFinding>) =>
      edit((p) => ({
        ...p,
        findings: replaceAt(p.findings, index, withoutUndefined({ ...p.findings[index], ...patch })),
      })),
    [edit],
  );
  const setCompetitor = useCallback(
    (index: number, patch: Partial<Competitor>) =>
      edit((p) => ({ ...p, competitors: patchAt(p.competitors, index, patch) })),
    [edit],
  );
  const channelOptions = useMemo(() => vocabOptions('channel', CHANNEL_IDS, uiLanguage), [uiLanguage]);

  const findingColumns = useMemo<ItemColumn<ResearchFinding>[]>(
    () => [
      {
        key: 'text',
        header: t('plans.research.finding'),
        span: 'full',
        render: (f, i) => (
          <PTextarea
            path={`${P}.findings[${i}].text`}
            label={t('plans.research.finding')}
            minRows={1}
            value={f.text}
            onChange={(text) => setFinding(i, { text })}
          />
        ),
      },
      {
        key: 'source',
        header: t('plans.research.source'),
        width: 200,
        span: 2,
        render: (f, i) => (
          <PTextInput
            path={`${P}.findings[${i}].source`}
            label={t('plans.research.source')}
            value={f.source}
            onChange={(source) => setFinding(i, { source })}
          />
        ),
      },
      {
        key: 'url',
        header: t('plans.research.url'),
        width: 200,
        span: 2,
        render: (f, i) => (
          <PTextInput
            path={`${P}.findings[${i}].url`}
            label={t('plans.research.url')}
            type="url"
            placeholder="https://"
            value={f.url ?? ''}
            onChange={(url) => setFinding(i, { url: optionalText(url) })}
          />
        ),
      },
    ],
    [t, setFinding],
  );

  const competitorColumns = useMemo<ItemColumn<Competitor>[]>(
    () => [
      {
        key: 'name',
        header: t('plans.research.competitorName'),
        span: 2,
        render: (c, i) => (
          <PTextInput
            path={`${P}.competitors[${i}].name`}
            label={t('plans.research.competitorName')}
            value={c.name}
            onChange={(name) => setCompetitor(i, { name })}
          />
        ),
      },
      {
        key: 'website',
        header: t('plans.research.website'),
        span: 2,
        render: (c, i) => (
          <PTextInput
            path={`${P}.competitors[${i}].website`}
            label={t('plans.research.website')}
            type="url"
            placeholder="https://"
            value={c.website ?? ''}
            onChange={(website) => setCompetitor(i, { website: website.trim() === '' ? null : website })}
          />
        ),
      },
      {
        key: 'channels',
        header: t('plans.research.channelsSeen'),
        span: 'full',
        render: (c, i) => (
          <PMultiSelect
            path={`${P}.competitors[${i}].channelsSeen`}
            label={t('plans.research.channelsSeen')}
            data={channelOptions}
            searchable
            value={c.channelsSeen}
            onChange={(channelsSeen) =>
              setCompetitor(i, { channelsSeen: channelsSeen as Competitor['channelsSeen'] })
            }
          />
        ),
      },
      {
        key: 'strengths',
        header: t('plans.research.strengths'),
        span: 2,
        render: (c, i) => (
          <PTextarea
            path={`${P}.competitors[${i}].strengths`}
            label={t('plans.research.strengths')}
            minRows={1}
            value={c.strengths}
            onChange={(strengths) => setCompetitor(i, { strengths })}
          />
        ),
      },
      {
        key: 'weaknesses',
        header: t('plans.research.weaknesses'),
        span: 2,
        render: (c, i) => (
          <PTextarea
            path={`${P}.competitors[${i}].weaknesses`}
            label={t('plans.research.weaknesses')}
            minRows={1}
            value={c.weaknesses}
            onChange={(weaknesses) => setCompetitor(i, { weaknesses })}
          />
        ),
      },
    ],
    [t, setCompetitor, channelOptions],
  );

  return (
    <Stack gap="xl">
      <Stack gap="xs">
        <Title order={3} fz="md">
          {t('plans.research.questions')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('plans.research.questionsHelp')}
        </Text>
        {data.questions.map((question, i) => (
          <Group key={`q-${i.toString()}`} gap="xs" wrap="nowrap" align="flex-start">
            <PTextInput
              path={`${P}.questions[${i}]`}
              label={t('plans.research.questionN', { n: i + 1 })}
              value={question}
              onChange={(value) => edit((p) => ({ ...p, questions: replaceAt(p.questions, i, value) }))}
              style={{ flex: 1 }}
            />
            {!readOnly && (
              <Tooltip label={t('plans.remove')} openDelay={400}>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  mt={26}
                  aria-label={t('plans.removeNamed', { name: t('plans.research.questionN', { n: i + 1 }) })}
                  onClick={() => edit((p) => ({ ...p, questions: removeAt(p.questions, i) }))}
                >
                  <IconTrash size={16} aria-hidden />
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
        ))}
        {!readOnly && (
          <AddButton onClick={() => edit((p) => ({ ...p, questions: [...p.questions, ''] }))}>
            {t('plans.research.addQuestion')}
          </AddButton>
        )}
      </Stack>

      <Stack gap="xs">
        <PCheckboxGroup<ResearchMethod>
          path={`${P}.methods`}
          label={t('plans.research.methods')}
          columns={2}
          value={data.methods}
          onChange={(methods) =>
            edit((p) =>
              withoutUndefined({
                ...p,
                methods,
                otherMethod: methods.includes('other') ? p.otherMethod : undefined,
              }),
            )
          }
          options={
            vocabOptions('researchMethod', RESEARCH_METHODS, uiLanguage) as {
              value: ResearchMethod;
              label: string;
            }[]
          }
        />
        {data.methods.includes('other') && (
          <PTextInput
            path={`${P}.otherMethod`}
            label={t('plans.research.otherMethod')}
            value={data.otherMethod ?? ''}
            onChange={(value) => edit((p) => withoutUndefined({ ...p, otherMethod: optionalText(value) }))}
          />
        )}
      </Stack>

      <Stack gap="xs">
        <Title order={3} fz="md">
          {t('plans.research.findings')}
        </Title>
        <ItemTable
          items={data.findings}
          columns={findingColumns}
          itemKey={(f) => f.id}
          minTableWidth={720}
          onRemove={(i) => edit((p) => ({ ...p, findings: removeAt(p.findings, i) }))}
          removeLabel={(_, i) => t('plans.removeNamed', { name: t('plans.research.findingN', { n: i + 1 }) })}
          cardTitle={(_, i) => t('plans.research.findingN', { n: i + 1 })}
          empty={<Empty text={t('plans.research.noFindings')} />}
        />
        {!readOnly && (
          <AddButton
            onClick={() =>
              edit((p) => ({
                ...p,
                findings: [...p.findings, { id: newId('finding'), text: '', source: '' }],
              }))
            }
          >
            {t('plans.research.addFinding')}
          </AddButton>
        )}
      </Stack>

      <Stack gap="xs">
        <Title order={3} fz="md">
          {t('plans.research.competitors')}
        </Title>
        <ItemTable
          items={data.competitors}
          columns={competitorColumns}
          itemKey={(c) => c.id}
          minTableWidth={100_000}
          onRemove={(i) => edit((p) => ({ ...p, competitors: removeAt(p.competitors, i) }))}
          removeLabel={(c, i) =>
            t('plans.removeNamed', { name: c.name || t('plans.research.competitorN', { n: i + 1 }) })
          }
          cardTitle={(c, i) => c.name || t('plans.research.competitorN', { n: i + 1 })}
          empty={<Empty text={t('plans.research.noCompetitors')} />}
        />
        {!readOnly && (
          <AddButton
            onClick={() =>
              edit((p) => ({
                ...p,
                competitors: [
                  ...p.competitors,
                  {
                    id: newId('competitor'),
                    name: '',
                    website: null,
                    channelsSeen: [],
                    strengths: '',
                    weaknesses: '',
                  },
                ],
              }))
            }
          >
            {t('plans.research.addCompetitor')}
          </AddButton>
        )}
      </Stack>
    </Stack>
  );
}
