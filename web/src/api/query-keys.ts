export const queryKeys = {
  setup: ['setup'] as const,
  me: ['me'] as const,
  workspaces: ['workspaces'] as const,
  members: (workspaceId: string) => ['workspaces', workspaceId, 'members'] as const,
  invitations: (workspaceId: string) => ['workspaces', workspaceId, 'invitations'] as const,
  invitation: (token: string) => ['invitation', token] as const,
  apiKeys: (workspaceId: string) => ['workspaces', workspaceId, 'api-keys'] as const,
  companies: (workspaceId: string) => ['workspaces', workspaceId, 'companies'] as const,
};
