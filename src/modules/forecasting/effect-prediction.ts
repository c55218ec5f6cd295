import { applyAdstock } from './adstock';
import type { ChannelCalibration } from './calibration';
import {
  type AdstockSpec,
  type ChannelAssumptions,
  type ChannelAssumptionsOverride,
  COST_MODELS,
  type Range,
  resolveChannelAssumptions,
  validateAdstock,
  validateRange,
} from './channel-catalog';
import { ForecastInputError } from './errors';
import type { HistoryPeriod } from './history';
import { createRandom, type Random, sampleRange } from './random';
import {
  type ChannelRates,
  type CurveMetric,
  conversionFromEntry,
  entryVolume,
  likelyRates,
  sampleRates,
} from './response-model';
import { curveValue, type HillCurve } from './saturation';

/** A response fitted from the company's own history; it replaces the benchmark funnel for its metric. */
export interface CalibratedResponse {
  metric: CurveMetric;
  /** Outcome per month for a steady spend per month. */
  curve: HillCurve;
  /** Carryover per month. */
  adstock: AdstockSpec;
  /** Uncertainty of the fitted effect as multipliers of the curve (p10 and p90), e.g. from bootstrap ROI. */
  uncertainty?: { low: number; high: number };
}

const DAYS_PER_MONTH = 365.25 / 12;

/**
 * Re-expresses a curve calibrated on weekly or daily history in months, the plan's period: a steady
 * monthly spend X is X / m per week (m weeks a month), each week returning the weekly curve's value.
 */
export function monthlyCalibratedResponse(
  fitted: Pick<ChannelCalibration, 'curve' | 'adstock' | 'roi' | 'roiLow' | 'roiHigh'>,
  period: HistoryPeriod,
  metric: CurveMetric,
): CalibratedResponse {
  const perMonth = DAYS_PER_MONTH / (period === 'week' ? 7 : 1);
  const { curve, adstock } = fitted;
  const monthlyAdstock: AdstockSpec =
    adstock.type === 'geometric'
      ? { type: 'geometric', decay: adstock.decay ** perMonth }
      : {
          type: 'weibull',
          shape: adstock.shape,
          scale: adstock.scale / perMonth,
          maxLag: Math.max(1, Math.ceil(adstock.maxLag / perMonth)),
        };
  const response: CalibratedResponse = {
    metric,
    curve: {
      scale: curve.scale * perMonth,
      halfSaturation: curve.halfSaturation * perMonth,
      shape: curve.shape,
    },
    adstock: monthlyAdstock,
  };
  if (fitted.roi > 0 && fitted.roiLow !== null && fitted.roiHigh !== null) {
    response.uncertainty = {
      low: Math.min(1, Math.max(0, fitted.roiLow / fitted.roi)),
      high: Math.max(1, fitted.roiHigh / fitted.roi),
    };
  }
  return response;
}

export interface PlanChannelInput {
  channel: string;
  assumptions?: ChannelAssumptionsOverride;
  /** Spend per month, one entry per month of the plan. */
  spend: number[];
  /** Steady monthly spend before the plan starts, whose carryover still works in the first months. */
  priorSpend?: number;
  calibrated?: CalibratedResponse;
}

export interface PlanEconomics {
  averageOrderValue: Range;
  /** Share of revenue left after the cost of goods; profit = revenue * grossMargin - spend. */
  grossMargin: number;
}

export interface EffectPredictionInput {
  /** Labels of the plan's months, e.g. '2026-01'. */
  months: string[];
  channels: PlanChannelInput[];
  economics: PlanEconomics;
  simulations?: number;
  seed?: number;
}

/** A predicted figure: the value at likely rates and the Monte Carlo percentiles. */
export interface Band {
  likely: number;
  p10: number;
  p50: number;
  p90: number;
}

export interface EffectFigures {
  spend: number;
  /** Direct economic effect. roi = profit / spend, roas = revenue / spend; null where nothing is spent. */
  direct: {
    revenue: Band;
    profit: Band;
    customers: Band;
    leads: Band;
    roi: Band | null;
    roas: Band | null;
    costPerLead: Band | null;
    costPerCustomer: Band | null;
  };
  /** Indirect effect: exposure and awareness, and the site traffic on the way to leads. */
  indirect: {
    impressions: Band;
    reach: Band;
    frequency: Band;
    awareness: Band;
    clicks: Band;
    visits: Band;
  };
}

