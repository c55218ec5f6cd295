import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconLink, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateInvitation, useInvitations, useRevokeInvitation } from '../../api/invitations';
import type { Invitation, Role } from '../../api/types';
import { ConfirmModal } from '../../components/ConfirmModal';
import { CopyField } from '../../components/CopyField';
import { ErrorState } from '../../components/ErrorState';
import { RoleBadge } from '../../components/RoleBadge';
import { applyFieldError, errorMessage } from '../../lib/form-errors';
import { absoluteUrl, formatDate } from '../../lib/format';
import { notifyError, notifySuccess } from '../../lib/notify';
import { ROLES } from '../../lib/roles';
import { isEmail } from '../../lib/validation';
import { useCurrentWorkspace } from '../../routes/workspace-context';

export function InvitationsPanel() {
  const { t, i18n } = useTranslation();
  const { workspace } = useCurrentWorkspace();
  const invitations = useInvitations(workspace.id);
  const create = useCreateInvitation(workspace.id);
  const revoke = useRevokeInvitation(workspace.id);
  const [created, setCreated] = useState<Invitation | null>(null);
  const [revoking, setRevoking] = useState<Invitation | null>(null);

  const roleOptions = ROLES.filter((role) => workspace.role === 'owner' || role !== 'owner').map((role) => ({
    value: role,
    label: t(`roles.${role}`),
  }));

  const form = useForm({
    initialValues: { email: '', role: 'editor' as Role },
    validate: { email: (v) => (isEmail(v) ? null : t('validation.email')) },
  });

  const submit = form.onSubmit((values) => {
    setCreated(null);
    create.mutate(
      { email: values.email.trim(), role: values.role },
      {
        onSuccess: (invitation) => {
          setCreated(invitation);
          form.reset();
        },
        onError: (error) => applyFieldError(form, error, t),
      },
    );
  });

  const confirmRevoke = () => {
    if (!revoking) return;
    const email = revoking.email;
    revoke.mutate(revoking.id, {
      onSuccess: () => {
        if (created?.id === revoking.id) setCreated(null);
        setRevoking(null);
        notifySuccess(t('invitations.revoked', { email }));
      },
      onError: (error) => notifyError(error, t),
    });
  };

  const pending = (invitations.data ?? []).filter((invitation) => invitation.status === 'pending');

  return (
    <Stack gap="lg">
      <Paper withBorder p={{ base: 'md', sm: 'xl' }}>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <div>
              <Title order={3} fz="lg">
                {t('invitations.createTitle')}
              </Title>
              <Text size="sm" c="dimmed" mt={4}>
                {t('invitations.intro')}
              </Text>
            </div>
            <Group align="flex-start" gap="sm" wrap="wrap">
              <TextInput
                label={t('invitations.email')}
                type="email"
                placeholder="name@example.com"
                required
                style={{ flex: '1 1 240px' }}
                data-testid="invite-email-input"
                {...form.getInputProps('email')}
              />
              <Select
                label={t('invitations.role')}
                data={roleOptions}
                allowDeselect={false}
                w={{ base: '100%', xs: 150 }}
                data-testid="invite-role"
                {...form.getInputProps('role')}
              />
            </Group>
            <Text size="xs" c="dimmed">
              {t(`roles.help.${form.getValues().role}`)}
            </Text>
            {create.error && !form.errors.email && (
              <Alert color="red" variant="light">
                {errorMessage(create.error, t)}
              </Alert>
            )}
            <Group>
              <Button
                type="submit"
                leftSection={<IconLink size={16} aria-hidden />}
                loading={create.isPending}
                data-testid="invite-create"
              >
                {t('invitations.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>

      {created?.url && (
        <Alert
          color="teal"
          variant="light"
          title={t('invitations.createdTitle')}
          data-testid="invite-created"
        >
          <Stack gap="sm">
            <Text size="sm">{t('invitations.createdText', { email: created.email })}</Text>
            <CopyField value={absoluteUrl(created.url)} label={t('invitations.link')} testId="invite-link" />
          </Stack>
        </Alert>
      )}

      <Stack gap="sm">
        <Title order={3} fz="md">
          {t('invitations.pending')}
        </Title>
        {invitations.isPending ? (
          <Skeleton h={80} />
        ) : invitations.error ? (
          <ErrorState error={invitations.error} onRetry={() => void invitations.refetch()} />
        ) : pending.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="invitations-empty">
            {t('invitations.none')}
          </Text>
        ) : (
          <Paper withBorder data-testid="invitation-list">
            {pending.map((invitation, index) => (
              <Group
                key={invitation.id}
                justify="space-between"
                wrap="nowrap"
                gap="sm"
                p="md"
                style={index > 0 ? { borderTop: '1px solid var(--mantine-color-default-border)' } : undefined}
                data-testid="invitation-row"
              >
                <div style={{ minWidth: 0 }}>
                  <Text size="sm" fw={600} truncate="end">
                    {invitation.email}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t('invitations.expires', { date: formatDate(invitation.expiresAt, i18n.language) })}
                  </Text>
                </div>
                <Group gap="xs" wrap="nowrap">
                  <RoleBadge role={invitation.role} />
                  <Tooltip label={t('invitations.revoke')} openDelay={400}>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('invitations.revokeFor', { email: invitation.email })}
                      onClick={() => setRevoking(invitation)}
                      data-testid="invitation-revoke"
                    >
                      <IconTrash size={18} aria-hidden />
                    </ActionIcon>
                  </Tooltip>
                </Group>
              </Group>
            ))}
          </Paper>
        )}
      </Stack>

      <ConfirmModal
        opened={revoking !== null}
        title={t('invitations.revokeTitle')}
        message={t('invitations.revokeText', { email: revoking?.email ?? '' })}
        confirmLabel={t('invitations.revoke')}
        loading={revoke.isPending}
        onConfirm={confirmRevoke}
        onClose={() => setRevoking(null)}
      />
    </Stack>
  );
}
