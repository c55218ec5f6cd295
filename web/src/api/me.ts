import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError, rememberCsrfToken } from './client';
import { queryKeys } from './query-keys';
import type { Locale, Me, User } from './types';

/** The signed-in user and their workspaces; `null` when nobody is signed in. */
export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api.get<Me>('/api/me');
    rememberCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (isApiError(error, 401)) return null;
    throw error;
  }
}

/** Loads `me` now, so the next screen never sees the signed-out answer cached before sign-in. */
export function refreshMe(queryClient: QueryClient): Promise<Me | null> {
  return queryClient.fetchQuery({ queryKey: queryKeys.me, queryFn: fetchMe, staleTime: 0 });
}

export function useMe() {
  return useQuery({ queryKey: queryKeys.me, queryFn: fetchMe, staleTime: 60_000 });
}

export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name?: string; locale?: Locale }) => api.patch<{ user: User }>('/api/me', input),
    onSuccess: ({ user }) => {
      queryClient.setQueryData<Me | null>(queryKeys.me, (me) => (me ? { ...me, user } : me));
    },
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) =>
      api.post<void>('/api/me/password', input),
  });
}
