import { Alert, Button, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useMe } from '../api/me';
import { useSetupStatus, useSignIn } from '../api/session';
import { AuthLayout } from '../components/AuthLayout';
import { FullPageLoader } from '../components/FullPageLoader';
import { errorMessage } from '../lib/form-errors';
import { isEmail } from '../lib/validation';

/** Only same-site paths are followed after sign-in, never an absolute URL from the query string. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const status = useSetupStatus();
  const me = useMe();
  const signIn = useSignIn();

  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: {
      email: (v) => (isEmail(v) ? null : t('validation.email')),
      password: (v) => (v ? null : t('validation.required')),
    },
  });

  if (status.isPending || me.isPending) return <FullPageLoader />;
  if (status.data?.needsSetup) return <Navigate to="/setup" replace />;
  if (me.data && !signIn.isPending) return <Navigate to={next} replace />;

  const submit = form.onSubmit((values) => {
    signIn.mutate(
      { email: values.email.trim(), password: values.password },
      { onSuccess: () => navigate(next, { replace: true }) },
    );
  });

  return (
    <AuthLayout>
      <form onSubmit={submit} noValidate data-testid="login-form">
        <Stack gap="md">
          <div>
            <Title order={1} fz={{ base: 24, sm: 26 }} mb={6}>
              {t('login.title')}
            </Title>
            <Text c="dimmed" size="sm">
              {t('login.intro')}
            </Text>
          </div>
          <TextInput
            label={t('login.email')}
            type="email"
            autoComplete="email"
            required
            autoFocus
            data-testid="login-email"
            {...form.getInputProps('email')}
          />
          <PasswordInput
            label={t('login.password')}
            autoComplete="current-password"
            required
            data-testid="login-password"
            {...form.getInputProps('password')}
          />
          {signIn.error && (
            <Alert color="red" variant="light" data-testid="login-error" role="alert">
              {errorMessage(signIn.error, t)}
            </Alert>
          )}
          <Button type="submit" size="md" loading={signIn.isPending} data-testid="login-submit">
            {t('login.submit')}
          </Button>
          <Text size="xs" c="dimmed">
            {t('login.noAccount')}
          </Text>
        </Stack>
      </form>
    </AuthLayout>
  );
}
