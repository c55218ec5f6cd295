import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { queryKeys } from './query-keys';
import type { Company, CompanyInput, ItemList } from './types';

export function useCompanies(workspaceId: string) {
  return useQuery({
    queryKey: queryKeys.companies(workspaceId),
    queryFn: () => api.get<ItemList<Company>>(`/api/workspaces/${workspaceId}/companies`),
    select: (data) => data.items,
  });
}

export function useCreateCompany(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CompanyInput) => api.post<Company>(`/api/workspaces/${workspaceId}/companies`, input),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.companies(workspaceId) });
    },
  });
}

export function useUpdateCompany(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: CompanyInput }) =>
      api.patch<Company>(`/api/workspaces/${workspaceId}/companies/${id}`, input),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.companies(workspaceId) });
    },
  });
}

export function useDeleteCompany(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/workspaces/${workspaceId}/companies/${id}`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.companies(workspaceId) });
    },
  });
}
