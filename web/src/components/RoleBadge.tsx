import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Role } from '../api/types';
import { roleColor } from '../lib/roles';

export function RoleBadge({ role, size = 'sm' }: { role: Role; size?: 'xs' | 'sm' | 'md' }) {
  const { t } = useTranslation();
  return (
    <Badge color={roleColor[role]} variant="light" size={size} data-role={role}>
      {t(`roles.${role}`)}
    </Badge>
  );
}