export interface ChannelEffect {
  channel: string;
  label: string;
  source: 'benchmark' | 'calibrated';
  months: EffectFigures[];
  total: EffectFigures;
}

export interface EffectPrediction {
  months: string[];
  channels: ChannelEffect[];
  monthTotals: EffectFigures[];
  total: EffectFigures;
  simulations: number;
  seed: number;
  /** Reach is summed across channels without removing people reached by several. */
  notes: string[];
}

/** Slots per channel-month: the additive figures first (up to reach), then reach and awareness. */
const IDX = {
  impressions: 0,
  clicks: 1,
  visits: 2,
  leads: 3,
  customers: 4,
  revenue: 5,
  reach: 6,
  awareness: 7,
} as const;
const SLOTS = 8;

interface ResolvedChannel {
  input: PlanChannelInput;
  assumptions: ChannelAssumptions;
  effective: Float64Array;
  calibratedEffective: Float64Array | null;
}

function stringHash(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash >>> 0;
}

function validateInput(input: EffectPredictionInput): ResolvedChannel[] {
  const months = input.months?.length ?? 0;
  if (months < 1) throw new ForecastInputError('invalid_option', 'a plan forecast needs at least one month');
  validateRange(input.economics?.averageOrderValue, 'economics.averageOrderValue');
  const margin = input.economics.grossMargin;
  if (!(margin >= 0 && margin <= 1)) {
    throw new ForecastInputError(
      'invalid_option',
      `economics.grossMargin must be between 0 and 1, got ${margin}`,
    );
  }
  if (input.channels.length === 0) throw new ForecastInputError('no_channels', 'the plan has no channels');
  const seen = new Set<string>();
  return input.channels.map((channel) => {
    if (seen.has(channel.channel)) {
      throw new ForecastInputError('invalid_option', `channel ${channel.channel} appears twice in the plan`, {
        column: channel.channel,
      });
    }
    seen.add(channel.channel);
    const assumptions = resolveChannelAssumptions(channel.channel, channel.assumptions);
    if (channel.spend.length !== months) {
      throw new ForecastInputError(
        'invalid_option',
        `channel ${channel.channel}: ${channel.spend.length} monthly spends for ${months} months`,
        { column: channel.channel },
      );
    }
    channel.spend.forEach((value, month) => {
      if (!Number.isFinite(value) || value < 0) {
        throw new ForecastInputError(
          Number.isFinite(value) ? 'negative_spend' : 'invalid_number',
          `channel ${channel.channel}, month ${input.months[month]}: spend must be a non-negative number, got ${value}`,
          { column: channel.channel, row: month + 1 },
        );
      }
    });
    const prior = channel.priorSpend ?? 0;
    if (!(prior >= 0 && Number.isFinite(prior))) {
      throw new ForecastInputError('invalid_option', `channel ${channel.channel}: priorSpend must be >= 0`);
    }
    let calibratedEffective: Float64Array | null = null;
    if (channel.calibrated) {
      const { curve, adstock, uncertainty } = channel.calibrated;
      if (!(curve.scale >= 0 && curve.halfSaturation > 0 && curve.shape > 0)) {
        throw new ForecastInputError(
          'invalid_curve',
          `channel ${channel.channel}: calibrated curve is invalid`,
        );
      }
      validateAdstock(adstock, `channel ${channel.channel} calibrated`);
      if (uncertainty && !(uncertainty.low >= 0 && uncertainty.low <= 1 && uncertainty.high >= 1)) {
        throw new ForecastInputError(
          'invalid_curve',
          `channel ${channel.channel}: calibrated uncertainty needs low <= 1 <= high`,
        );
      }
      calibratedEffective = applyAdstock(channel.spend, adstock, prior);
    }
    return {
      input: channel,
      assumptions,
      effective: applyAdstock(channel.spend, assumptions.adstock, prior),
      calibratedEffective,
    };
  });
}

/**
 * Writes one channel's months and plan total (for one set of rates) at `base`, slots as in IDX. The
 * funnel factors depend on the rates only, so they are worked out once per draw, not per month.
 */
