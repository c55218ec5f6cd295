import { Alert, Button, Group, Modal, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateCompany, useUpdateCompany } from '../../api/companies';
import type { Company, CompanyInput } from '../../api/types';
import { applyFieldError, errorMessage } from '../../lib/form-errors';
import { notifySuccess } from '../../lib/notify';
import { isHttpUrl, withHttpScheme } from '../../lib/validation';
import { countryOptions } from './countries';

const MAX_NAME = 200;
const MAX_DESCRIPTION = 5000;

interface Props {
  workspaceId: string;
  /** `null` creates a new company. */
  company: Company | null;
  opened: boolean;
  onClose: () => void;
}

export function CompanyFormModal(props: Props) {
  // Remount per company so the form starts from that company's values.
  return props.opened ? <CompanyForm key={props.company?.id ?? 'new'} {...props} /> : null;
}

function CompanyForm({ workspaceId, company, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const create = useCreateCompany(workspaceId);
  const update = useUpdateCompany(workspaceId);
  const mutation = company ? update : create;
  const countries = useMemo(() => countryOptions(i18n.language), [i18n.language]);

  const form = useForm({
    initialValues: {
      name: company?.name ?? '',
      industry: company?.industry ?? '',
      website: company?.website ?? '',
      country: company?.country ?? '',
      description: company?.description ?? '',
    },
    validate: {
      name: (v) => {
        if (!v.trim()) return t('validation.required');
        if (v.trim().length > MAX_NAME) return t('validation.maxLength', { count: MAX_NAME });
        return null;
      },
      website: (v) => (!v.trim() || isHttpUrl(withHttpScheme(v)) ? null : t('validation.url')),
      description: (v) =>
        v.length <= MAX_DESCRIPTION ? null : t('validation.maxLength', { count: MAX_DESCRIPTION }),
    },
  });

  const submit = form.onSubmit((values) => {
    // Empty optional fields clear the value on edit and are left out on create.
    const optional = (v: string) => (v.trim() ? v.trim() : company ? null : undefined);
    const input: CompanyInput = {
      name: values.name.trim(),
      industry: optional(values.industry),
      website: optional(withHttpScheme(values.website)),
      country: optional(values.country),
      description: optional(values.description),
    };
    const done = {
      onSuccess: () => {
        notifySuccess(company ? t('companies.updated') : t('companies.created', { name: input.name }));
        onClose();
      },
      onError: (error: Error) => applyFieldError(form, error, t),
    };
    if (company) update.mutate({ id: company.id, input }, done);
    else create.mutate(input, done);
  });

  const fieldErrorShown = Object.keys(form.errors).length > 0;

  return (
    <Modal
      opened
      onClose={onClose}
      title={company ? t('companies.editTitle') : t('companies.createTitle')}
      size="lg"
      data-testid="company-modal"
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label={t('companies.fields.name')}
            required
            maxLength={MAX_NAME}
            data-autofocus
            data-testid="company-name"
            {...form.getInputProps('name')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('companies.fields.industry')}
              placeholder={t('companies.fields.industryPlaceholder')}
              data-testid="company-industry"
              {...form.getInputProps('industry')}
            />
            <Select
              label={t('companies.fields.country')}
              placeholder={t('companies.fields.countryPlaceholder')}
              data={countries}
              searchable
              clearable
              nothingFoundMessage={t('common.nothingFound')}
              comboboxProps={{ withinPortal: true }}
              data-testid="company-country"
              {...form.getInputProps('country')}
              value={form.getValues().country || null}
              onChange={(value) => form.setFieldValue('country', value ?? '')}
            />
          </SimpleGrid>
          <TextInput
            label={t('companies.fields.website')}
            placeholder="https://example.com"
            type="url"
            inputMode="url"
            data-testid="company-website"
            {...form.getInputProps('website')}
            onBlur={(event) => {
              const fixed = withHttpScheme(event.currentTarget.value);
              if (fixed !== form.getValues().website) form.setFieldValue('website', fixed);
              form.validateField('website');
            }}
          />
          <Textarea
            label={t('companies.fields.description')}
            description={t('companies.fields.descriptionHelp')}
            autosize
            minRows={3}
            maxRows={8}
            data-testid="company-description"
            {...form.getInputProps('description')}
          />
          {mutation.error && !fieldErrorShown && (
            <Alert color="red" variant="light" data-testid="company-error">
              {errorMessage(mutation.error, t)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-testid="company-cancel">
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending} data-testid="company-save">
              {company ? t('common.save') : t('companies.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
