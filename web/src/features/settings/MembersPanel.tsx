import {
  ActionIcon,
  Avatar,
  Badge,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core';
import { IconUserMinus } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { refreshMe } from '../../api/me';
import { useChangeMemberRole, useMembers, useRemoveMember } from '../../api/members';
import type { Member, Role } from '../../api/types';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorState } from '../../components/ErrorState';
import { RoleBadge } from '../../components/RoleBadge';
import { formatDate } from '../../lib/format';
import { notifyError, notifySuccess } from '../../lib/notify';
import { canAdmin, ROLES } from '../../lib/roles';
import { useCurrentWorkspace } from '../../routes/workspace-context';

export function MembersPanel() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { workspace, user } = useCurrentWorkspace();
  const members = useMembers(workspace.id);
  const changeRole = useChangeMemberRole(workspace.id);
  const remove = useRemoveMember(workspace.id);
  const [removing, setRemoving] = useState<Member | null>(null);

  const isAdmin = canAdmin(workspace.role);
  const isOwner = workspace.role === 'owner';
  // Only owners hand out or take away ownership.
  const roleOptions = ROLES.filter((role) => isOwner || role !== 'owner').map((role) => ({
    value: role,
    label: t(`roles.${role}`),
  }));

  const onRoleChange = (member: Member, role: Role) => {
    if (role === member.role) return;
    changeRole.mutate(
      { userId: member.userId, role },
      {
        onSuccess: () =>
          notifySuccess(t('members.roleChanged', { name: member.name, role: t(`roles.${role}`) })),
        onError: (error) => notifyError(error, t),
      },
    );
  };

  const confirmRemove = () => {
    if (!removing) return;
    const member = removing;
    remove.mutate(member.userId, {
      onSuccess: async () => {
        setRemoving(null);
        if (member.userId === user.id) {
          await refreshMe(queryClient);
          navigate('/', { replace: true });
          return;
        }
        notifySuccess(t('members.removed', { name: member.name }));
      },
      onError: (error) => notifyError(error, t),
    });
  };

  if (members.isPending) return <Skeleton h={160} />;
  if (members.error) return <ErrorState error={members.error} onRetry={() => void members.refetch()} />;

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {isAdmin ? t('members.introAdmin') : t('members.intro')}
      </Text>
      <Paper withBorder data-testid="member-list">
        {members.data.map((member, index) => {
          const isSelf = member.userId === user.id;
          const locked = !isAdmin || (member.role === 'owner' && !isOwner);
          return (
            <Group
              key={member.userId}
              justify="space-between"
              wrap="wrap"
              gap="sm"
              p="md"
              style={index > 0 ? { borderTop: '1px solid var(--mantine-color-default-border)' } : undefined}
              data-testid="member-row"
              data-user-id={member.userId}
            >
              <Group gap="sm" wrap="nowrap" style={{ minWidth: 0, flex: '1 1 240px' }}>
                <Avatar radius="xl" color="indigo" size={36}>
                  {Array.from(member.name.trim() || '?')[0].toUpperCase()}
                </Avatar>
                <div style={{ minWidth: 0 }}>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" fw={600} truncate="end">
                      {member.name}
                    </Text>
                    {isSelf && (
                      <Badge size="xs" variant="outline" color="gray">
                        {t('members.you')}
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed" truncate="end">
                    {member.email} ·{' '}
                    {t('members.joined', { date: formatDate(member.joinedAt, i18n.language) })}
                  </Text>
                </div>
              </Group>
              <Group gap="xs" wrap="nowrap">
                {locked ? (
                  <RoleBadge role={member.role} />
                ) : (
                  <Select
                    aria-label={t('members.roleFor', { name: member.name })}
                    data={roleOptions}
                    value={member.role}
                    allowDeselect={false}
                    onChange={(value) => value && onRoleChange(member, value as Role)}
                    w={130}
                    size="xs"
                    disabled={changeRole.isPending}
                    data-testid="member-role"
                  />
                )}
                {isAdmin && !locked && (
                  <Tooltip label={isSelf ? t('members.leave') : t('members.remove')} openDelay={400}>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={
                        isSelf ? t('members.leave') : t('members.removeNamed', { name: member.name })
                      }
                      onClick={() => setRemoving(member)}
                      data-testid="member-remove"
                    >
                      <IconUserMinus size={18} aria-hidden />
                    </ActionIcon>
                  </Tooltip>
                )}
              </Group>
            </Group>
          );
        })}
      </Paper>
      <ConfirmModal
        opened={removing !== null}
        title={removing?.userId === user.id ? t('members.leaveTitle') : t('members.removeTitle')}
        message={
          removing?.userId === user.id
            ? t('members.leaveText', { workspace: workspace.name })
            : t('members.removeText', { name: removing?.name ?? '', workspace: workspace.name })
        }
        confirmLabel={removing?.userId === user.id ? t('members.leave') : t('members.remove')}
        loading={remove.isPending}
        onConfirm={confirmRemove}
        onClose={() => setRemoving(null)}
      />
    </Stack>
  );
}
