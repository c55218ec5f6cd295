import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  breakdownReportSchema,
  dashboardReportSchema,
  frequencyReportSchema,
  funnelInputSchema,
  funnelReportSchema,
  funnelSchema,
  goalInputSchema,
  goalSchema,
  goalsReportSchema,
  PERIODS,
  propsReportSchema,
  publicLinkSchema,
  ReportName,
  realtimeReportSchema,
  StatsFilter,
  summaryReportSchema,
  timeseriesReportSchema,
} from '../../../src/shared/contracts/analytics-reports';
import type { ChannelRules, Site, siteDropsSchema } from '../../../src/shared/contracts/sites';
import { api } from './client';
import type { ItemList } from './types';

export type { ChannelRules, ReportName, Site, StatsFilter };
export type SummaryReport = z.infer<typeof summaryReportSchema>;
export type TimeseriesReport = z.infer<typeof timeseriesReportSchema>;
export type BreakdownReport = z.infer<typeof breakdownReportSchema>;
export type BreakdownRow = BreakdownReport['rows'][number];
export type FrequencyReport = z.infer<typeof frequencyReportSchema>;
export type GoalsReport = z.infer<typeof goalsReportSchema>;
export type FunnelReport = z.infer<typeof funnelReportSchema>;
export type RealtimeReport = z.infer<typeof realtimeReportSchema>;
export type PropsReport = z.infer<typeof propsReportSchema>;
export type DashboardReport = z.infer<typeof dashboardReportSchema>;
export type Goal = z.infer<typeof goalSchema>;
export type GoalInput = z.input<typeof goalInputSchema>;
export type Funnel = z.infer<typeof funnelSchema>;
export type FunnelInput = z.input<typeof funnelInputSchema>;
export type PublicLink = z.infer<typeof publicLinkSchema>;
export type SiteDrops = z.infer<typeof siteDropsSchema>;
export type Period = (typeof PERIODS)[number];

export interface SiteInput {
  name: string;
  hostnames: string[];
  companyId?: string | null;
}

/**
 * Where the dashboard reads its reports: a signed-in workspace member's site, or a public link
 * (read-only, no session).
 */
export type StatsSource =
  | { kind: 'workspace'; workspaceId: string; siteId: string }
  | { kind: 'public'; token: string };

/** The query every report takes (statsQuerySchema), as the dashboard holds it. */
export interface StatsParams {
  period: Period;
  date?: string;
  from?: string;
  to?: string;
  compare: boolean;
  filters: StatsFilter[];
}

const sitesBase = (workspaceId: string) => `/api/workspaces/${workspaceId}/sites`;

export const analyticsKeys = {
  sites: (workspaceId: string) => ['workspaces', workspaceId, 'sites'] as const,
  site: (workspaceId: string, siteId: string) => ['workspaces', workspaceId, 'sites', siteId] as const,
  drops: (workspaceId: string, siteId: string) =>
    ['workspaces', workspaceId, 'sites', siteId, 'drops'] as const,
  goals: (workspaceId: string, siteId: string) =>
    ['workspaces', workspaceId, 'sites', siteId, 'goals'] as const,
  funnels: (workspaceId: string, siteId: string) =>
    ['workspaces', workspaceId, 'sites', siteId, 'funnels'] as const,
  stats: (source: StatsSource) =>
    source.kind === 'workspace'
      ? (['workspaces', source.workspaceId, 'sites', source.siteId, 'stats'] as const)
      : (['public', source.token, 'stats'] as const),
  publicSite: (token: string) => ['public', token, 'site'] as const,
  channelRules: (workspaceId: string) => ['workspaces', workspaceId, 'channel-rules'] as const,
};

/** The query string of a report (without `?`). */
export function statsQueryString(
  params: StatsParams,
  extra: Record<string, string | number | undefined> = {},
): string {
  const search = new URLSearchParams();
  search.set('period', params.period);
  if (params.period === 'custom') {
    if (params.from) search.set('from', params.from);
    if (params.to) search.set('to', params.to);
  } else if (params.date) {
    search.set('date', params.date);
  }
  if (params.compare) search.set('compare', 'previous_period');
  if (params.filters.length > 0) search.set('filters', JSON.stringify(params.filters));
  for (const [key, value] of Object.entries(extra)) {
    if (value !== undefined) search.set(key, String(value));
  }
  return search.toString();
}

