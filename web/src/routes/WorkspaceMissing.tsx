import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../api/me';
import { AuthLayout } from '../components/AuthLayout';
import { CreateWorkspaceModal } from '../components/CreateWorkspaceModal';
import { lastWorkspaceId } from '../lib/last-workspace';

/** A workspace id the user cannot see, or a user who belongs to no workspace at all. */
export function WorkspaceMissing({ noneYet = false }: { noneYet?: boolean }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const [opened, modal] = useDisclosure(false);
  const remembered = lastWorkspaceId();
  const first = me?.workspaces.find((w) => w.id === remembered) ?? me?.workspaces[0];

  return (
    <AuthLayout>
      <Stack gap="md" data-testid="workspace-missing">
        <Title order={2} fz={22}>
          {noneYet ? t('workspace.noneTitle') : t('workspace.missingTitle')}
        </Title>
        <Text c="dimmed" size="sm">
          {noneYet ? t('workspace.noneText') : t('workspace.missingText')}
        </Text>
        <Group>
          {first && (
            <Button component={Link} to={`/w/${first.id}`} variant="light">
              {t('workspace.openNamed', { name: first.name })}
            </Button>
          )}
          <Button onClick={modal.open} data-testid="workspace-create">
            {t('workspace.create')}
          </Button>
        </Group>
      </Stack>
      <CreateWorkspaceModal opened={opened} onClose={modal.close} />
    </AuthLayout>
  );
}
