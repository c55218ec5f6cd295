import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { queryKeys } from './query-keys';
import type { ApiKey, ApiKeyRole, CreatedApiKey, ItemList } from './types';

export function useApiKeys(workspaceId: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.apiKeys(workspaceId),
    queryFn: () => api.get<ItemList<ApiKey>>(`/api/workspaces/${workspaceId}/api-keys`),
    select: (data) => data.items,
    enabled,
  });
}

export function useCreateApiKey(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; role?: ApiKeyRole }) =>
      api.post<CreatedApiKey>(`/api/workspaces/${workspaceId}/api-keys`, input),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys(workspaceId) });
    },
  });
}

export function useRevokeApiKey(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/workspaces/${workspaceId}/api-keys/${id}`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys(workspaceId) });
    },
  });
}
