import { SimpleGrid, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PurposeType } from '../../../../../../src/shared/contracts/plan';
import { useCompanies } from '../../../../api/companies';
import { PURPOSE_TYPES, vocabOptions } from '../../vocab';
import { type SectionProps, usePlanEditorContext } from '../context';
import { PCheckboxGroup, PDateInput, PSelect, PTagsInput, PTextarea, PTextInput } from '../fields';
import { optionalText, withoutUndefined } from '../util';

const P = 'sections.purpose';

export function PurposeSection({ data, edit }: SectionProps<'purpose'>) {
  const { t } = useTranslation();
  const { uiLanguage, workspaceId } = usePlanEditorContext();
  const companies = useCompanies(workspaceId);
  const companyOptions = (companies.data ?? []).map((c) => ({ value: c.id, label: c.name }));
  // A company deleted since keeps its id in the plan; show it rather than an empty field.
  if (data.companyId && !companyOptions.some((o) => o.value === data.companyId)) {
    companyOptions.push({ value: data.companyId, label: t('plans.purpose.unknownCompany') });
  }

  return (
    <Stack gap="md">
      <PCheckboxGroup<PurposeType>
        path={`${P}.purposes`}
        label={t('plans.purpose.purposes')}
        columns={2}
        value={data.purposes}
        onChange={(purposes) =>
          edit((p) =>
            withoutUndefined({
              ...p,
              purposes,
              otherPurpose: purposes.includes('other') ? p.otherPurpose : undefined,
            }),
          )
        }
        options={
          vocabOptions('purpose', PURPOSE_TYPES, uiLanguage) as { value: PurposeType; label: string }[]
        }
      />
      {data.purposes.includes('other') && (
        <PTextInput
          path={`${P}.otherPurpose`}
          label={t('plans.purpose.otherPurpose')}
          value={data.otherPurpose ?? ''}
          onChange={(value) => edit((p) => withoutUndefined({ ...p, otherPurpose: optionalText(value) }))}
        />
      )}
      <SimpleGrid cols={{ base: 1, xs: 2 }}>
        <PDateInput
          path={`${P}.horizon.start`}
          label={t('plans.purpose.start')}
          value={data.horizon.start}
          onChange={(start) => edit((p) => ({ ...p, horizon: { ...p.horizon, start } }))}
        />
        <PDateInput
          path={`${P}.horizon.end`}
          label={t('plans.purpose.end')}
          value={data.horizon.end}
          onChange={(end) => edit((p) => ({ ...p, horizon: { ...p.horizon, end } }))}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, xs: 2 }}>
        <PTagsInput
          path={`${P}.markets`}
          label={t('plans.purpose.markets')}
          description={t('plans.purpose.marketsHelp')}
          value={data.markets}
          onChange={(markets) => edit((p) => ({ ...p, markets }))}
        />
        <PSelect
          path={`${P}.companyId`}
          label={t('plans.purpose.company')}
          description={t('plans.purpose.companyHelp')}
          placeholder={t('plans.noCompany')}
          data={companyOptions}
          clearable
          allowDeselect
          value={data.companyId}
          onChange={(companyId) => edit((p) => ({ ...p, companyId }))}
        />
      </SimpleGrid>
      <PTextarea
        path={`${P}.summary`}
        label={t('plans.purpose.summary')}
        description={t('plans.purpose.summaryHelp')}
        minRows={4}
        value={data.summary}
        onChange={(summary) => edit((p) => ({ ...p, summary }))}
      />
    </Stack>
  );
}
