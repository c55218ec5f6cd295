import {
  BUDGET_CATEGORIES,
  type BudgetCategory,
  type BudgetLine,
  type PlanHorizon,
} from '../../shared/contracts/plan';
import { CHANNEL_IDS, type ChannelId } from '../forecasting/channel-catalog';
import { monthsBetween } from './dates';

// Sums run in integer cents so 0.1 + 0.2 stays 0.3 in a total a manager will check by hand.
const toCents = (amount: number) => Math.round(amount * 100);
const fromCents = (cents: number) => cents / 100;

export type CategoryTotals = Record<BudgetCategory, number>;

export interface BudgetMonth {
  month: string;
  total: number;
  byCategory: CategoryTotals;
  /** True for a month that has lines but lies outside the plan's horizon. */
  outsideHorizon: boolean;
}

export interface ChannelTotal {
  channel: ChannelId;
  total: number;
  /** Of which advertising (media spend), as opposed to e.g. a content writer's hours tagged to the channel. */
  advertising: number;
}

export interface BudgetSummary {
  grandTotal: number;
  byCategory: CategoryTotals;
  /** Channels with at least one line, in catalog order. */
  byChannel: ChannelTotal[];
  /** Every month of the horizon (zeros included), then any month outside it that has lines. */
  byMonth: BudgetMonth[];
  /** Lines of any category not tied to a channel. */
  unassigned: number;
  /** Mean per month of the horizon; what channel recommendations compare a channel's minimum with. */
  averagePerMonth: number;
  averageAdvertisingPerMonth: number;
  /** Mean per month of advertising plus every line tied to a channel: the money that promotes. */
  averagePromotionPerMonth: number;
  lineCount: number;
}

const zeroCategories = (): Record<BudgetCategory, number> =>
  Object.fromEntries(BUDGET_CATEGORIES.map((c) => [c, 0])) as CategoryTotals;

const centsToMoney = (totals: Record<BudgetCategory, number>): CategoryTotals =>
  Object.fromEntries(BUDGET_CATEGORIES.map((c) => [c, fromCents(totals[c])])) as CategoryTotals;

/** Totals of a plan's budget by category, channel and month, with the horizon's empty months filled in. */
export function summarizeBudget(lines: readonly BudgetLine[], horizon: PlanHorizon): BudgetSummary {
  const horizonMonths = monthsBetween(horizon.start, horizon.end);
  const inHorizon = new Set(horizonMonths);
  const byCategory = zeroCategories();
  const byMonth = new Map<string, Record<BudgetCategory, number>>(
    horizonMonths.map((m) => [m, zeroCategories()]),
  );
  const byChannel = new Map<ChannelId, { total: number; advertising: number }>();
  let grand = 0;
  let unassigned = 0;
  let promotion = 0;

  for (const line of lines) {
    const cents = toCents(line.planned);
    grand += cents;
    byCategory[line.category] += cents;
    const month = byMonth.get(line.month) ?? zeroCategories();
    month[line.category] += cents;
    byMonth.set(line.month, month);
    if (line.channel || line.category === 'advertising') promotion += cents;
    if (line.channel) {
      const channel = byChannel.get(line.channel) ?? { total: 0, advertising: 0 };
      channel.total += cents;
      if (line.category === 'advertising') channel.advertising += cents;
      byChannel.set(line.channel, channel);
    } else unassigned += cents;
  }

  const outside = [...byMonth.keys()].filter((m) => !inHorizon.has(m)).sort();
  const months = [...horizonMonths, ...outside].map((month): BudgetMonth => {
    const totals = byMonth.get(month)!;
    return {
      month,
      total: fromCents(BUDGET_CATEGORIES.reduce((sum, c) => sum + totals[c], 0)),
      byCategory: centsToMoney(totals),
      outsideHorizon: !inHorizon.has(month),
    };
  });

  const monthCount = Math.max(horizonMonths.length, 1);
  return {
    grandTotal: fromCents(grand),
    byCategory: centsToMoney(byCategory),
    byChannel: CHANNEL_IDS.filter((id) => byChannel.has(id)).map((channel) => ({
      channel,
      total: fromCents(byChannel.get(channel)!.total),
      advertising: fromCents(byChannel.get(channel)!.advertising),
    })),
    byMonth: months,
    unassigned: fromCents(unassigned),
    averagePerMonth: fromCents(Math.round(grand / monthCount)),
    averageAdvertisingPerMonth: fromCents(Math.round(byCategory.advertising / monthCount)),
    averagePromotionPerMonth: fromCents(Math.round(promotion / monthCount)),
    lineCount: lines.length,
  };
}