function fillChannel(
  resolved: ResolvedChannel,
  rates: ChannelRates,
  calibratedFactor: number,
  months: number,
  out: Float64Array,
  base: number,
) {
  const { assumptions } = resolved;
  const entry = COST_MODELS[assumptions.costModel].entryStage;
  const toImpressions = conversionFromEntry(entry, 'impressions', rates);
  const toClicks = conversionFromEntry(entry, 'clicks', rates);
  const toVisits = conversionFromEntry(entry, 'visits', rates);
  const toLeads = conversionFromEntry(entry, 'leads', rates);
  const toCustomers = conversionFromEntry(entry, 'customers', rates);
  const calibrated = resolved.input.calibrated;
  // The fitted curve fixes its metric; the funnel stages before it are read back through the rates.
  const perEntry = !calibrated
    ? 0
    : calibrated.metric === 'leads'
      ? toLeads
      : toCustomers * (calibrated.metric === 'revenue' ? rates.averageOrderValue : 1);
  const total = base + months * SLOTS;
  for (let month = 0; month < months; month++) {
    let volume: number;
    if (calibrated && resolved.calibratedEffective) {
      const metricValue =
        curveValue(calibrated.curve, resolved.calibratedEffective[month]) * calibratedFactor;
      volume = perEntry > 0 ? metricValue / perEntry : 0;
    } else {
      volume = entryVolume(assumptions, rates, resolved.effective[month]);
    }
    if (!(volume > 0)) continue;
    const at = base + month * SLOTS;
    const customers = volume * toCustomers;
    out[at + IDX.impressions] = volume * toImpressions;
    out[at + IDX.clicks] = volume * toClicks;
    out[at + IDX.visits] = volume * toVisits;
    out[at + IDX.leads] = volume * toLeads;
    out[at + IDX.customers] = customers;
    out[at + IDX.revenue] = customers * rates.averageOrderValue;
    for (let slot = 0; slot < IDX.reach; slot++) out[total + slot] += out[at + slot];
  }
  const audience = assumptions.audienceSize;
  for (let month = 0; month <= months; month++) {
    const at = base + month * SLOTS;
    out[at + IDX.reach] = reachOf(out[at + IDX.impressions], audience);
    out[at + IDX.awareness] = out[at + IDX.reach] * rates.recall;
  }
}

function reachOf(impressions: number, audience: number) {
  return audience * -Math.expm1(-impressions / audience);
}

interface Scenario {
  /** [sim][channel][month + 1 (total)][slot]: sums per channel-month and per channel over the plan. */
  values: Float64Array;
  likely: Float64Array;
  channels: ResolvedChannel[];
  months: number;
  sims: number;
}

function simulate(input: EffectPredictionInput, sims: number, seed: number): Scenario {
  const channels = validateInput(input);
  const months = input.months.length;
  const stride = (months + 1) * SLOTS;
  const values = new Float64Array(sims * channels.length * stride);
  const likely = new Float64Array(channels.length * stride);
  const aov = input.economics.averageOrderValue;
  channels.forEach((resolved, c) => {
    fillChannel(resolved, likelyRates(resolved.assumptions, aov), 1, months, likely, c * stride);
    // One stream per channel: the same channel gets the same draws in any scenario, so differences pair up.
    const random: Random = createRandom((seed ^ stringHash(resolved.input.channel)) >>> 0);
    const uncertainty = resolved.input.calibrated?.uncertainty;
    const factorRange: Range | null = uncertainty
      ? { low: uncertainty.low, likely: 1, high: uncertainty.high }
      : null;
    for (let sim = 0; sim < sims; sim++) {
      const rates = sampleRates(resolved.assumptions, aov, random);
      const factor = factorRange ? sampleRange(factorRange, random) : 1;
      fillChannel(resolved, rates, factor, months, values, (sim * channels.length + c) * stride);
    }
  });
  return { values, likely, channels, months, sims };
}

/** k-th smallest value (0-based) by quickselect; reorders `values`. Sorting every band was the hot spot. */
function select(values: Float64Array, k: number, from = 0, to = values.length - 1): number {
  let left = from;
  let right = to;
  while (left < right) {
    const pivot = values[(left + right) >> 1];
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const swap = values[i];
        values[i] = values[j];
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return values[k];
  }
  return values[k];
}

/** p10, p50 and p90 by nearest rank: the median first, then each tail within its own half. */
function band(likely: number, draws: Float64Array): Band {
  const last = draws.length - 1;
  const k50 = Math.round(last * 0.5);
  const k10 = Math.round(last * 0.1);
  const k90 = Math.round(last * 0.9);
  const p50 = select(draws, k50);
  return {
    likely,
    p10: k10 < k50 ? select(draws, k10, 0, k50 - 1) : p50,
    p50,
    p90: k90 > k50 ? select(draws, k90, k50 + 1, last) : p50,
  };
}

