export type Locale = 'en' | 'zh-CN';
export type Role = 'owner' | 'admin' | 'editor' | 'viewer';
export type WorkspaceKind = 'agency' | 'company';

export interface User {
  id: string;
  name: string;
  email: string;
  locale: Locale;
}

export interface Workspace {
  id: string;
  name: string;
  slug: string;
  kind: WorkspaceKind;
  role: Role;
  createdAt: string;
}

export interface Me {
  user: User;
  workspaces: Workspace[];
  csrfToken: string;
}

export interface Member {
  userId: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: string;
}

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  status: InvitationStatus;
  expiresAt: string;
  createdAt: string;
  url?: string;
}

export interface InvitationPreview {
  workspaceName: string;
  email: string;
  role: Role;
  expiresAt: string;
  inviterName: string;
  accountExists: boolean;
}

/** Not in the written contract: the server lets a key act as an editor (default) or read-only viewer. */
export type ApiKeyRole = 'editor' | 'viewer';

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  role?: ApiKeyRole;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedApiKey {
  id: string;
  name: string;
  prefix: string;
  role?: ApiKeyRole;
  createdAt: string;
  key: string;
}

export interface Company {
  id: string;
  workspaceId: string;
  name: string;
  industry: string | null;
  website: string | null;
  country: string | null;
  description: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CompanyInput {
  name: string;
  industry?: string | null;
  website?: string | null;
  country?: string | null;
  description?: string | null;
}

export interface ItemList<T> {
  items: T[];
}
