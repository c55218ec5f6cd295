import { applyAdstock } from './adstock';
import { type ChannelAssumptions, COST_MODELS, type FunnelStage, type Range } from './channel-catalog';
import { type Random, sampleRange } from './random';
import { type HillCurve, hill } from './saturation';

/** One draw (or the likely value) of every uncertain rate of a channel. */
export interface ChannelRates {
  unitCost: number;
  unitYield: number;
  ctr: number;
  clickToVisit: number;
  visitToLead: number;
  leadToCustomer: number;
  recall: number;
  averageOrderValue: number;
}

/** What one period's spend on a channel buys, from the first impression to revenue. */
export interface FunnelFigures {
  spend: number;
  /** Billing units bought at the quoted unit cost (clicks for CPC, thousands of impressions for CPM...). */
  units: number;
  impressions: number;
  /** Distinct people reached, by the frequency model over the channel's audience. */
  reach: number;
  /** Average impressions per person reached. */
  frequency: number;
  /** People reached who remember the brand: the indirect effect on awareness. */
  awareness: number;
  clicks: number;
  visits: number;
  leads: number;
  customers: number;
  revenue: number;
}

export const FUNNEL_METRICS = [
  'spend',
  'units',
  'impressions',
  'reach',
  'frequency',
  'awareness',
  'clicks',
  'visits',
  'leads',
  'customers',
  'revenue',
] as const satisfies readonly (keyof FunnelFigures)[];

export function likelyRates(channel: ChannelAssumptions, averageOrderValue: Range): ChannelRates {
  const aov = channel.averageOrderValue ?? averageOrderValue;
  return {
    unitCost: channel.unitCost.likely,
    unitYield: channel.unitYield.likely,
    ctr: channel.ctr.likely,
    clickToVisit: channel.clickToVisit.likely,
    visitToLead: channel.visitToLead.likely,
    leadToCustomer: channel.leadToCustomer.likely,
    recall: channel.recall.likely,
    averageOrderValue: aov.likely,
  };
}

/** Draws every rate independently; the order of draws is fixed so a seed reproduces a forecast. */
export function sampleRates(
  channel: ChannelAssumptions,
  averageOrderValue: Range,
  random: Random,
): ChannelRates {
  const aov = channel.averageOrderValue ?? averageOrderValue;
  return {
    unitCost: sampleRange(channel.unitCost, random),
    unitYield: sampleRange(channel.unitYield, random),
    ctr: sampleRange(channel.ctr, random, 1),
    clickToVisit: sampleRange(channel.clickToVisit, random, 1),
    visitToLead: sampleRange(channel.visitToLead, random, 1),
    leadToCustomer: sampleRange(channel.leadToCustomer, random, 1),
    recall: sampleRange(channel.recall, random, 1),
    averageOrderValue: sampleRange(aov, random),
  };
}

const STAGE_ORDER: readonly FunnelStage[] = ['impressions', 'clicks', 'visits', 'leads'];

/** Share of the entry stage's volume that goes on to become `target` (a product of funnel rates). */
export function conversionFromEntry(
  entry: FunnelStage,
  target: FunnelStage | 'customers',
  rates: ChannelRates,
): number {
  const stepRates: Record<FunnelStage, number> = {
    impressions: rates.ctr,
    clicks: rates.clickToVisit,
    visits: rates.visitToLead,
    leads: rates.leadToCustomer,
  };
  const from = STAGE_ORDER.indexOf(entry);
  const to = target === 'customers' ? STAGE_ORDER.length : STAGE_ORDER.indexOf(target);
  let factor = 1;
  if (to >= from) {
    for (let stage = from; stage < to; stage++) factor *= stepRates[STAGE_ORDER[stage]];
  } else {
    for (let stage = to; stage < from; stage++) factor /= stepRates[STAGE_ORDER[stage]] || Number.NaN;
  }
  return factor;
}

/**
 * Volume of the entry stage delivered by an effective (carried-over) spend. Near zero spend one unit
 * of money buys unitYield / unitCost; the Hill curve makes each further unit dearer (auctions, worse
 * placements, exhausted lists) and, for S-shaped channels, weak until a threshold is passed.
 */
export function entryVolume(
  channel: ChannelAssumptions,
  rates: ChannelRates,
  effectiveSpend: number,
): number {
  const { halfSaturationSpend: k, shape } = channel.saturation;
  const perMoney = rates.unitYield / rates.unitCost;
  return perMoney * k * hill(effectiveSpend, k, shape);
}

export function funnelAt(
  channel: ChannelAssumptions,
  rates: ChannelRates,
  spend: number,
  effectiveSpend: number,
): FunnelFigures {
  const entry = COST_MODELS[channel.costModel].entryStage;
  const volume = entryVolume(channel, rates, effectiveSpend);
  const at = (stage: FunnelStage | 'customers') =>
    volume > 0 ? volume * conversionFromEntry(entry, stage, rates) : 0;
  const impressions = at('impressions');
  const audience = channel.audienceSize;
  const reach = audience * -Math.expm1(-impressions / audience);
  const customers = at('customers');
  return {
    spend,
    units: spend / rates.unitCost,
    impressions,
    reach,
    frequency: reach > 0 ? impressions / reach : 0,
    awareness: reach * rates.recall,
    clicks: at('clicks'),
    visits: at('visits'),
    leads: at('leads'),
    customers,
    revenue: customers * rates.averageOrderValue,
  };
}

/**
 * Funnel figures per period for a spend series: spend is carried over by the channel's adstock, then
 * pushed through the saturating response. `priorSpend` stands for the steady spend before the series.
 */
export function channelResponse(
  channel: ChannelAssumptions,
  rates: ChannelRates,
  spend: ArrayLike<number>,
  priorSpend = 0,
): FunnelFigures[] {
  const effective = applyAdstock(spend, channel.adstock, priorSpend);
  const figures: FunnelFigures[] = [];
  for (let t = 0; t < spend.length; t++) figures.push(funnelAt(channel, rates, spend[t], effective[t]));
  return figures;
}

export type CurveMetric = 'revenue' | 'customers' | 'leads';

/**
 * The steady-state response curve (outcome per period for a constant spend per period) of one metric
 * at the given rates: what budget allocation optimises.
 */
export function benchmarkCurve(
  channel: ChannelAssumptions,
  rates: ChannelRates,
  metric: CurveMetric,
): HillCurve {
  const entry = COST_MODELS[channel.costModel].entryStage;
  const { halfSaturationSpend: k, shape } = channel.saturation;
  const toMetric =
    metric === 'leads'
      ? conversionFromEntry(entry, 'leads', rates)
      : conversionFromEntry(entry, 'customers', rates) * (metric === 'revenue' ? rates.averageOrderValue : 1);
  return { scale: (rates.unitYield / rates.unitCost) * k * toMetric, halfSaturation: k, shape };
}