/**
 * One scope's summed slots (a channel-month, a channel, a month, the plan): draw `sim` starts at
 * `offset + sim * stride` of `draws`; `likely` holds the slots at likely rates from `likelyOffset`.
 */
interface ScopeSlots {
  draws: Float64Array;
  offset: number;
  stride: number;
  likely: Float64Array;
  likelyOffset: number;
}

/** A single channel's month (or its plan total, month = months) read in place, without copying. */
function channelScope(scenario: Scenario, c: number, month: number): ScopeSlots {
  const stride = (scenario.months + 1) * SLOTS;
  const offset = c * stride + month * SLOTS;
  return {
    draws: scenario.values,
    offset,
    stride: scenario.channels.length * stride,
    likely: scenario.likely,
    likelyOffset: offset,
  };
}

/** The sum over all channels of one month (or of the plan totals, month = months). */
function allChannelsScope(scenario: Scenario, month: number): ScopeSlots {
  const { sims, channels, months, values } = scenario;
  const stride = (months + 1) * SLOTS;
  const simStride = channels.length * stride;
  const draws = new Float64Array(sims * SLOTS);
  const likely = new Float64Array(SLOTS);
  for (let c = 0; c < channels.length; c++) {
    const offset = c * stride + month * SLOTS;
    for (let slot = 0; slot < SLOTS; slot++) likely[slot] += scenario.likely[offset + slot];
    for (let sim = 0; sim < sims; sim++) {
      const from = sim * simStride + offset;
      const to = sim * SLOTS;
      for (let slot = 0; slot < SLOTS; slot++) draws[to + slot] += values[from + slot];
    }
  }
  return { draws, offset: 0, stride: SLOTS, likely, likelyOffset: 0 };
}

const FIGURES = [
  'revenue',
  'profit',
  'customers',
  'leads',
  'roi',
  'roas',
  'costPerLead',
  'costPerCustomer',
  'impressions',
  'reach',
  'frequency',
  'awareness',
  'clicks',
  'visits',
] as const;

/** Every figure of one draw (or of the likely rates) into `out`, in FIGURES order. */
function figuresOfDraw(s: Float64Array, at: number, spend: number, margin: number, out: Float64Array) {
  const revenue = s[at + IDX.revenue];
  const profit = revenue * margin - spend;
  out[0] = revenue;
  out[1] = profit;
  out[2] = s[at + IDX.customers];
  out[3] = s[at + IDX.leads];
  out[4] = profit / spend;
  out[5] = revenue / spend;
  out[6] = spend / s[at + IDX.leads];
  out[7] = spend / s[at + IDX.customers];
  out[8] = s[at + IDX.impressions];
  out[9] = s[at + IDX.reach];
  out[10] = s[at + IDX.reach] > 0 ? s[at + IDX.impressions] / s[at + IDX.reach] : 0;
  out[11] = s[at + IDX.awareness];
  out[12] = s[at + IDX.clicks];
  out[13] = s[at + IDX.visits];
}

function figuresFor(scenario: Scenario, spend: number, margin: number, scope: ScopeSlots): EffectFigures {
  const { sims } = scenario;
  const count = FIGURES.length;
  const all = new Float64Array(count * sims);
  const one = new Float64Array(count);
  for (let sim = 0; sim < sims; sim++) {
    figuresOfDraw(scope.draws, scope.offset + sim * scope.stride, spend, margin, one);
    for (let f = 0; f < count; f++) all[f * sims + sim] = one[f];
  }
  figuresOfDraw(scope.likely, scope.likelyOffset, spend, margin, one);
  const bands = FIGURES.map((_, f) => band(one[f], all.subarray(f * sims, (f + 1) * sims)));
  const [revenue, profit, customers, leads, roi, roas, costPerLead, costPerCustomer] = bands;
  const [impressions, reach, frequency, awareness, clicks, visits] = bands.slice(8);
  const ratio = (value: Band) => (spend > 0 ? value : null);
  return {
    spend,
    direct: {
      revenue,
      profit,
      customers,
      leads,
      roi: ratio(roi),
      roas: ratio(roas),
      costPerLead: ratio(costPerLead),
      costPerCustomer: ratio(costPerCustomer),
    },
    indirect: { impressions, reach, frequency, awareness, clicks, visits },
  };
}

