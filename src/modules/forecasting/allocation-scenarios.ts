import { type AllocationObjective, allocateBudget, type ChannelBinding } from './allocation';
import { type ChannelAssumptions, COST_MODELS, resolveChannelAssumptions } from './channel-catalog';
import {
  type Band,
  compareScenarios,
  type EffectPredictionInput,
  type PlanChannelInput,
  type PlanEconomics,
  predictEffects,
} from './effect-prediction';
import { ForecastInputError } from './errors';
import { createRandom, quantiles } from './random';
import {
  describeAlreadyOptimal,
  describeBudgetIncrease,
  describeMove,
  describeReallocation,
  type RecommendationLanguage,
  reallocationMoves,
  type SpendMove,
} from './recommendations';
import {
  benchmarkCurve,
  type CurveMetric,
  conversionFromEntry,
  likelyRates,
  sampleRates,
} from './response-model';
import { curveMarginal, curveValue, type HillCurve } from './saturation';

/** A plan channel with its monthly spend and the planner's per-month limits. */
export interface ScenarioChannelInput extends PlanChannelInput {
  min?: number;
  max?: number;
  locked?: number;
}

export interface PlanAllocationInput {
  months: string[];
  channels: ScenarioChannelInput[];
  objective: AllocationObjective;
  economics: PlanEconomics;
  seed?: number;
  simulations?: number;
  /** The extra budget of the "larger budget" scenario, as a share (default 0.2 = +20%). */
  budgetIncrease?: number;
  /** At most this many moves are explained (default 3). */
  maxMoves?: number;
  wording: { language: RecommendationLanguage; currency: string; label: (channel: string) => string };
}

export interface CurveBand {
  spend: number[];
  likely: number[];
  p10: number[];
  p90: number[];
}

export interface PlanChannelAllocation {
  channel: string;
  label: string;
  source: 'benchmark' | 'calibrated';
  /** Spend over the plan and its average per month. */
  current: { total: number; perMonth: number };
  recommended: { total: number; perMonth: number };
  change: number;
  /** Objective per month at the average monthly spend (likely rates). */
  currentValue: number;
  recommendedValue: number;
  /** Objective gained by one more unit of money per month at the recommended spend. */
  marginalReturn: number;
  binding: ChannelBinding;
  /** Steady-state response per month (objective vs monthly spend) with a p10-p90 band. */
  curve: CurveBand;
}

export interface AllocationScenario {
  id: 'current' | 'recommended' | 'larger_budget';
  spend: number;
  objective: Band;
}

export interface ExplainedMove extends SpendMove {
  share: number;
  effect: Band;
  text: string;
}

export interface PlanAllocationResult {
  status: 'optimal';
  objective: AllocationObjective;
  months: string[];
  budget: { total: number; perMonth: number };
  channels: PlanChannelAllocation[];
  scenarios: AllocationScenario[];
  /** Recommended minus current, with paired draws. */
  difference: Band;
  moves: ExplainedMove[];
  recommendations: string[];
  seed: number;
  simulations: number;
  notes: string[];
}

export interface PlanAllocationInfeasible {
  status: 'infeasible';
  reason: string;
  month?: string;
}

const METRIC_OF: Record<AllocationObjective, CurveMetric> = {
  revenue: 'revenue',
  profit: 'revenue',
  customers: 'customers',
  leads: 'leads',
};

function sum(values: ArrayLike<number>) {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}

function metricFactor(
  assumptions: ChannelAssumptions,
  rates: ReturnType<typeof likelyRates>,
  metric: CurveMetric,
) {
  const entry = COST_MODELS[assumptions.costModel].entryStage;
  if (metric === 'leads') return conversionFromEntry(entry, 'leads', rates);
  return (
    conversionFromEntry(entry, 'customers', rates) * (metric === 'revenue' ? rates.averageOrderValue : 1)
  );
}

/**
 * The steady-state curve (per month) of one metric for a plan channel: the calibrated curve when the
 * channel has one (converted to the wanted metric through the funnel rates), else the benchmark's.
 */
export function planChannelCurve(
  channel: PlanChannelInput,
  metric: CurveMetric,
  economics: PlanEconomics,
): HillCurve {
  const assumptions = resolveChannelAssumptions(channel.channel, channel.assumptions);
  const rates = likelyRates(assumptions, economics.averageOrderValue);
  const calibrated = channel.calibrated;
  if (!calibrated) return benchmarkCurve(assumptions, rates, metric);
  const ratio =
    calibrated.metric === metric
      ? 1
      : metricFactor(assumptions, rates, metric) / metricFactor(assumptions, rates, calibrated.metric);
  return { ...calibrated.curve, scale: calibrated.curve.scale * (Number.isFinite(ratio) ? ratio : 0) };
}

function stringHash(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash >>> 0;
}