/** URL of a report (`csv` for the export of the same rows). */
export function reportUrl(
  source: StatsSource,
  report: ReportName,
  params: StatsParams,
  extra: Record<string, string | number | undefined> = {},
  csv = false,
): string {
  const base =
    source.kind === 'workspace'
      ? `${sitesBase(source.workspaceId)}/${source.siteId}/stats/${report}`
      : `/api/public/${encodeURIComponent(source.token)}/stats/${report}`;
  return `${base}${csv ? '.csv' : ''}?${statsQueryString(params, extra)}`;
}

// ---------------------------------------------------------------- sites

export function useSites(workspaceId: string) {
  return useQuery({
    queryKey: analyticsKeys.sites(workspaceId),
    queryFn: () => api.get<ItemList<Site>>(sitesBase(workspaceId)),
    select: (data) => data.items,
  });
}

export function useSite(workspaceId: string, siteId: string) {
  return useQuery({
    queryKey: analyticsKeys.site(workspaceId, siteId),
    queryFn: () => api.get<Site>(`${sitesBase(workspaceId)}/${siteId}`),
    // A site that never sent an event is asked again, so the dashboard appears once one arrives.
    refetchInterval: (query) => (query.state.data?.firstEventAt === null ? 15_000 : false),
  });
}

export function useCreateSite(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SiteInput) => api.post<Site>(sitesBase(workspaceId), input),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: analyticsKeys.sites(workspaceId) });
    },
  });
}

export function useUpdateSite(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: Partial<SiteInput> }) =>
      api.patch<Site>(`${sitesBase(workspaceId)}/${id}`, input),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: analyticsKeys.sites(workspaceId) });
    },
  });
}

export function useDeleteSite(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`${sitesBase(workspaceId)}/${id}`),
    onSuccess: async (_data, id) => {
      queryClient.removeQueries({ queryKey: analyticsKeys.site(workspaceId, id) });
      await queryClient.invalidateQueries({ queryKey: analyticsKeys.sites(workspaceId), exact: true });
    },
  });
}

export function useSiteDrops(workspaceId: string, siteId: string) {
  return useQuery({
    queryKey: analyticsKeys.drops(workspaceId, siteId),
    queryFn: () => api.get<SiteDrops>(`${sitesBase(workspaceId)}/${siteId}/drops`),
    refetchInterval: 30_000,
  });
}

// ---------------------------------------------------------------- channel rules

export function useChannelRules(workspaceId: string) {
  return useQuery({
    queryKey: analyticsKeys.channelRules(workspaceId),
    queryFn: () => api.get<ChannelRules>(`/api/workspaces/${workspaceId}/channel-rules`),
  });
}

export function useSaveChannelRules(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChannelRules) =>
      api.put<ChannelRules>(`/api/workspaces/${workspaceId}/channel-rules`, body),
    onSuccess: (saved) => queryClient.setQueryData(analyticsKeys.channelRules(workspaceId), saved),
  });
}

// ---------------------------------------------------------------- public link

export function useCreatePublicLink(workspaceId: string, siteId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<PublicLink>(`${sitesBase(workspaceId)}/${siteId}/public-link`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: analyticsKeys.sites(workspaceId) });
    },
  });
}

export function useRevokePublicLink(workspaceId: string, siteId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete(`${sitesBase(workspaceId)}/${siteId}/public-link`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: analyticsKeys.sites(workspaceId) });
    },
  });
}

export function usePublicSite(token: string) {
  return useQuery({
    queryKey: analyticsKeys.publicSite(token),
    queryFn: () =>
      api.get<{ name: string; firstEventAt: string | null }>(`/api/public/${encodeURIComponent(token)}/site`),
    retry: false,
    refetchInterval: (query) => (query.state.data?.firstEventAt === null ? 15_000 : false),
  });
}

