import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { queryKeys } from './query-keys';
import type { ItemList, Me, Workspace, WorkspaceKind } from './types';

// The workspace list lives in GET /api/me, so writes refresh that one query.
export function useCreateWorkspace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; kind: WorkspaceKind }) =>
      api.post<Workspace>('/api/workspaces', input),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.me });
      await queryClient.invalidateQueries({ queryKey: queryKeys.workspaces, exact: true });
    },
  });
}

export function useUpdateWorkspace(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name?: string; kind?: WorkspaceKind }) =>
      api.patch<Workspace>(`/api/workspaces/${workspaceId}`, input),
    onSuccess: (workspace) => {
      queryClient.setQueryData<Me | null>(queryKeys.me, (me) =>
        me
          ? {
              ...me,
              workspaces: me.workspaces.map((w) => (w.id === workspace.id ? { ...w, ...workspace } : w)),
            }
          : me,
      );
    },
  });
}

export function useWorkspaces() {
  return useQuery({
    queryKey: queryKeys.workspaces,
    queryFn: () => api.get<ItemList<Workspace>>('/api/workspaces'),
    select: (data) => data.items,
  });
}
