import { Alert, Button, Group, Modal, Select, Stack, TagsInput, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Site, useCreateSite, useUpdateSite } from '../../api/analytics';
import { ApiError } from '../../api/client';
import { useCompanies } from '../../api/companies';
import { applyFieldError, errorMessage } from '../../lib/form-errors';
import { notifySuccess } from '../../lib/notify';

const MAX_NAME = 200;
const MAX_HOSTS = 50;
// The same rule the server applies (src/shared/contracts/sites.ts), so mistakes show while typing.
const HOSTNAME = /^(\*\.)?(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$/;

/** `https://Shop.Example.com/path` -> `shop.example.com`: people paste URLs into this field. */
export function normalizeHostname(input: string): string {
  let value = input.trim().toLowerCase();
  value = value.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  value = value.replace(/[/?#].*$/, '').replace(/:\d+$/, '');
  return value;
}

interface Props {
  workspaceId: string;
  site: Site | null;
  opened: boolean;
  onClose: () => void;
  onCreated?: (site: Site) => void;
}

export function SiteFormModal(props: Props) {
  return props.opened ? <SiteForm key={props.site?.id ?? 'new'} {...props} /> : null;
}

function SiteForm({ workspaceId, site, onClose, onCreated }: Props) {
  const { t } = useTranslation();
  const create = useCreateSite(workspaceId);
  const update = useUpdateSite(workspaceId);
  const companies = useCompanies(workspaceId);
  const [error, setError] = useState<unknown>(null);
  const form = useForm({
    initialValues: {
      name: site?.name ?? '',
      hostnames: site?.hostnames ?? ([] as string[]),
      companyId: site?.companyId ?? '',
    },
    validate: {
      name: (v) => {
        if (!v.trim()) return t('validation.required');
        if (v.trim().length > MAX_NAME) return t('validation.maxLength', { count: MAX_NAME });
        return null;
      },
      hostnames: (list) => {
        const bad = list.find((h) => !HOSTNAME.test(h) || h.length > 253);
        if (bad) return t('analytics.sites.badHostname', { host: bad });
        if (list.length > MAX_HOSTS) return t('analytics.sites.tooManyHosts', { count: MAX_HOSTS });
        return null;
      },
    },
  });

  const submit = form.onSubmit((values) => {
    setError(null);
    const input = {
      name: values.name.trim(),
      hostnames: values.hostnames,
      companyId: values.companyId || null,
    };
    const done = {
      onSuccess: (saved: Site) => {
        notifySuccess(
          site ? t('analytics.sites.updated') : t('analytics.sites.created', { name: saved.name }),
        );
        onClose();
        if (!site) onCreated?.(saved);
      },
      onError: (e: Error) => {
        if (e instanceof ApiError && e.field?.includes('hostnames')) {
          form.setFieldError('hostnames', errorMessage(e, t));
        } else if (!applyFieldError(form, e, t)) setError(e);
      },
    };
    if (site) update.mutate({ id: site.id, input }, done);
    else create.mutate(input, done);
  });

  return (
    <Modal
      opened
      onClose={onClose}
      title={site ? t('analytics.sites.editTitle') : t('analytics.sites.addTitle')}
      size="lg"
      data-testid="site-modal"
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label={t('analytics.sites.name')}
            placeholder={t('analytics.sites.namePlaceholder')}
            required
            maxLength={MAX_NAME}
            data-autofocus
            data-testid="site-name"
            {...form.getInputProps('name')}
          />
          <TagsInput
            label={t('analytics.sites.hostnames')}
            description={t('analytics.sites.hostnamesHelp')}
            placeholder={t('analytics.sites.hostnamesPlaceholder')}
            splitChars={[',', ' ']}
            clearable
            acceptValueOnBlur
            data-testid="site-hostnames"
            {...form.getInputProps('hostnames')}
            onChange={(values) =>
              form.setFieldValue('hostnames', [...new Set(values.map(normalizeHostname).filter(Boolean))])
            }
          />
          <Select
            label={t('analytics.sites.company')}
            placeholder={t('analytics.sites.companyPlaceholder')}
            data={(companies.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            searchable
            clearable
            nothingFoundMessage={t('common.nothingFound')}
            data-testid="site-company"
            value={form.getValues().companyId || null}
            onChange={(v) => form.setFieldValue('companyId', v ?? '')}
          />
          {error !== null && (
            <Alert color="red" variant="light">
              {errorMessage(error, t)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending} data-testid="site-save">
              {site ? t('common.save') : t('analytics.sites.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
