import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BudgetSummary } from '../../../src/modules/plans/budget';
import type { ChannelRecommendation } from '../../../src/modules/plans/channel-recommendations';
import type { FeasibilityAssessment } from '../../../src/modules/plans/feasibility';
import type { GoalWarning } from '../../../src/modules/plans/goal-checks';
import type { GanttData } from '../../../src/modules/plans/implementation';
import type { PlanDiff } from '../../../src/modules/plans/plan-diff';
import type {
  PlanDocument,
  PlanLanguage,
  PlanSectionKey,
  PlanSections,
} from '../../../src/shared/contracts/plan';
import { api } from './client';
import { queryKeys } from './query-keys';
import type { ItemList } from './types';

export type PlanStatus = 'draft' | 'in_review' | 'approved' | 'in_execution' | 'closed';
export const PLAN_STATUSES: readonly PlanStatus[] = [
  'draft',
  'in_review',
  'approved',
  'in_execution',
  'closed',
];

export interface PlanSummary {
  id: string;
  title: string;
  companyId: string | null;
  companyName: string | null;
  language: PlanLanguage;
  status: PlanStatus;
  version: number;
  revision: number;
  updatedAt: string;
  updatedByName: string | null;
  /** Feasibility readiness 0-100, null while nothing is scored. */
  readiness: number | null;
  verdict: string | null;
}

export interface PlanAnalysis {
  feasibility: FeasibilityAssessment;
  budget: BudgetSummary;
  goalWarnings: GoalWarning[];
  channelRecommendations: ChannelRecommendation[];
  gantt: GanttData;
}

export interface PlanApproval {
  version: number;
  approvedAt: string;
  approvedByName: string | null;
}

export interface Plan extends PlanSummary {
  workspaceId: string;
  createdAt: string;
  document: PlanDocument;
  approval: PlanApproval | null;
  analysis: PlanAnalysis;
}

export interface PlanTemplate {
  id: string;
  title: string;
  description: string;
}

export interface PlanVersion {
  version: number;
  status: PlanStatus;
  createdAt: string;
  createdByName: string | null;
  frozen: boolean;
  note: string | null;
}

export interface PlanDiffResponse {
  from: number | 'current';
  to: number | 'current';
  changes: PlanDiff;
}

export interface PlanComment {
  id: string;
  section: PlanSectionKey;
  body: string;
  authorName: string | null;
  createdAt: string;
}

export interface CreatePlanInput {
  title?: string;
  language: PlanLanguage;
  companyId?: string | null;
  templateId?: string;
  start?: string;
}

const base = (workspaceId: string) => `/api/workspaces/${workspaceId}`;
const planPath = (workspaceId: string, planId: string) => `${base(workspaceId)}/plans/${planId}`;

/** The URL of the JSON export; a plain link downloads it (the session cookie authenticates it). */
export const planExportUrl = (workspaceId: string, planId: string) =>
  `${planPath(workspaceId, planId)}/export`;

export function usePlans(workspaceId: string) {
  return useQuery({
    queryKey: queryKeys.plans(workspaceId),
    queryFn: () => api.get<ItemList<PlanSummary>>(`${base(workspaceId)}/plans`),
    select: (data) => data.items,
  });
}

export function usePlanTemplates(workspaceId: string, language: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.planTemplates(workspaceId, language),
    queryFn: () =>
      api.get<ItemList<PlanTemplate>>(
        `${base(workspaceId)}/plan-templates?language=${encodeURIComponent(language)}`,
      ),
    select: (data) => data.items,
    staleTime: 5 * 60_000,
    enabled,
  });
}

export function usePlan(workspaceId: string, planId: string) {
  return useQuery({
    queryKey: queryKeys.plan(workspaceId, planId),
    queryFn: () => api.get<Plan>(planPath(workspaceId, planId)),
  });
}

function useInvalidatePlans(workspaceId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: queryKeys.plans(workspaceId) });
}

