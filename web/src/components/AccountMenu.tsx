import { Avatar, Menu, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconKey, IconLogout } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSignOut } from '../api/session';
import type { User } from '../api/types';
import { notifyError } from '../lib/notify';
import { ChangePasswordModal } from './ChangePasswordModal';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  // CJK names read best as their first character.
  if (parts.length === 1) return Array.from(parts[0]).slice(0, 2).join('').toUpperCase();
  return (Array.from(parts[0])[0] + Array.from(parts[parts.length - 1])[0]).toUpperCase();
}

export function AccountMenu({ user }: { user: User }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const [passwordOpened, passwordModal] = useDisclosure(false);

  const handleSignOut = () =>
    signOut.mutate(undefined, {
      onSuccess: () => navigate('/login', { replace: true }),
      onError: (error) => notifyError(error, t),
    });

  return (
    <>
      <Menu position="bottom-end" shadow="md" width={260} withinPortal>
        <Menu.Target>
          <UnstyledButton
            aria-label={t('account.menu')}
            data-testid="account-menu"
            style={{ borderRadius: '50%' }}
          >
            <Avatar color="indigo" radius="xl" size={34}>
              {initials(user.name)}
            </Avatar>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <div style={{ padding: '8px 12px' }}>
            <Text size="sm" fw={600} truncate="end" data-testid="account-name">
              {user.name}
            </Text>
            <Text size="xs" c="dimmed" truncate="end" data-testid="account-email">
              {user.email}
            </Text>
          </div>
          <Menu.Divider />
          <Menu.Item
            leftSection={<IconKey size={16} aria-hidden />}
            onClick={passwordModal.open}
            data-testid="account-change-password"
          >
            {t('account.changePassword')}
          </Menu.Item>
          <Menu.Item
            leftSection={<IconLogout size={16} aria-hidden />}
            onClick={handleSignOut}
            data-testid="account-sign-out"
          >
            {t('account.signOut')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <ChangePasswordModal opened={passwordOpened} onClose={passwordModal.close} />
    </>
  );
}
