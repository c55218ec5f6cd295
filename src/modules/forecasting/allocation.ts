import { maximiseValue, type SolverItem } from './allocation-solver';
import { ForecastInputError } from './errors';
import type { CurveMetric } from './response-model';
import { curveMarginal, curveValue, type HillCurve } from './saturation';

export type AllocationObjective = CurveMetric | 'profit';

/** A channel as the allocator sees it: response curves per period plus the planner's limits. */
export interface AllocationChannel {
  name: string;
  /** Outcome per period for a steady spend per period, one curve per metric that is known. */
  curves: Partial<Record<CurveMetric, HillCurve>>;
  min?: number;
  max?: number;
  /** Spend fixed by the planner (a contract already signed); min and max are then ignored. */
  locked?: number;
}

export interface AllocationOptions {
  budget: number;
  objective: AllocationObjective;
  /** Share of revenue kept as gross profit; used by the profit objective. Default 1. */
  grossMargin?: number;
}

export type ChannelBinding = 'locked' | 'at_min' | 'at_max' | 'between';

export interface ChannelAllocation {
  name: string;
  spend: number;
  share: number;
  binding: ChannelBinding;
  /** Objective gained by the next unit of money on this channel. */
  marginalReturn: number;
  outcomes: Partial<Record<CurveMetric, number>>;
}

export interface AllocationTotals {
  spend: number;
  revenue?: number;
  customers?: number;
  leads?: number;
  profit?: number;
}

export interface Allocation {
  status: 'optimal';
  objective: AllocationObjective;
  objectiveValue: number;
  /** Proven upper bound on the objective; equal to objectiveValue unless the search was cut short. */
  objectiveBound: number;
  budget: number;
  unallocated: number;
  channels: ChannelAllocation[];
  totals: AllocationTotals;
  method: 'concave' | 'branch_and_bound';
  notes: string[];
}

export type InfeasibleConstraint =
  | { kind: 'channel_bounds'; channel: string; min: number; max: number }
  | { kind: 'minimums_exceed_budget'; minimums: number; budget: number }
  | { kind: 'target_unreachable'; target: number; reachable: number }
  | { kind: 'efficiency_unreachable'; metric: EfficiencyMetric; target: number; best: number };

export interface Infeasible {
  status: 'infeasible';
  reason: string;
  constraint: InfeasibleConstraint;
}

export type AllocationResult = Allocation | Infeasible;

const METRICS: readonly CurveMetric[] = ['revenue', 'customers', 'leads'];

function fmt(value: number): string {
  return Number.isInteger(value)
    ? value.toLocaleString('en-US')
    : value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

interface Prepared {
  items: SolverItem[];
  floors: number[];
  ceilings: number[];
  channels: AllocationChannel[];
}

function checkNumber(value: number | undefined, what: string, code: 'invalid_option' | 'invalid_constraint') {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ForecastInputError(code, `${what} must be a non-negative finite number, got ${String(value)}`);
  }
}

function checkCurve(curve: HillCurve, channel: string, metric: string) {
  const ok =
    Number.isFinite(curve.scale) &&
    curve.scale >= 0 &&
    Number.isFinite(curve.halfSaturation) &&
    curve.halfSaturation > 0 &&
    Number.isFinite(curve.shape) &&
    curve.shape > 0 &&
    curve.shape <= 10;
  if (!ok) {
    throw new ForecastInputError(
      'invalid_curve',
      `channel ${channel}: the ${metric} curve needs scale >= 0, halfSaturation > 0 and 0 < shape <= 10`,
      { column: channel },
    );
  }
}

function curveFor(channel: AllocationChannel, objective: AllocationObjective): HillCurve {
  const metric: CurveMetric = objective === 'profit' ? 'revenue' : objective;
  const curve = channel.curves[metric];
  if (!curve) {
    throw new ForecastInputError(
      'invalid_curve',
      `channel ${channel.name} has no ${metric} curve, needed for the ${objective} objective`,
      { column: channel.name },
    );
  }
  return curve;
}

