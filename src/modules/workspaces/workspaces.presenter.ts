import type { Role } from '../../platform/http/principal';
import { asRole } from './workspace-access';
import type { ApiKeyRow, InvitationRow, WorkspaceRow } from './workspaces.repository';

export const presentWorkspace = (w: WorkspaceRow, role: Role | string) => ({
  id: w.id,
  name: w.name,
  slug: w.slug,
  kind: w.kind === 'agency' ? ('agency' as const) : ('company' as const),
  role: asRole(role),
  createdAt: w.createdAt.toISOString(),
});

export const presentMember = (m: {
  userId: string;
  name: string;
  email: string;
  role: string;
  joinedAt: Date;
}) => ({
  userId: m.userId,
  name: m.name,
  email: m.email,
  role: asRole(m.role),
  joinedAt: m.joinedAt.toISOString(),
});

export function invitationStatus(
  i: InvitationRow,
  now = new Date(),
): 'pending' | 'accepted' | 'revoked' | 'expired' {
  if (i.status === 'pending') return i.expiresAt <= now ? 'expired' : 'pending';
  return i.status === 'accepted' ? 'accepted' : 'revoked';
}

export const presentInvitation = (i: InvitationRow, url?: string) => ({
  id: i.id,
  email: i.email,
  role: asRole(i.role),
  status: invitationStatus(i),
  expiresAt: i.expiresAt.toISOString(),
  createdAt: i.createdAt.toISOString(),
  ...(url ? { url } : {}),
});

export const presentApiKey = (k: ApiKeyRow) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  role: k.role === 'viewer' ? ('viewer' as const) : ('editor' as const),
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
});
