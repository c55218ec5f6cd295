import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
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
import { IconAlertTriangle, IconKey, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from '../../api/api-keys';
import type { ApiKey, ApiKeyRole, CreatedApiKey } from '../../api/types';
import { ConfirmModal } from '../../components/ConfirmModal';
import { CopyField } from '../../components/CopyField';
import { ErrorState } from '../../components/ErrorState';
import { RoleBadge } from '../../components/RoleBadge';
import { applyFieldError, errorMessage } from '../../lib/form-errors';
import { formatDate, formatDateTime } from '../../lib/format';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useCurrentWorkspace } from '../../routes/workspace-context';

export function ApiKeysPanel() {
  const { t, i18n } = useTranslation();
  const { workspace } = useCurrentWorkspace();
  const keys = useApiKeys(workspace.id);
  const create = useCreateApiKey(workspace.id);
  const revoke = useRevokeApiKey(workspace.id);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);

  const form = useForm({
    initialValues: { name: '', role: 'editor' as ApiKeyRole },
    validate: { name: (v) => (v.trim() ? null : t('validation.required')) },
  });

  const submit = form.onSubmit((values) => {
    setCreated(null);
    create.mutate(
      { name: values.name.trim(), role: values.role },
      {
        onSuccess: (key) => {
          setCreated(key);
          form.reset();
        },
        onError: (error) => applyFieldError(form, error, t),
      },
    );
  });

  const confirmRevoke = () => {
    if (!revoking) return;
    const name = revoking.name;
    revoke.mutate(revoking.id, {
      onSuccess: () => {
        if (created?.id === revoking.id) setCreated(null);
        setRevoking(null);
        notifySuccess(t('apiKeys.revoked', { name }));
      },
      onError: (error) => notifyError(error, t),
    });
  };

  return (
    <Stack gap="lg">
      <Paper withBorder p={{ base: 'md', sm: 'xl' }}>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <div>
              <Title order={3} fz="lg">
                {t('apiKeys.createTitle')}
              </Title>
              <Text size="sm" c="dimmed" mt={4}>
                <Trans
                  i18nKey="apiKeys.intro"
                  components={{
                    code: <Code />,
                    docs: <Anchor href="/api/docs" target="_blank" rel="noopener" size="sm" />,
                  }}
                />
              </Text>
            </div>
            <Group align="flex-start" gap="sm" wrap="wrap">
              <TextInput
                label={t('apiKeys.name')}
                placeholder={t('apiKeys.namePlaceholder')}
                required
                style={{ flex: '1 1 240px' }}
                data-testid="api-key-name"
                {...form.getInputProps('name')}
              />
              <Select
                label={t('apiKeys.role')}
                data={[
                  { value: 'editor', label: t('roles.editor') },
                  { value: 'viewer', label: t('roles.viewer') },
                ]}
                allowDeselect={false}
                w={{ base: '100%', xs: 150 }}
                data-testid="api-key-role"
                {...form.getInputProps('role')}
              />
            </Group>
            <Text size="xs" c="dimmed">
              {t(`apiKeys.roleHelp.${form.getValues().role}`)}
            </Text>
            {create.error && !form.errors.name && (
              <Alert color="red" variant="light">
                {errorMessage(create.error, t)}
              </Alert>
            )}
            <Group>
              <Button
                type="submit"
                leftSection={<IconKey size={16} aria-hidden />}
                loading={create.isPending}
                data-testid="api-key-create"
              >
                {t('apiKeys.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>

      {created && (
        <Alert
          color="yellow"
          variant="light"
          icon={<IconAlertTriangle aria-hidden />}
          title={t('apiKeys.createdTitle', { name: created.name })}
          data-testid="api-key-created"
        >
          <Stack gap="sm">
            <Text size="sm">{t('apiKeys.createdWarning')}</Text>
            <CopyField value={created.key} label={t('apiKeys.key')} testId="api-key-value" />
            <Group>
              <Button
                size="xs"
                variant="default"
                onClick={() => setCreated(null)}
                data-testid="api-key-dismiss"
              >
                {t('apiKeys.stored')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}

      <Stack gap="sm">
        <Title order={3} fz="md">
          {t('apiKeys.listTitle')}
        </Title>
        {keys.isPending ? (
          <Skeleton h={80} />
        ) : keys.error ? (
          <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />
        ) : keys.data.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="api-keys-empty">
            {t('apiKeys.none')}
          </Text>
        ) : (
          <Paper withBorder data-testid="api-key-list">
            {keys.data.map((key, index) => (
              <Group
                key={key.id}
                justify="space-between"
                wrap="nowrap"
                gap="sm"
                p="md"
                style={index > 0 ? { borderTop: '1px solid var(--mantine-color-default-border)' } : undefined}
                data-testid="api-key-row"
                data-revoked={key.revokedAt ? 'true' : 'false'}
              >
                <div style={{ minWidth: 0 }}>
                  <Group gap={8} wrap="wrap">
                    <Text size="sm" fw={600} truncate="end" c={key.revokedAt ? 'dimmed' : undefined}>
                      {key.name}
                    </Text>
                    <Code>{key.prefix}…</Code>
                    {key.role && <RoleBadge role={key.role} size="xs" />}
                    {key.revokedAt && (
                      <Badge size="xs" color="gray" variant="light">
                        {t('apiKeys.revokedBadge')}
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed" mt={2}>
                    {t('apiKeys.createdOn', { date: formatDate(key.createdAt, i18n.language) })} ·{' '}
                    {key.lastUsedAt
                      ? t('apiKeys.lastUsed', { date: formatDateTime(key.lastUsedAt, i18n.language) })
                      : t('apiKeys.neverUsed')}
                  </Text>
                </div>
                {!key.revokedAt && (
                  <Tooltip label={t('apiKeys.revoke')} openDelay={400}>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('apiKeys.revokeNamed', { name: key.name })}
                      onClick={() => setRevoking(key)}
                      data-testid="api-key-revoke"
                    >
                      <IconTrash size={18} aria-hidden />
                    </ActionIcon>
                  </Tooltip>
                )}
              </Group>
            ))}
          </Paper>
        )}
      </Stack>

      <ConfirmModal
        opened={revoking !== null}
        title={t('apiKeys.revokeTitle')}
        message={t('apiKeys.revokeText', { name: revoking?.name ?? '' })}
        confirmLabel={t('apiKeys.revoke')}
        loading={revoke.isPending}
        onConfirm={confirmRevoke}
        onClose={() => setRevoking(null)}
      />
    </Stack>
  );
}