/** Validates inputs (throwing on malformed ones) and reports contradictory constraints as a result. */
function prepare(
  channels: AllocationChannel[],
  objective: AllocationObjective,
  budget: number,
  margin: number,
): Prepared | Infeasible {
  if (!['revenue', 'customers', 'leads', 'profit'].includes(objective)) {
    throw new ForecastInputError(
      'invalid_option',
      `unknown objective '${objective}': use revenue, profit, customers or leads`,
    );
  }
  if (channels.length === 0)
    throw new ForecastInputError('no_channels', 'no channels to allocate the budget to');
  checkNumber(budget, 'budget', 'invalid_option');
  if (!(margin >= 0 && margin <= 1)) {
    throw new ForecastInputError('invalid_option', `grossMargin must be between 0 and 1, got ${margin}`);
  }
  const names = new Set<string>();
  const floors: number[] = [];
  const ceilings: number[] = [];
  const items: SolverItem[] = [];
  for (const channel of channels) {
    if (names.has(channel.name)) {
      throw new ForecastInputError('invalid_option', `channel ${channel.name} is listed twice`, {
        column: channel.name,
      });
    }
    names.add(channel.name);
    for (const metric of METRICS) {
      const curve = channel.curves[metric];
      if (curve) checkCurve(curve, channel.name, metric);
    }
    checkNumber(channel.min, `channel ${channel.name}: minimum`, 'invalid_constraint');
    checkNumber(channel.max, `channel ${channel.name}: maximum`, 'invalid_constraint');
    checkNumber(channel.locked, `channel ${channel.name}: locked spend`, 'invalid_constraint');
    const floor = channel.locked ?? channel.min ?? 0;
    const ceiling = channel.locked ?? channel.max ?? Number.POSITIVE_INFINITY;
    if (floor > ceiling) {
      return {
        status: 'infeasible',
        reason: `channel ${channel.name}: the minimum ${fmt(floor)} is above the maximum ${fmt(ceiling)}`,
        constraint: { kind: 'channel_bounds', channel: channel.name, min: floor, max: ceiling },
      };
    }
    floors.push(floor);
    ceilings.push(ceiling);
    const curve = curveFor(channel, objective);
    const scaled = objective === 'profit' ? { ...curve, scale: curve.scale * margin } : curve;
    items.push({
      curve: scaled,
      spendCost: objective === 'profit' ? 1 : 0,
      lo: floor,
      hi: Math.min(ceiling, Math.max(budget, floor)),
    });
  }
  const minimums = floors.reduce((a, b) => a + b, 0);
  if (minimums > budget * (1 + 1e-12)) {
    const parts = channels
      .map((c, i) => ({ name: c.name, floor: floors[i], locked: c.locked !== undefined }))
      .filter((p) => p.floor > 0)
      .map((p) => `${p.name} ${fmt(p.floor)}${p.locked ? ' (locked)' : ''}`);
    return {
      status: 'infeasible',
      reason: `the minimum and locked spends add up to ${fmt(minimums)}, more than the budget of ${fmt(budget)} (${parts.join(', ')})`,
      constraint: { kind: 'minimums_exceed_budget', minimums, budget },
    };
  }
  return { items, floors, ceilings, channels };
}

