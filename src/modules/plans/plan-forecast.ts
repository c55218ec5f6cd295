import type { PlanDocument, PlanLanguage } from '../../shared/contracts/plan';
import type { AllocationObjective } from '../forecasting/allocation';
import {
  type PlanAllocationInfeasible,
  type PlanAllocationResult,
  recommendPlanAllocation,
  type ScenarioChannelInput,
} from '../forecasting/allocation-scenarios';
import type { ChannelAssumptionsOverride, ChannelId, Range } from '../forecasting/channel-catalog';
import { type CalibratedResponse, predictEffects } from '../forecasting/effect-prediction';
import { monthsBetween } from './dates';
import { channelLabel } from './labels';

export interface ForecastOptions {
  averageOrderValue: Range;
  grossMargin: number;
  seed: number;
  simulations: number;
  /** The workspace's default rates per channel; the plan's overrides apply on top. */
  workspaceRates?: Partial<Record<ChannelId, ChannelAssumptionsOverride>>;
  now: Date;
}

/**
 * Runs the forecasting engine on a plan: every selected channel with its planned spend per month of
 * the horizon (from budget lines tied to that channel) and its rate overrides. Returns the section
 * value to store; channels with no spend are still forecast (at zero) so the table shows them.
 */
export function forecastPlanEffects(doc: PlanDocument, options: ForecastOptions) {
  const { months, channels } = planChannelSpend(doc, options.workspaceRates);
  const prediction = predictEffects({
    months,
    channels,
    economics: { averageOrderValue: options.averageOrderValue, grossMargin: options.grossMargin },
    seed: options.seed,
    simulations: options.simulations,
  });
  return { status: 'forecast' as const, generatedAt: options.now.toISOString(), ...prediction };
}

/**
 * The plan's months and, per selected channel, its planned spend per month (budget lines tied to the
 * channel) with its rates: benchmark <- workspace default <- the plan's own override.
 */
export function planChannelSpend(
  doc: PlanDocument,
  workspaceRates?: Partial<Record<ChannelId, ChannelAssumptionsOverride>>,
) {
  const { horizon } = doc.sections.purpose;
  const months = monthsBetween(horizon.start, horizon.end);
  const monthIndex = new Map(months.map((m, i) => [m, i]));
  const channels = doc.sections.channels.selected.map((selected) => {
    const spend = months.map(() => 0);
    for (const line of doc.sections.budget.lines) {
      const i = monthIndex.get(line.month);
      if (line.channel === selected.channel && i !== undefined) spend[i] += line.planned;
    }
    const assumptions: ChannelAssumptionsOverride = {
      ...workspaceRates?.[selected.channel],
      ...selected.rates,
    };
    return { channel: selected.channel as string, assumptions, spend };
  });
  return { months, channels };
}

export interface PlanAllocationOptions {
  objective: AllocationObjective;
  /** Needed for the revenue and profit objectives (unless every channel's rates carry their own). */
  averageOrderValue?: Range;
  grossMargin?: number;
  seed?: number;
  simulations?: number;
  workspaceRates?: Partial<Record<ChannelId, ChannelAssumptionsOverride>>;
  /** Per-channel limits on the monthly spend. */
  limits?: Partial<Record<string, { min?: number; max?: number; locked?: number }>>;
  /** Curves fitted from the company's history, by channel id, replacing the benchmark funnel. */
  calibrated?: Partial<Record<string, CalibratedResponse>>;
  budgetIncrease?: number;
}

// Customer and lead objectives never read revenue; the engine still wants a positive value.
const UNUSED_ORDER_VALUE: Range = { low: 1, likely: 1, high: 1 };

/** The plan's split of its budget against the best split for each month's budget (see allocation-scenarios). */
export function allocatePlanBudget(
  doc: PlanDocument,
  options: PlanAllocationOptions,
): PlanAllocationResult | PlanAllocationInfeasible {
  const { months, channels } = planChannelSpend(doc, options.workspaceRates);
  const language = doc.language as PlanLanguage;
  const money = options.objective === 'revenue' || options.objective === 'profit';
  const ownValues = channels.every((c) => c.assumptions.averageOrderValue !== undefined);
  if (money && !options.averageOrderValue && !ownValues) {
    throw new AllocationOptionError(
      `the ${options.objective} objective needs averageOrderValue (revenue per customer, low/likely/high)`,
      'averageOrderValue',
    );
  }
  const inputs: ScenarioChannelInput[] = channels.map((c) => ({
    ...c,
    ...options.limits?.[c.channel],
    calibrated: options.calibrated?.[c.channel],
  }));
  for (const name of Object.keys(options.limits ?? {})) {
    if (!channels.some((c) => c.channel === name)) {
      throw new AllocationOptionError(
        `limits.${name}: the plan has no such channel (channels: ${channels.map((c) => c.channel).join(', ')})`,
        `limits.${name}`,
      );
    }
  }
  return recommendPlanAllocation({
    months,
    channels: inputs,
    objective: options.objective,
    economics: {
      averageOrderValue: options.averageOrderValue ?? UNUSED_ORDER_VALUE,
      grossMargin: options.grossMargin ?? 1,
    },
    seed: options.seed,
    simulations: options.simulations,
    budgetIncrease: options.budgetIncrease,
    wording: {
      language: language === 'zh-CN' ? 'zh-CN' : 'en',
      currency: doc.currency,
      label: (channel) => inSentence(channelLabel(channel, language), language),
    },
  });
}

/** A request option the plan cannot use; `field` names it. */
export class AllocationOptionError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

/** "Portal ads" reads "portal ads" mid-sentence; acronyms ("SEO ...") and Chinese stay as they are. */
function inSentence(label: string, language: PlanLanguage) {
  if (language !== 'en' || !/^[A-Z][a-z]/.test(label)) return label;
  return label[0].toLowerCase() + label.slice(1);
}