const DEFAULT_SIMULATIONS = 1000;

function checkSimulationOptions(input: EffectPredictionInput) {
  const sims = input.simulations ?? DEFAULT_SIMULATIONS;
  const seed = input.seed ?? 1;
  if (!Number.isInteger(sims) || sims < 20 || sims > 100_000) {
    throw new ForecastInputError(
      'invalid_option',
      `simulations must be an integer from 20 to 100000, got ${sims}`,
    );
  }
  if (!Number.isInteger(seed))
    throw new ForecastInputError('invalid_option', `seed must be an integer, got ${seed}`);
  return { sims, seed };
}

/**
 * Predicts what a plan's spend buys per channel and month, with Monte Carlo bands over the uncertain
 * rates. Deterministic for a given seed.
 */
export function predictEffects(input: EffectPredictionInput): EffectPrediction {
  const { sims, seed } = checkSimulationOptions(input);
  const scenario = simulate(input, sims, seed);
  const { months, channels } = scenario;
  const margin = input.economics.grossMargin;
  const monthIndexes = Array.from({ length: months }, (_, m) => m);
  const only = (c: number, month: number) => channelScope(scenario, c, month);
  const spendOf = (c: number, month: number) =>
    month === months ? sum(channels[c].input.spend) : channels[c].input.spend[month];

  const channelEffects: ChannelEffect[] = channels.map((resolved, c) => ({
    channel: resolved.input.channel,
    label: resolved.assumptions.label,
    source: resolved.input.calibrated ? 'calibrated' : 'benchmark',
    months: monthIndexes.map((month) => figuresFor(scenario, spendOf(c, month), margin, only(c, month))),
    total: figuresFor(scenario, spendOf(c, months), margin, only(c, months)),
  }));
  const monthTotals = monthIndexes.map((month) =>
    figuresFor(
      scenario,
      channels.reduce((total, _, c) => total + spendOf(c, month), 0),
      margin,
      allChannelsScope(scenario, month),
    ),
  );
  const totalSpend = channels.reduce((total, _, c) => total + spendOf(c, months), 0);
  return {
    months: input.months,
    channels: channelEffects,
    monthTotals,
    total: figuresFor(scenario, totalSpend, margin, allChannelsScope(scenario, months)),
    simulations: sims,
    seed,
    notes: [
      'reach and awareness are summed across channels; people reached by several channels count once per channel',
      'p10/p50/p90 come from Monte Carlo draws of each rate between its low (p10) and high (p90) benchmark',
    ],
  };
}

export interface ScenarioDifference {
  spend: number;
  revenue: Band;
  profit: Band;
  customers: Band;
  leads: Band;
}

/**
 * How an alternative plan differs from a base plan, with paired draws (the same rates in both), so the
 * band describes the change itself rather than the noise of two separate forecasts.
 */
export function compareScenarios(
  base: EffectPredictionInput,
  alternative: EffectPredictionInput,
): ScenarioDifference {
  const { sims, seed } = checkSimulationOptions(base);
  const a = simulate(base, sims, seed);
  const b = simulate({ ...alternative, simulations: sims, seed }, sims, seed);
  const margin = base.economics.grossMargin;
  const totalA = allChannelsScope(a, a.months);
  const totalB = allChannelsScope(b, b.months);
  const spendA = a.channels.reduce((total, ch) => total + sum(ch.input.spend), 0);
  const spendB = b.channels.reduce((total, ch) => total + sum(ch.input.spend), 0);
  const metric = (fn: (s: Float64Array, at: number, spend: number) => number) => {
    const draws = new Float64Array(sims);
    for (let sim = 0; sim < sims; sim++) {
      draws[sim] = fn(totalB.draws, sim * SLOTS, spendB) - fn(totalA.draws, sim * SLOTS, spendA);
    }
    return band(fn(totalB.likely, 0, spendB) - fn(totalA.likely, 0, spendA), draws);
  };
  return {
    spend: spendB - spendA,
    revenue: metric((s, at) => s[at + IDX.revenue]),
    profit: metric((s, at, spend) => s[at + IDX.revenue] * margin - spend),
    customers: metric((s, at) => s[at + IDX.customers]),
    leads: metric((s, at) => s[at + IDX.leads]),
  };
}

function sum(values: ArrayLike<number>) {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}
