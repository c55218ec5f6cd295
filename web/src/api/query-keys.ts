export const queryKeys = {
  setup: ['setup'] as const,
  me: ['me'] as const,
  workspaces: ['workspaces'] as const,
  members: (workspaceId: string) => ['workspaces', workspaceId, 'members'] as const,
  invitations: (workspaceId: string) => ['workspaces', workspaceId, 'invitations'] as const,
  invitation: (token: string) => ['invitation', token] as const,
  apiKeys: (workspaceId: string) => ['workspaces', workspaceId, 'api-keys'] as const,
  channelRates: (workspaceId: string) => ['workspaces', workspaceId, 'channel-rates'] as const,
  companies: (workspaceId: string) => ['workspaces', workspaceId, 'companies'] as const,
  plans: (workspaceId: string) => ['workspaces', workspaceId, 'plans'] as const,
  plan: (workspaceId: string, planId: string) => ['workspaces', workspaceId, 'plan', planId] as const,
  planTemplates: (workspaceId: string, language: string) =>
    ['workspaces', workspaceId, 'plan-templates', language] as const,
  planVersions: (workspaceId: string, planId: string) =>
    ['workspaces', workspaceId, 'plan', planId, 'versions'] as const,
  planDiff: (workspaceId: string, planId: string, from: string, to: string) =>
    ['workspaces', workspaceId, 'plan', planId, 'diff', from, to] as const,
  planComments: (workspaceId: string, planId: string) =>
    ['workspaces', workspaceId, 'plan', planId, 'comments'] as const,
};
