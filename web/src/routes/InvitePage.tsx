import { Alert, Button, Group, PasswordInput, Stack, Text, TextInput, ThemeIcon, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconMailOpened } from '@tabler/icons-react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../api/client';
import { useAcceptInvitation, useInvitationPreview } from '../api/invitations';
import { useMe } from '../api/me';
import { useSignOut } from '../api/session';
import { AuthLayout } from '../components/AuthLayout';
import { ErrorState } from '../components/ErrorState';
import { FullPageLoader } from '../components/FullPageLoader';
import { RoleBadge } from '../components/RoleBadge';
import { applyFieldError, errorMessage } from '../lib/form-errors';
import { formatDate } from '../lib/format';
import { MIN_PASSWORD } from '../lib/validation';

export function InvitePage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { token = '' } = useParams();
  const preview = useInvitationPreview(token);
  const me = useMe();
  const accept = useAcceptInvitation(token);
  const signOut = useSignOut();

  const form = useForm({
    initialValues: { name: '', password: '' },
    validate: {
      name: (v) => (v.trim() ? null : t('validation.required')),
      password: (v) =>
        v.length >= MIN_PASSWORD ? null : t('validation.passwordLength', { count: MIN_PASSWORD }),
    },
  });

  if (preview.isPending || me.isPending) return <FullPageLoader />;

  if (preview.error) {
    const gone = isApiError(preview.error, 404) || isApiError(preview.error, 410);
    const code = isApiError(preview.error) ? preview.error.code : '';
    const reason =
      code === 'invitation_expired' ? 'expired' : code === 'invitation_used' ? 'used' : 'invalid';
    return (
      <AuthLayout>
        {gone ? (
          <Stack gap="md" data-testid="invite-invalid" data-reason={reason}>
            <Title order={2} fz={22}>
              {t(`invite.${reason}Title`)}
            </Title>
            <Text size="sm" c="dimmed">
              {t(`invite.${reason}Text`)}
            </Text>
            <Group>
              <Button component={Link} to={me.data ? '/' : '/login'} variant="light">
                {me.data ? t('notFound.home') : t('login.submit')}
              </Button>
            </Group>
          </Stack>
        ) : (
          <ErrorState error={preview.error} onRetry={() => void preview.refetch()} />
        )}
      </AuthLayout>
    );
  }

  const invitation = preview.data;
  const user = me.data?.user;
  const emailMatches = user && user.email.toLowerCase() === invitation.email.toLowerCase();

  const join = (body?: { name: string; password: string }) =>
    accept.mutate(body, {
      onSuccess: ({ workspace }) => navigate(`/w/${workspace.id}`, { replace: true }),
      onError: (error) => applyFieldError(form, error, t),
    });

  const submit = form.onSubmit((values) => join({ name: values.name.trim(), password: values.password }));
  const fieldErrorShown = Object.keys(form.errors).length > 0;

  return (
    <AuthLayout>
      <Stack gap="lg" data-testid="invite-page">
        <Group gap="md" wrap="nowrap" align="flex-start">
          <ThemeIcon size={44} radius="md" variant="light">
            <IconMailOpened size={24} aria-hidden />
          </ThemeIcon>
          <div style={{ minWidth: 0 }}>
            <Title order={1} fz={{ base: 20, sm: 24 }} className="ml-break" data-testid="invite-workspace">
              {t('invite.title', { workspace: invitation.workspaceName })}
            </Title>
            <Text size="sm" c="dimmed" mt={4} className="ml-break">
              <Trans
                i18nKey="invite.invitedBy"
                values={{ inviter: invitation.inviterName }}
                components={{ b: <Text span fw={600} c="var(--mantine-color-text)" /> }}
              />
            </Text>
          </div>
        </Group>

        <Stack gap={6}>
          <Group gap="xs">
            <Text size="sm" c="dimmed" w={90}>
              {t('invite.role')}
            </Text>
            <RoleBadge role={invitation.role} />
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" c="dimmed" w={90} style={{ flexShrink: 0 }}>
              {t('invite.email')}
            </Text>
            <Text size="sm" className="ml-break" data-testid="invite-email">
              {invitation.email}
            </Text>
          </Group>
          <Group gap="xs">
            <Text size="sm" c="dimmed" w={90}>
              {t('invite.expires')}
            </Text>
            <Text size="sm">{formatDate(invitation.expiresAt, i18n.language)}</Text>
          </Group>
          <Text size="xs" c="dimmed" mt={4}>
            {t(`roles.help.${invitation.role}`)}
          </Text>
        </Stack>

        {accept.error && !fieldErrorShown && (
          <Alert color="red" variant="light" data-testid="invite-error">
            {errorMessage(accept.error, t)}
          </Alert>
        )}

        {user ? (
          emailMatches ? (
            <Button size="md" onClick={() => join()} loading={accept.isPending} data-testid="invite-accept">
              {t('invite.joinAs', { email: user.email })}
            </Button>
          ) : (
            <Stack gap="sm">
              <Alert color="yellow" variant="light" data-testid="invite-mismatch">
                {t('invite.mismatch', { invited: invitation.email, current: user.email })}
              </Alert>
              <Button
                variant="light"
                loading={signOut.isPending}
                onClick={() => signOut.mutate()}
                data-testid="invite-sign-out"
              >
                {t('invite.signOutToContinue')}
              </Button>
            </Stack>
          )
        ) : invitation.accountExists ? (
          <Stack gap="sm">
            <Text size="sm">{t('invite.haveAccount', { email: invitation.email })}</Text>
            <Button
              component={Link}
              to={`/login?next=${encodeURIComponent(`/invite/${token}`)}`}
              size="md"
              data-testid="invite-sign-in"
            >
              {t('invite.signInToAccept')}
            </Button>
          </Stack>
        ) : (
          <form onSubmit={submit} noValidate data-testid="invite-form">
            <Stack gap="md">
              <Text size="sm" fw={500}>
                {t('invite.createAccount')}
              </Text>
              <TextInput
                label={t('setup.name')}
                autoComplete="name"
                required
                autoFocus
                data-testid="invite-name"
                {...form.getInputProps('name')}
              />
              <PasswordInput
                label={t('setup.password')}
                description={t('validation.passwordLength', { count: MIN_PASSWORD })}
                autoComplete="new-password"
                required
                data-testid="invite-password"
                {...form.getInputProps('password')}
              />
              <Button type="submit" size="md" loading={accept.isPending} data-testid="invite-accept">
                {t('invite.createAndJoin')}
              </Button>
            </Stack>
          </form>
        )}
      </Stack>
    </AuthLayout>
  );
}
