import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { refreshMe } from './me';
import { queryKeys } from './query-keys';
import type { Invitation, InvitationPreview, ItemList, Role, Workspace } from './types';

export function useInvitations(workspaceId: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.invitations(workspaceId),
    queryFn: () => api.get<ItemList<Invitation>>(`/api/workspaces/${workspaceId}/invitations`),
    select: (data) => data.items,
    enabled,
  });
}

export function useCreateInvitation(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; role: Role }) =>
      api.post<Invitation>(`/api/workspaces/${workspaceId}/invitations`, input),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.invitations(workspaceId) });
    },
  });
}

export function useRevokeInvitation(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/workspaces/${workspaceId}/invitations/${id}`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.invitations(workspaceId) });
    },
  });
}

/** Public preview of an invitation link. */
export function useInvitationPreview(token: string) {
  return useQuery({
    queryKey: queryKeys.invitation(token),
    queryFn: () => api.get<InvitationPreview>(`/api/invitations/${encodeURIComponent(token)}`),
    retry: false,
  });
}

export function useAcceptInvitation(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; password: string } | undefined) =>
      api.post<{ workspace: Workspace }>(`/api/invitations/${encodeURIComponent(token)}/accept`, input ?? {}),
    onSuccess: async () => {
      await refreshMe(queryClient);
    },
  });
}
