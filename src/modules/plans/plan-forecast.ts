import type { PlanDocument } from '../../shared/contracts/plan';
import type { ChannelAssumptionsOverride, ChannelId, Range } from '../forecasting/channel-catalog';
import { predictEffects } from '../forecasting/effect-prediction';
import { monthsBetween } from './dates';

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
  const { horizon } = doc.sections.purpose;
  const months = monthsBetween(horizon.start, horizon.end);
  const monthIndex = new Map(months.map((m, i) => [m, i]));
  const channels = doc.sections.channels.selected.map((selected) => {
    const spend = months.map(() => 0);
    for (const line of doc.sections.budget.lines) {
      const i = monthIndex.get(line.month);
      if (line.channel === selected.channel && i !== undefined) spend[i] += line.planned;
    }
    const assumptions = { ...options.workspaceRates?.[selected.channel], ...selected.rates };
    return { channel: selected.channel, assumptions, spend };
  });
  const prediction = predictEffects({
    months,
    channels,
    economics: { averageOrderValue: options.averageOrderValue, grossMargin: options.grossMargin },
    seed: options.seed,
    simulations: options.simulations,
  });
  return { status: 'forecast' as const, generatedAt: options.now.toISOString(), ...prediction };
}
