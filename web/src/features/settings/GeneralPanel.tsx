import { Alert, Button, Group, Paper, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { WorkspaceKind } from '../../api/types';
import { useUpdateWorkspace } from '../../api/workspaces';
import { RoleBadge } from '../../components/RoleBadge';
import { applyFieldError, errorMessage } from '../../lib/form-errors';
import { formatDate } from '../../lib/format';
import { notifySuccess } from '../../lib/notify';
import { canAdmin } from '../../lib/roles';
import { useCurrentWorkspace } from '../../routes/workspace-context';

export function GeneralPanel() {
  const { t, i18n } = useTranslation();
  const { workspace } = useCurrentWorkspace();
  const update = useUpdateWorkspace(workspace.id);
  const isAdmin = canAdmin(workspace.role);

  const form = useForm({
    initialValues: { name: workspace.name, kind: workspace.kind as WorkspaceKind },
    validate: { name: (v) => (v.trim() ? null : t('validation.required')) },
  });

  const submit = form.onSubmit((values) => {
    update.mutate(
      { name: values.name.trim(), kind: values.kind },
      {
        onSuccess: (saved) => {
          form.resetDirty({ name: saved.name, kind: saved.kind });
          notifySuccess(t('settings.general.saved'));
        },
        onError: (error) => applyFieldError(form, error, t),
      },
    );
  });

  return (
    <Paper withBorder p={{ base: 'md', sm: 'xl' }} maw={640}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <div>
            <Title order={3} fz="lg">
              {t('settings.general.title')}
            </Title>
            <Group gap={6} mt={4}>
              <Text size="sm" c="dimmed">
                {t('settings.general.yourRole')}
              </Text>
              <RoleBadge role={workspace.role} size="xs" />
              <Text size="sm" c="dimmed">
                · {t('settings.general.createdOn', { date: formatDate(workspace.createdAt, i18n.language) })}
              </Text>
            </Group>
          </div>
          {!isAdmin && (
            <Alert variant="light" color="gray" data-testid="settings-read-only">
              {t('settings.general.readOnly')}
            </Alert>
          )}
          <TextInput
            label={t('workspace.name')}
            required={isAdmin}
            readOnly={!isAdmin}
            variant={isAdmin ? 'default' : 'filled'}
            data-testid="settings-workspace-name"
            {...form.getInputProps('name')}
          />
          <Stack gap={6}>
            <Text size="sm" fw={500} id="settings-kind-label">
              {t('workspace.kind')}
            </Text>
            <SegmentedControl
              aria-labelledby="settings-kind-label"
              readOnly={!isAdmin}
              data-testid="settings-workspace-kind"
              data={[
                { value: 'company', label: t('workspace.kinds.company') },
                { value: 'agency', label: t('workspace.kinds.agency') },
              ]}
              {...form.getInputProps('kind')}
            />
            <Text size="xs" c="dimmed">
              {t(`workspace.kindHelp.${form.getValues().kind}`)}
            </Text>
          </Stack>
          {update.error && !form.errors.name && (
            <Alert color="red" variant="light">
              {errorMessage(update.error, t)}
            </Alert>
          )}
          {isAdmin && (
            <Group justify="flex-end">
              <Button
                type="submit"
                loading={update.isPending}
                disabled={!form.isDirty()}
                data-testid="settings-save"
              >
                {t('common.save')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
