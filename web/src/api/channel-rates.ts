import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelId, CostModel, Range } from '../../../src/modules/forecasting/channel-catalog';
import type { ChannelRatesOverride } from '../../../src/shared/contracts/plan';
import { api } from './client';
import { queryKeys } from './query-keys';
import type { ItemList } from './types';

export type { ChannelRatesOverride, CostModel, Range };

/** A channel's full set of rates: shares are 0-1, unitCost is money in the plan currency. */
export interface ChannelRates {
  costModel: CostModel;
  unitCost: Range;
  unitYield: Range;
  ctr: Range;
  clickToVisit: Range;
  visitToLead: Range;
  leadToCustomer: Range;
  recall: Range;
  averageOrderValue?: Range;
}

export interface ChannelRateItem {
  channel: ChannelId;
  label: string;
  benchmark: ChannelRates;
  override: ChannelRatesOverride | null;
  effective: ChannelRates;
}

const base = (workspaceId: string) => `/api/workspaces/${workspaceId}/channel-rates`;

export function useChannelRates(workspaceId: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.channelRates(workspaceId),
    queryFn: () => api.get<ItemList<ChannelRateItem>>(base(workspaceId)),
    select: (data) => data.items,
    enabled,
    staleTime: 60_000,
  });
}

export function useSaveChannelRates(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ channel, rates }: { channel: ChannelId; rates: ChannelRatesOverride }) =>
      api.put<ChannelRateItem>(`${base(workspaceId)}/${channel}`, { rates }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.channelRates(workspaceId) });
    },
  });
}

export function useResetChannelRates(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (channel: ChannelId) => api.delete<ChannelRateItem>(`${base(workspaceId)}/${channel}`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.channelRates(workspaceId) });
    },
  });
}
