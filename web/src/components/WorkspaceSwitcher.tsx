import { Box, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBuildingStore, IconCheck, IconPlus, IconSelector } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Workspace } from '../api/types';
import { CreateWorkspaceModal } from './CreateWorkspaceModal';
import { RoleBadge } from './RoleBadge';

export function WorkspaceSwitcher({ workspaces, current }: { workspaces: Workspace[]; current: Workspace }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [createOpened, createModal] = useDisclosure(false);

  return (
    <>
      <Menu position="bottom-start" shadow="md" width={300} withinPortal>
        <Menu.Target>
          <UnstyledButton
            data-testid="workspace-switcher"
            aria-label={t('workspace.switch')}
            px="sm"
            py={6}
            style={{
              borderRadius: 'var(--mantine-radius-md)',
              border: '1px solid var(--mantine-color-default-border)',
              minWidth: 0,
              maxWidth: '100%',
            }}
          >
            <Group gap={8} wrap="nowrap">
              <Box visibleFrom="xs" style={{ display: 'flex' }}>
                <IconBuildingStore size={18} aria-hidden style={{ flexShrink: 0, opacity: 0.7 }} />
              </Box>
              <Text size="sm" fw={600} truncate="end" data-testid="workspace-current" style={{ minWidth: 0 }}>
                {current.name}
              </Text>
              <IconSelector size={16} aria-hidden style={{ flexShrink: 0, opacity: 0.6 }} />
            </Group>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('workspace.yourWorkspaces')}</Menu.Label>
          {workspaces.map((workspace) => (
            <Menu.Item
              key={workspace.id}
              onClick={() => navigate(`/w/${workspace.id}`)}
              data-testid={`workspace-option-${workspace.id}`}
              leftSection={
                workspace.id === current.id ? (
                  <IconCheck size={16} aria-hidden />
                ) : (
                  <span style={{ width: 16 }} />
                )
              }
              rightSection={<RoleBadge role={workspace.role} size="xs" />}
            >
              <Text size="sm" truncate="end" maw={170}>
                {workspace.name}
              </Text>
              <Text size="xs" c="dimmed">
                {t(`workspace.kinds.${workspace.kind}`)}
              </Text>
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={createModal.open}
            data-testid="workspace-create"
          >
            {t('workspace.create')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <CreateWorkspaceModal opened={createOpened} onClose={createModal.close} />
    </>
  );
}