function describe(
  prepared: Prepared,
  spend: ArrayLike<number>,
  options: Required<AllocationOptions>,
  solved: { value: number; bound: number; method: Allocation['method']; nodes: number },
): Allocation {
  const { channels, floors, ceilings } = prepared;
  const { objective, budget, grossMargin } = options;
  const totalSpend = Array.from(spend).reduce((a, b) => a + b, 0);
  const totals: AllocationTotals = { spend: totalSpend };
  const allocations = channels.map((channel, i) => {
    const x = spend[i];
    const outcomes: Partial<Record<CurveMetric, number>> = {};
    for (const metric of METRICS) {
      const curve = channel.curves[metric];
      if (curve) {
        outcomes[metric] = curveValue(curve, x);
        totals[metric] = (totals[metric] ?? 0) + outcomes[metric];
      }
    }
    const tolerance = 1e-9 * Math.max(1, budget);
    const binding: ChannelBinding =
      channel.locked !== undefined
        ? 'locked'
        : x <= floors[i] + tolerance
          ? 'at_min'
          : x >= ceilings[i] - tolerance
            ? 'at_max'
            : 'between';
    const curve = curveFor(channel, objective);
    const marginal =
      curveMarginal(curve, x) * (objective === 'profit' ? grossMargin : 1) - (objective === 'profit' ? 1 : 0);
    return {
      name: channel.name,
      spend: x,
      share: totalSpend > 0 ? x / totalSpend : 0,
      binding,
      marginalReturn: marginal,
      outcomes,
    };
  });
  if (totals.revenue !== undefined) totals.profit = totals.revenue * grossMargin - totalSpend;
  const unallocated = Math.max(0, budget - totalSpend);
  const notes: string[] = [];
  if (unallocated > 1e-9 * Math.max(1, budget)) {
    const allAtMax = allocations.every((a) => a.binding === 'at_max' || a.binding === 'locked');
    notes.push(
      allAtMax
        ? `${fmt(unallocated)} left unallocated: every channel is at its maximum or locked`
        : `${fmt(unallocated)} left unallocated: more spend would lower profit (each channel's next unit returns less than it costs)`,
    );
  }
  if (solved.bound - solved.value > 1e-6 * Math.max(1, Math.abs(solved.value))) {
    notes.push(
      `search stopped after ${solved.nodes} steps; the result is within ${fmt((100 * (solved.bound - solved.value)) / Math.max(1e-12, Math.abs(solved.value)))}% of the best possible`,
    );
  }
  return {
    status: 'optimal',
    objective,
    objectiveValue: solved.value,
    objectiveBound: solved.bound,
    budget,
    unallocated,
    channels: allocations,
    totals,
    method: solved.method,
    notes,
  };
}

/**
 * (a) Splits a budget across channels to maximise the objective, within each channel's minimum,
 * maximum or locked spend. Spend is per period, like the curves.
 */
export function allocateBudget(channels: AllocationChannel[], options: AllocationOptions): AllocationResult {
  const full: Required<AllocationOptions> = { grossMargin: 1, ...options };
  const prepared = prepare(channels, full.objective, full.budget, full.grossMargin);
  if ('status' in prepared) return prepared;
  const solved = maximiseValue(prepared.items, full.budget);
  return describe(prepared, solved.spend, full, solved);
}

function objectiveCeiling(prepared: Prepared): number {
  let total = 0;
  for (const item of prepared.items) {
    total += Number.isFinite(item.hi) ? curveValue(item.curve, item.hi) : item.curve.scale;
  }
  return total;
}

export interface TargetOptions {
  /** What the target counts: revenue, customers or leads (per period, like the curves). */
  metric: CurveMetric;
  target: number;
}

/** (b) The least budget whose best allocation reaches the target, e.g. 500 customers a month. */
export function minimumBudgetForTarget(
  channels: AllocationChannel[],
  options: TargetOptions,
): AllocationResult {
  const { metric, target } = options;
  checkNumber(target, 'target', 'invalid_option');
  // Ceilings of unbounded channels are what the curve approaches; any finite budget stays below it.
  const unbounded = prepare(channels, metric, Number.MAX_SAFE_INTEGER, 1);
  if ('status' in unbounded) return unbounded;
  const floorSpend = unbounded.floors.reduce((a, b) => a + b, 0);
  const ceiling = objectiveCeiling(unbounded);
  const atBudget = (budget: number) => {
    const result = allocateBudget(channels, { budget, objective: metric });
    if (result.status !== 'optimal') throw new Error('allocation at a feasible budget cannot be infeasible');
    return result;
  };
  const atFloor = atBudget(floorSpend);
  if (atFloor.objectiveValue >= target) return atFloor;
  if (ceiling <= target * (1 + 1e-9)) {
    return {
      status: 'infeasible',
      reason: `the target of ${fmt(target)} ${metric} is out of reach: with every channel at its maximum the curves give at most ${fmt(ceiling)}`,
      constraint: { kind: 'target_unreachable', target, reachable: ceiling },
    };
  }
  let low = floorSpend;
  let high = Math.max(floorSpend * 2, 1);
  for (let i = 0; i < 200 && atBudget(high).objectiveValue < target; i++) {
    low = high;
    high *= 2;
  }
  for (let i = 0; i < 60 && high - low > 1e-7 * high; i++) {
    const mid = 0.5 * (low + high);
    if (atBudget(mid).objectiveValue >= target) high = mid;
    else low = mid;
  }
  return atBudget(high);
}