// ---------------------------------------------------------------- goals and funnels

export function useGoals(workspaceId: string, siteId: string, enabled = true) {
  return useQuery({
    queryKey: analyticsKeys.goals(workspaceId, siteId),
    queryFn: () => api.get<ItemList<Goal>>(`${sitesBase(workspaceId)}/${siteId}/goals`),
    select: (data) => data.items,
    enabled,
  });
}

/** Goals change what the goals report (and the dashboard report) answer. */
async function refreshGoalViews(
  queryClient: ReturnType<typeof useQueryClient>,
  workspaceId: string,
  siteId: string,
) {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: analyticsKeys.goals(workspaceId, siteId) }),
    queryClient.invalidateQueries({ queryKey: analyticsKeys.funnels(workspaceId, siteId) }),
    queryClient.invalidateQueries({
      queryKey: analyticsKeys.stats({ kind: 'workspace', workspaceId, siteId }),
    }),
  ]);
}

export function useCreateGoal(workspaceId: string, siteId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: GoalInput) => api.post<Goal>(`${sitesBase(workspaceId)}/${siteId}/goals`, input),
    onSuccess: () => refreshGoalViews(queryClient, workspaceId, siteId),
  });
}

export function useDeleteGoal(workspaceId: string, siteId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (goalId: string) => api.delete(`${sitesBase(workspaceId)}/${siteId}/goals/${goalId}`),
    onSuccess: () => refreshGoalViews(queryClient, workspaceId, siteId),
  });
}

export function useFunnels(workspaceId: string, siteId: string, enabled = true) {
  return useQuery({
    queryKey: analyticsKeys.funnels(workspaceId, siteId),
    queryFn: () => api.get<ItemList<Funnel>>(`${sitesBase(workspaceId)}/${siteId}/funnels`),
    select: (data) => data.items,
    enabled,
  });
}

/** Saved funnels of the dashboard's site: the workspace list, or the public link's read-only one. */
export function useSourceFunnels(source: StatsSource) {
  return useQuery({
    queryKey:
      source.kind === 'workspace'
        ? analyticsKeys.funnels(source.workspaceId, source.siteId)
        : (['public', source.token, 'funnels'] as const),
    queryFn: () =>
      api.get<ItemList<Funnel>>(
        source.kind === 'workspace'
          ? `${sitesBase(source.workspaceId)}/${source.siteId}/funnels`
          : `/api/public/${encodeURIComponent(source.token)}/funnels`,
      ),
    select: (data) => data.items,
  });
}

export function useCreateFunnel(workspaceId: string, siteId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: FunnelInput) =>
      api.post<Funnel>(`${sitesBase(workspaceId)}/${siteId}/funnels`, input),
    onSuccess: () => refreshGoalViews(queryClient, workspaceId, siteId),
  });
}

export function useDeleteFunnel(workspaceId: string, siteId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (funnelId: string) => api.delete(`${sitesBase(workspaceId)}/${siteId}/funnels/${funnelId}`),
    onSuccess: () => refreshGoalViews(queryClient, workspaceId, siteId),
  });
}

// ---------------------------------------------------------------- reports

/**
 * One report for the current view. Keeps showing the previous answer while a new period or filter
 * loads, so panels don't collapse to skeletons on every click.
 */
export function useReport<T>(
  source: StatsSource,
  report: ReportName,
  params: StatsParams,
  options: {
    extra?: Record<string, string | number | undefined>;
    enabled?: boolean;
    refetchInterval?: number;
  } = {},
) {
  const url = reportUrl(source, report, params, options.extra);
  const scope = [...analyticsKeys.stats(source), report];
  return useQuery({
    queryKey: [...scope, url],
    queryFn: () => api.get<T>(url),
    // Only the same report of the same site stands in while the next answer loads: never another site's figures.
    placeholderData: (previous, previousQuery) =>
      previousQuery && JSON.stringify(previousQuery.queryKey.slice(0, -1)) === JSON.stringify(scope)
        ? keepPreviousData(previous)
        : undefined,
    enabled: options.enabled ?? true,
    refetchInterval: options.refetchInterval,
  });
}
