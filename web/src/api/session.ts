import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { refreshMe } from './me';
import { queryKeys } from './query-keys';
import type { Locale, User, Workspace, WorkspaceKind } from './types';

export interface SetupInput {
  name: string;
  email: string;
  password: string;
  workspaceName: string;
  workspaceKind: WorkspaceKind;
  locale?: Locale;
}

export function useSetupStatus() {
  return useQuery({
    queryKey: queryKeys.setup,
    queryFn: () => api.get<{ needsSetup: boolean }>('/api/setup'),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useSetup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SetupInput) => api.post<{ user: User; workspace: Workspace }>('/api/setup', input),
    onSuccess: async () => {
      queryClient.setQueryData(queryKeys.setup, { needsSetup: false });
      await refreshMe(queryClient);
    },
  });
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; password: string }) =>
      api.post<{ user: User }>('/api/session', input),
    // Cached data may belong to a previous user of this browser.
    onSuccess: async () => {
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'setup' && q.queryKey[0] !== 'me' });
      await refreshMe(queryClient);
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete('/api/session'),
    onSuccess: () => {
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'setup' });
      queryClient.setQueryData(queryKeys.me, null);
    },
  });
}
