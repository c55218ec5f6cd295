import type { Role } from '../api/types';

export const ROLES: Role[] = ['owner', 'admin', 'editor', 'viewer'];

const rank: Record<Role, number> = { viewer: 0, editor: 1, admin: 2, owner: 3 };

export function atLeast(role: Role | undefined, minimum: Role): boolean {
  return role !== undefined && rank[role] >= rank[minimum];
}

export const canEdit = (role: Role | undefined) => atLeast(role, 'editor');
export const canAdmin = (role: Role | undefined) => atLeast(role, 'admin');

export const roleColor: Record<Role, string> = {
  owner: 'grape',
  admin: 'indigo',
  editor: 'teal',
  viewer: 'gray',
};
