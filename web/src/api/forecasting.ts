import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PlanAllocationResult } from '../../../src/modules/forecasting/allocation-scenarios';
import type { CalibrationReportJson } from '../../../src/modules/forecasting/fit-json';
import type {
  AllocationObjectiveName,
  CalibrationStatus,
  PlanAllocateBody,
} from '../../../src/shared/contracts/forecasting';
import { ApiError, api } from './client';
import type { ItemList } from './types';

export type { AllocationObjectiveName, CalibrationReportJson, CalibrationStatus };

export type PlanAllocation = PlanAllocationResult & {
  language: string;
  currency: string;
  calibration: { id: string; channels: string[] } | null;
};

export interface CalibrationJob {
  id: string;
  status: CalibrationStatus;
  stage: 'search' | 'bootstrap' | null;
  progress: number;
  outcome: string;
  controls: string[];
  seed: number;
  rows: number;
  channels: string[];
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: { code: string; message: string; row?: number; column?: string } | null;
  result: CalibrationReportJson | null;
}

const base = (workspaceId: string) => `/api/workspaces/${workspaceId}`;

export const forecastKeys = {
  planAllocation: (workspaceId: string, planId: string, revision: number, body: unknown) =>
    ['workspaces', workspaceId, 'plan', planId, 'allocation', revision, body] as const,
  calibrations: (workspaceId: string) => ['workspaces', workspaceId, 'calibrations'] as const,
  calibration: (workspaceId: string, id: string) => ['workspaces', workspaceId, 'calibrations', id] as const,
};

/** The plan's split vs the recommended one; recomputed when the saved plan (revision) or the inputs change. */
export function usePlanAllocation(
  workspaceId: string,
  planId: string,
  revision: number,
  body: Partial<PlanAllocateBody>,
  enabled: boolean,
) {
  return useQuery({
    queryKey: forecastKeys.planAllocation(workspaceId, planId, revision, body),
    queryFn: () => api.post<PlanAllocation>(`${base(workspaceId)}/plans/${planId}/allocation`, body),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function useCalibrations(workspaceId: string, enabled = true) {
  return useQuery({
    queryKey: forecastKeys.calibrations(workspaceId),
    queryFn: () =>
      api.get<ItemList<Omit<CalibrationJob, 'result'>>>(`${base(workspaceId)}/forecast/calibrations`),
    select: (data) => data.items,
    enabled,
  });
}

/** Polls a job every half second until it is done, failed or cancelled. */
export function useCalibration(workspaceId: string, id: string | null) {
  return useQuery({
    queryKey: forecastKeys.calibration(workspaceId, id ?? ''),
    queryFn: () => api.get<CalibrationJob>(`${base(workspaceId)}/forecast/calibrations/${id}`),
    enabled: id !== null,
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === 'queued' || status === 'running' ? 500 : false;
    },
  });
}

function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/** Uploads a history CSV as text/csv (the JSON client cannot); errors keep the API's shape. */
export function useStartCalibration(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: { csv: string; outcome: string; controls: string[] }) => {
      const query = new URLSearchParams({ outcome: input.outcome });
      if (input.controls.length > 0) query.set('controls', input.controls.join(','));
      const headers: Record<string, string> = { 'content-type': 'text/csv', accept: 'application/json' };
      const token = readCookie('ml_csrf');
      if (token) headers['x-csrf-token'] = token;
      let response: Response;
      try {
        response = await fetch(`${base(workspaceId)}/forecast/calibrations?${query}`, {
          method: 'POST',
          headers,
          credentials: 'same-origin',
          body: input.csv,
        });
      } catch {
        throw new ApiError(0, 'network_error', 'The server could not be reached.');
      }
      const parsed = (await response.json().catch(() => null)) as
        | (CalibrationJob & { error?: { code: string; message: string; field?: string } })
        | null;
      if (!response.ok) {
        const error = parsed?.error;
        throw new ApiError(
          response.status,
          error?.code ?? 'http_error',
          error?.message ?? response.statusText,
          error?.field,
          parsed,
        );
      }
      return parsed as CalibrationJob;
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: forecastKeys.calibrations(workspaceId) });
    },
  });
}

export function useCancelCalibration(workspaceId: string) {
  return useMutation({
    mutationFn: (id: string) =>
      api.post<CalibrationJob>(`${base(workspaceId)}/forecast/calibrations/${id}/cancel`),
  });
}
