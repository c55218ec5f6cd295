import { Alert, Button, Group, Modal, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { WorkspaceKind } from '../api/types';
import { useCreateWorkspace } from '../api/workspaces';
import { applyFieldError, errorMessage } from '../lib/form-errors';

export function CreateWorkspaceModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateWorkspace();
  const form = useForm({
    initialValues: { name: '', kind: 'company' as WorkspaceKind },
    validate: {
      name: (value) => (value.trim() ? null : t('validation.required')),
    },
  });

  const close = () => {
    form.reset();
    create.reset();
    onClose();
  };

  const submit = form.onSubmit((values) => {
    create.mutate(
      { name: values.name.trim(), kind: values.kind },
      {
        onSuccess: (workspace) => {
          close();
          navigate(`/w/${workspace.id}`);
        },
        onError: (error) => applyFieldError(form, error, t),
      },
    );
  });

  const generalError = create.error && !form.errors.name ? errorMessage(create.error, t) : null;

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t('workspace.createTitle')}
      data-testid="workspace-create-modal"
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {t('workspace.createIntro')}
          </Text>
          <TextInput
            label={t('workspace.name')}
            placeholder={t('workspace.namePlaceholder')}
            required
            data-autofocus
            data-testid="workspace-name"
            {...form.getInputProps('name')}
          />
          <Stack gap={6}>
            <Text size="sm" fw={500} id="workspace-kind-label">
              {t('workspace.kind')}
            </Text>
            <SegmentedControl
              aria-labelledby="workspace-kind-label"
              data-testid="workspace-kind"
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
          {generalError && (
            <Alert color="red" variant="light">
              {generalError}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="workspace-save">
              {t('workspace.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
