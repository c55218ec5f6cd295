import {
  Alert,
  Button,
  Divider,
  PasswordInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { useSetup, useSetupStatus } from '../api/session';
import type { Locale, WorkspaceKind } from '../api/types';
import { AuthLayout } from '../components/AuthLayout';
import { ErrorState } from '../components/ErrorState';
import { FullPageLoader } from '../components/FullPageLoader';
import { setLanguage } from '../i18n';
import { applyFieldError, errorMessage } from '../lib/form-errors';
import { isLocale, LOCALES } from '../lib/locale';
import { isEmail, MIN_PASSWORD } from '../lib/validation';

export function SetupPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const status = useSetupStatus();
  const setup = useSetup();

  const form = useForm({
    initialValues: {
      name: '',
      email: '',
      password: '',
      workspaceName: '',
      workspaceKind: 'company' as WorkspaceKind,
      locale: (isLocale(i18n.language) ? i18n.language : 'en') as Locale,
    },
    validate: {
      name: (v) => (v.trim() ? null : t('validation.required')),
      email: (v) => (isEmail(v) ? null : t('validation.email')),
      password: (v) =>
        v.length >= MIN_PASSWORD ? null : t('validation.passwordLength', { count: MIN_PASSWORD }),
      workspaceName: (v) => (v.trim() ? null : t('validation.required')),
    },
  });

  if (status.isPending) return <FullPageLoader />;
  if (status.error) {
    return (
      <AuthLayout>
        <ErrorState error={status.error} onRetry={() => void status.refetch()} />
      </AuthLayout>
    );
  }
  if (!status.data.needsSetup && !setup.isPending && !setup.isSuccess) return <Navigate to="/" replace />;

  const submit = form.onSubmit((values) => {
    setup.mutate(
      {
        name: values.name.trim(),
        email: values.email.trim(),
        password: values.password,
        workspaceName: values.workspaceName.trim(),
        workspaceKind: values.workspaceKind,
        locale: values.locale,
      },
      {
        onSuccess: ({ workspace }) => navigate(`/w/${workspace.id}`, { replace: true }),
        onError: (error) => applyFieldError(form, error, t),
      },
    );
  });

  const fieldErrorShown = Object.keys(form.errors).length > 0;

  return (
    <AuthLayout width={560}>
      <form onSubmit={submit} noValidate data-testid="setup-form">
        <Stack gap="md">
          <div>
            <Title order={1} fz={{ base: 24, sm: 28 }} mb={6}>
              {t('setup.title')}
            </Title>
            <Text c="dimmed" size="sm">
              {t('setup.intro')}
            </Text>
          </div>

          <Divider label={t('setup.accountSection')} labelPosition="left" />
          <TextInput
            label={t('setup.name')}
            autoComplete="name"
            required
            autoFocus
            data-testid="setup-name"
            {...form.getInputProps('name')}
          />
          <TextInput
            label={t('setup.email')}
            type="email"
            autoComplete="email"
            required
            data-testid="setup-email"
            {...form.getInputProps('email')}
          />
          <PasswordInput
            label={t('setup.password')}
            description={t('validation.passwordLength', { count: MIN_PASSWORD })}
            autoComplete="new-password"
            required
            data-testid="setup-password"
            {...form.getInputProps('password')}
          />

          <Divider label={t('setup.workspaceSection')} labelPosition="left" mt="xs" />
          <TextInput
            label={t('workspace.name')}
            placeholder={t('workspace.namePlaceholder')}
            required
            data-testid="setup-workspace-name"
            {...form.getInputProps('workspaceName')}
          />
          <Stack gap={6}>
            <Text size="sm" fw={500} id="setup-kind-label">
              {t('workspace.kind')}
            </Text>
            <SegmentedControl
              aria-labelledby="setup-kind-label"
              data-testid="setup-workspace-kind"
              data={[
                { value: 'company', label: t('workspace.kinds.company') },
                { value: 'agency', label: t('workspace.kinds.agency') },
              ]}
              {...form.getInputProps('workspaceKind')}
            />
            <Text size="xs" c="dimmed">
              {t(`workspace.kindHelp.${form.getValues().workspaceKind}`)}
            </Text>
          </Stack>
          <Select
            label={t('setup.language')}
            data={LOCALES}
            allowDeselect={false}
            data-testid="setup-language"
            {...form.getInputProps('locale')}
            onChange={(value) => {
              if (!isLocale(value)) return;
              form.setFieldValue('locale', value);
              // Preview the chosen language right away.
              setLanguage(value);
            }}
          />

          {setup.error && !fieldErrorShown && (
            <Alert color="red" variant="light" data-testid="setup-error">
              {errorMessage(setup.error, t)}
            </Alert>
          )}
          <Button type="submit" size="md" loading={setup.isPending} data-testid="setup-submit" mt="xs">
            {t('setup.submit')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