export type EfficiencyMetric = 'roas' | 'cost_per_customer' | 'cost_per_lead';

export interface EfficiencyOptions {
  /** roas: revenue per unit of spend at least `target`; cost_per_*: spend per customer/lead at most `target`. */
  metric: EfficiencyMetric;
  target: number;
  /** The most that may be spent; without it the search stops where efficiency runs out. */
  budget?: number;
}

/**
 * (c) The largest outcome whose overall efficiency still meets the target: scans budgets for the
 * largest one whose best allocation is efficient enough, then refines it by bisection.
 */
export function allocateForEfficiency(
  channels: AllocationChannel[],
  options: EfficiencyOptions,
): AllocationResult {
  const { metric, target } = options;
  if (!(typeof target === 'number' && Number.isFinite(target) && target > 0)) {
    throw new ForecastInputError(
      'invalid_option',
      `efficiency target must be a positive number, got ${String(target)}`,
    );
  }
  checkNumber(options.budget, 'budget', 'invalid_option');
  const outcome: CurveMetric =
    metric === 'roas' ? 'revenue' : metric === 'cost_per_customer' ? 'customers' : 'leads';
  // Every target becomes "outcome per unit of spend at least `ratio`".
  const ratio = metric === 'roas' ? target : 1 / target;
  const prepared = prepare(channels, outcome, options.budget ?? Number.MAX_SAFE_INTEGER, 1);
  if ('status' in prepared) return prepared;
  const floorSpend = prepared.floors.reduce((a, b) => a + b, 0);
  const evaluate = (budget: number) => {
    const result = allocateBudget(channels, { budget, objective: outcome });
    if (result.status !== 'optimal') throw new Error('allocation at a feasible budget cannot be infeasible');
    const spend = result.totals.spend;
    const efficiency = spend > 0 ? result.objectiveValue / spend : Number.POSITIVE_INFINITY;
    return { result, efficiency };
  };
  let cap = options.budget;
  if (cap === undefined) {
    // Efficiency falls as spend grows; double until it no longer meets the target.
    cap = Math.max(floorSpend * 2, 1);
    for (let i = 0; i < 200 && evaluate(cap).efficiency >= ratio; i++) cap *= 2;
  }
  const steps = 48;
  // Spending nothing is not "efficient"; the lowest point tried is a sliver above the minimums.
  const lowest = floorSpend > 0 ? floorSpend : cap * 1e-6;
  const grid = [
    lowest,
    ...Array.from({ length: steps }, (_, i) => floorSpend + ((cap - floorSpend) * (i + 1)) / steps),
  ];
  let bestIndex = -1;
  let bestEfficiency = 0;
  let bestAt = floorSpend;
  for (let i = grid.length - 1; i >= 0; i--) {
    const { efficiency } = evaluate(grid[i]);
    if (efficiency > bestEfficiency) {
      bestEfficiency = efficiency;
      bestAt = grid[i];
    }
    if (efficiency >= ratio) {
      bestIndex = i;
      break;
    }
  }
  if (bestIndex < 0) {
    const shown = metric === 'roas' ? bestEfficiency : 1 / bestEfficiency;
    const unit =
      metric === 'roas' ? 'ROAS' : metric === 'cost_per_customer' ? 'cost per customer' : 'cost per lead';
    const wanted = metric === 'roas' ? `at least ${fmt(target)}` : `at most ${fmt(target)}`;
    return {
      status: 'infeasible',
      reason: `no budget reaches a ${unit} ${wanted}: the best is ${fmt(shown)} at a spend of ${fmt(bestAt)}${prepared.floors.some((f) => f > 0) ? ' (with the minimum and locked spends)' : ''}`,
      constraint: { kind: 'efficiency_unreachable', metric, target, best: shown },
    };
  }
  if (bestIndex === grid.length - 1) return evaluate(grid[bestIndex]).result;
  let low = grid[bestIndex];
  let high = grid[bestIndex + 1];
  for (let i = 0; i < 50 && high - low > 1e-7 * high; i++) {
    const mid = 0.5 * (low + high);
    if (evaluate(mid).efficiency >= ratio) low = mid;
    else high = mid;
  }
  return evaluate(low).result;
}