/** p10 and p90 of the curve's height as multipliers of the likely curve (k and shape are fixed). */
function scaleBand(channel: PlanChannelInput, metric: CurveMetric, economics: PlanEconomics, seed: number) {
  if (channel.calibrated) {
    const u = channel.calibrated.uncertainty;
    return u ? { low: u.low, high: u.high } : { low: 1, high: 1 };
  }
  const assumptions = resolveChannelAssumptions(channel.channel, channel.assumptions);
  const likely = benchmarkCurve(
    assumptions,
    likelyRates(assumptions, economics.averageOrderValue),
    metric,
  ).scale;
  if (!(likely > 0)) return { low: 1, high: 1 };
  const random = createRandom((seed ^ stringHash(channel.channel)) >>> 0);
  const scales = Array.from(
    { length: 400 },
    () =>
      benchmarkCurve(assumptions, sampleRates(assumptions, economics.averageOrderValue, random), metric)
        .scale,
  );
  const [p10, p90] = quantiles(scales, [0.1, 0.9]);
  return { low: p10 / likely, high: p90 / likely };
}

/** The objective per month at a steady monthly spend: the metric, or margin x revenue - spend for profit. */
function objectiveAt(
  curve: HillCurve,
  spend: number,
  objective: AllocationObjective,
  margin: number,
  factor = 1,
) {
  const value = curveValue(curve, spend) * factor;
  return objective === 'profit' ? value * margin - spend : value;
}

function curveBand(
  curve: HillCurve,
  band: { low: number; high: number },
  objective: AllocationObjective,
  margin: number,
  upTo: number,
): CurveBand {
  const points = 25;
  const top = upTo > 0 ? upTo : curve.halfSaturation * 2;
  const spend = Array.from({ length: points }, (_, i) => (top * i) / (points - 1));
  return {
    spend,
    likely: spend.map((x) => objectiveAt(curve, x, objective, margin)),
    p10: spend.map((x) => objectiveAt(curve, x, objective, margin, band.low)),
    p90: spend.map((x) => objectiveAt(curve, x, objective, margin, band.high)),
  };
}

function objectiveBand(prediction: ReturnType<typeof predictEffects>, objective: AllocationObjective): Band {
  const { p10, p50, p90, likely } = prediction.total.direct[objective];
  return { likely, p10, p50, p90 };
}

/**
 * Compares a plan's split of its budget with the best split for the same monthly budgets, and with a
 * larger budget split the best way. Each month is allocated on its own (exact for the steady-state
 * curves); effects are predicted with carryover and Monte Carlo bands; the differences use paired
 * draws so "adds ~38 customers (p10-p90: 21 to 55)" describes the change itself.
 */