export function useCreatePlan(workspaceId: string) {
  const invalidate = useInvalidatePlans(workspaceId);
  return useMutation({
    mutationFn: (input: CreatePlanInput) => api.post<Plan>(`${base(workspaceId)}/plans`, input),
    onSuccess: async () => {
      await invalidate();
    },
  });
}

export function useImportPlan(workspaceId: string) {
  const invalidate = useInvalidatePlans(workspaceId);
  return useMutation({
    mutationFn: (document: unknown) => api.post<Plan>(`${base(workspaceId)}/plans/import`, { document }),
    onSuccess: async () => {
      await invalidate();
    },
  });
}

export function useDuplicatePlan(workspaceId: string) {
  const invalidate = useInvalidatePlans(workspaceId);
  return useMutation({
    mutationFn: (planId: string) => api.post<Plan>(`${planPath(workspaceId, planId)}/duplicate`),
    onSuccess: async () => {
      await invalidate();
    },
  });
}

export function useDeletePlan(workspaceId: string) {
  const invalidate = useInvalidatePlans(workspaceId);
  return useMutation({
    mutationFn: (planId: string) => api.delete(planPath(workspaceId, planId)),
    onSuccess: async () => {
      await invalidate();
    },
  });
}

// Writes of the editor. They are plain functions: the editor serialises them itself so each one
// carries the revision the previous one returned.

export function saveSection<K extends PlanSectionKey>(
  workspaceId: string,
  planId: string,
  section: K,
  revision: number,
  data: PlanSections[K],
) {
  return api.put<Plan>(`${planPath(workspaceId, planId)}/sections/${section}`, { revision, data });
}

export function patchPlan(
  workspaceId: string,
  planId: string,
  input: { revision: number; title?: string; companyId?: string | null },
) {
  return api.patch<Plan>(planPath(workspaceId, planId), input);
}

export function changePlanStatus(workspaceId: string, planId: string, revision: number, to: PlanStatus) {
  return api.post<Plan>(`${planPath(workspaceId, planId)}/status`, { revision, to });
}

export function usePlanVersions(workspaceId: string, planId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.planVersions(workspaceId, planId),
    queryFn: () => api.get<ItemList<PlanVersion>>(`${planPath(workspaceId, planId)}/versions`),
    select: (data) => data.items,
    enabled,
  });
}

export function usePlanDiff(
  workspaceId: string,
  planId: string,
  from: string | null,
  to: string | null,
  revision: number,
) {
  return useQuery({
    queryKey: [...queryKeys.planDiff(workspaceId, planId, from ?? '', to ?? ''), revision],
    queryFn: () =>
      api.get<PlanDiffResponse>(
        `${planPath(workspaceId, planId)}/diff?from=${encodeURIComponent(from ?? '')}&to=${encodeURIComponent(to ?? '')}`,
      ),
    enabled: from !== null && to !== null && from !== to,
  });
}

export function usePlanComments(workspaceId: string, planId: string) {
  return useQuery({
    queryKey: queryKeys.planComments(workspaceId, planId),
    queryFn: () => api.get<ItemList<PlanComment>>(`${planPath(workspaceId, planId)}/comments`),
    select: (data) => data.items,
  });
}

export function useAddComment(workspaceId: string, planId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { section: PlanSectionKey; body: string }) =>
      api.post<PlanComment>(`${planPath(workspaceId, planId)}/comments`, input),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.planComments(workspaceId, planId) });
    },
  });
}

export function useDeleteComment(workspaceId: string, planId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (commentId: string) => api.delete(`${planPath(workspaceId, planId)}/comments/${commentId}`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.planComments(workspaceId, planId) });
    },
  });
}

export interface ForecastInput {
  averageOrderValue: { low: number; likely: number; high: number };
  /** 0-1 */
  grossMargin: number;
  seed?: number;
  simulations?: number;
}

/** Not in the written contract but served: runs the forecasting engine and stores its result in the plan. */
export function runForecast(
  workspaceId: string,
  planId: string,
  input: ForecastInput & { revision: number },
) {
  return api.post<Plan>(`${planPath(workspaceId, planId)}/forecast`, input);
}