export function recommendPlanAllocation(
  input: PlanAllocationInput,
): PlanAllocationResult | PlanAllocationInfeasible {
  const { months, channels, objective, economics } = input;
  if (!['revenue', 'profit', 'customers', 'leads'].includes(objective)) {
    throw new ForecastInputError(
      'invalid_option',
      `unknown objective '${objective}': use revenue, profit, customers or leads`,
    );
  }
  if (channels.length === 0)
    throw new ForecastInputError('no_channels', 'the plan has no channels to allocate');
  const seed = input.seed ?? 1;
  const simulations = input.simulations ?? 400;
  const increase = input.budgetIncrease ?? 0.2;
  const metric = METRIC_OF[objective];
  const margin = economics.grossMargin;
  const curves = channels.map((channel) => planChannelCurve(channel, metric, economics));
  const monthBudgets = months.map((_, m) => channels.reduce((total, c) => total + (c.spend[m] ?? 0), 0));
  const totalBudget = sum(monthBudgets);
  if (!(totalBudget > 0)) {
    throw new ForecastInputError(
      'invalid_option',
      'the plan has no advertising budget tied to its channels to allocate',
    );
  }

  const allocateMonths = (factor: number) => {
    const spend = channels.map(() => months.map(() => 0));
    const bindings: ChannelBinding[] = channels.map(() => 'at_min');
    for (let m = 0; m < months.length; m++) {
      const budget = monthBudgets[m] * factor;
      if (budget <= 0) continue;
      const result = allocateBudget(
        channels.map((channel, c) => ({
          name: channel.channel,
          curves: { [metric]: curves[c] },
          min: channel.min,
          max: channel.max,
          locked: channel.locked,
        })),
        { budget, objective, grossMargin: margin },
      );
      if (result.status === 'infeasible') return { infeasible: result.reason, month: months[m] };
      result.channels.forEach((allocation, c) => {
        spend[c][m] = allocation.spend;
        if (allocation.binding !== 'at_min' || bindings[c] === 'at_min') bindings[c] = allocation.binding;
      });
    }
    return { spend, bindings };
  };

  const best = allocateMonths(1);
  if ('infeasible' in best) {
    return { status: 'infeasible', reason: `${best.month}: ${best.infeasible}`, month: best.month };
  }
  const larger = allocateMonths(1 + increase);
  if ('infeasible' in larger) {
    return { status: 'infeasible', reason: `${larger.month}: ${larger.infeasible}`, month: larger.month };
  }

  const scenarioInput = (spend: number[][]): EffectPredictionInput => ({
    months,
    channels: channels.map((channel, c) => ({
      channel: channel.channel,
      assumptions: channel.assumptions,
      priorSpend: channel.priorSpend,
      calibrated: channel.calibrated,
      spend: spend[c],
    })),
    economics,
    seed,
    simulations,
  });
  const currentSpend = channels.map((channel) => channel.spend.slice());
  const currentInput = scenarioInput(currentSpend);
  const bestInput = scenarioInput(best.spend);
  const largerInput = scenarioInput(larger.spend);
  const scenarios: AllocationScenario[] = [
    { id: 'current', input: currentInput },
    { id: 'recommended', input: bestInput },
    { id: 'larger_budget', input: largerInput },
  ].map(({ id, input: scenario }) => ({
    id: id as AllocationScenario['id'],
    spend: sum(scenario.channels.map((c) => sum(c.spend))),
    objective: objectiveBand(predictEffects(scenario), objective),
  }));
  const differenceOf = (alternative: EffectPredictionInput) =>
    compareScenarios(currentInput, alternative)[objective];
  const difference = differenceOf(bestInput);

  const currentTotals = Object.fromEntries(channels.map((c, i) => [c.channel, sum(currentSpend[i])]));
  const bestTotals = Object.fromEntries(channels.map((c, i) => [c.channel, sum(best.spend[i])]));
  const wording = { ...input.wording, objective, budget: totalBudget };
  const scale = Math.max(1e-9, Math.abs(scenarios[0].objective.likely));
  const worthIt = difference.likely > 0.005 * scale;
  const moves: ExplainedMove[] = worthIt
    ? reallocationMoves(currentTotals, bestTotals, 0.02)
        .slice(0, input.maxMoves ?? 3)
        .map((move) => {
          const from = channels.findIndex((c) => c.channel === move.from);
          const to = channels.findIndex((c) => c.channel === move.to);
          const moved = currentSpend.map((series) => series.slice());
          const keep = 1 - move.amount / currentTotals[move.from];
          moved[from] = moved[from].map((x) => x * keep);
          moved[to] = moved[to].map((x, m) => x + (move.amount * monthBudgets[m]) / totalBudget);
          const effect = differenceOf(scenarioInput(moved));
          return {
            ...move,
            share: move.amount / totalBudget,
            effect,
            text: describeMove(move, effect, wording),
          };
        })
    : [];
  const recommendations = worthIt
    ? [describeReallocation(difference, wording), ...moves.map((m) => m.text)]
    : [describeAlreadyOptimal(wording)];
  // With the profit objective the best split may leave money unspent; more budget then changes nothing.
  if (scenarios[2].spend > scenarios[1].spend * (1 + 1e-6)) {
    const largerDifference = compareScenarios(bestInput, largerInput)[objective];
    recommendations.push(describeBudgetIncrease(totalBudget * increase, largerDifference, wording));
  }

  const monthsCount = months.length;
  const planChannels = channels.map((channel, c) => {
    const current = sum(currentSpend[c]) / monthsCount;
    const recommended = sum(best.spend[c]) / monthsCount;
    const curve = curves[c];
    const band = scaleBand(channel, metric, economics, seed);
    const upTo = Math.max(current, recommended, sum(larger.spend[c]) / monthsCount) * 1.6;
    return {
      channel: channel.channel,
      label: input.wording.label(channel.channel),
      source: channel.calibrated ? ('calibrated' as const) : ('benchmark' as const),
      current: { total: sum(currentSpend[c]), perMonth: current },
      recommended: { total: sum(best.spend[c]), perMonth: recommended },
      change: sum(best.spend[c]) - sum(currentSpend[c]),
      currentValue: objectiveAt(curve, current, objective, margin),
      recommendedValue: objectiveAt(curve, recommended, objective, margin),
      marginalReturn:
        curveMarginal(curve, recommended) * (objective === 'profit' ? margin : 1) -
        (objective === 'profit' ? 1 : 0),
      binding: best.bindings[c],
      curve: curveBand(curve, band, objective, margin, upTo),
    };
  });
  const notes = [
    "each month is split on its own with the channels' steady-state response curves; predictions add carryover between months",
    'differences use the same random draws for both splits, so their band describes the change itself',
  ];
  if (objective === 'profit' && scenarios[1].spend < totalBudget * (1 - 1e-6)) {
    notes.push(
      'part of the budget is left unspent: more spend on any channel would return less profit than it costs',
    );
  }
  return {
    status: 'optimal',
    objective,
    months,
    budget: { total: totalBudget, perMonth: totalBudget / monthsCount },
    channels: planChannels,
    scenarios,
    difference,
    moves,
    recommendations,
    seed,
    simulations,
    notes,
  };
}
