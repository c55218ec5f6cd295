import { curveInflection, curveMarginal, curveValue, type HillCurve } from './saturation';

/**
 * One channel for the solver: its value is curve(x) - spendCost * x on lo <= x <= hi. spendCost is 1
 * when the objective is profit (money spent counts against it) and 0 otherwise.
 */
export interface SolverItem {
  curve: HillCurve;
  spendCost: number;
  lo: number;
  hi: number;
}

export interface SolverResult {
  spend: Float64Array;
  value: number;
  /** Proven upper bound on the best value; equals value for concave curves. */
  bound: number;
  /** Marginal return (before spendCost) shared by channels strictly between their bounds. */
  multiplier: number;
  nodes: number;
  method: 'concave' | 'branch_and_bound';
}

/**
 * The least concave function above a Hill curve on [a, b]: a straight line from (a, g(a)) to the
 * tangent point t, then the curve itself. For concave curves t = a.
 */
interface Envelope {
  a: number;
  b: number;
  t: number;
  slope: number;
  ga: number;
}

function envelopeOf(curve: HillCurve, a: number, b: number): Envelope {
  const ga = curveValue(curve, a);
  const inflection = curveInflection(curve);
  if (b <= a || a >= inflection || curve.scale <= 0) return { a, b, t: a, slope: 0, ga };
  // phi(t) = g'(t)(t - a) - (g(t) - g(a)) is >= 0 up to the tangent point and falls after it.
  const phi = (t: number) => curveMarginal(curve, t) * (t - a) - (curveValue(curve, t) - ga);
  if (phi(b) >= 0) return { a, b, t: b, slope: (curveValue(curve, b) - ga) / (b - a), ga };
  let low = Math.max(a, inflection);
  let high = b;
  for (let i = 0; i < 100 && high - low > 1e-12 * high; i++) {
    const mid = 0.5 * (low + high);
    if (phi(mid) >= 0) low = mid;
    else high = mid;
  }
  const t = low;
  return { a, b, t, slope: t > a ? (curveValue(curve, t) - ga) / (t - a) : 0, ga };
}

function envelopeValue(curve: HillCurve, env: Envelope, x: number): number {
  return x <= env.t ? env.ga + env.slope * (x - env.a) : curveValue(curve, x);
}

/** Solves g'(x) = target for x in [low, high] where g' is decreasing there (the concave part). */
function solveMarginal(curve: HillCurve, target: number, low: number, high: number): number {
  if (curve.shape === 1) {
    // Closed form for the plain saturation curve: g'(x) = scale k / (x + k)^2.
    const x = Math.sqrt((curve.scale * curve.halfSaturation) / target) - curve.halfSaturation;
    return Math.min(high, Math.max(low, x));
  }
  let lo = low;
  let hi = high;
  let x = lo > 0 ? Math.sqrt(lo * hi) : 0.5 * hi;
  for (let i = 0; i < 100; i++) {
    const marginal = curveMarginal(curve, x);
    if (marginal > target) lo = x;
    else hi = x;
    if (hi - lo <= 1e-12 * hi) break;
    // Newton in log space: log g'(x) is close to linear in log x on the concave side.
    const u = (x / curve.halfSaturation) ** curve.shape;
    const elasticity = curve.shape - 1 - (2 * curve.shape * u) / (1 + u);
    let next = Number.NaN;
    if (marginal > 0 && elasticity < 0) next = x * Math.exp(Math.log(target / marginal) / elasticity);
    x = next > lo && next < hi ? next : 0.5 * (lo + hi);
  }
  return x;
}

/** Largest maximiser of env(x) - price * x. */
function bestSpend(curve: HillCurve, env: Envelope, price: number): number {
  if (env.b <= env.a) return env.a;
  if (env.t > env.a && price > env.slope) return env.a;
  const start = env.t;
  if (start >= env.b) return price <= env.slope ? env.b : env.a;
  if (curveMarginal(curve, env.b) >= price) return env.b;
  if (start === env.a && curveMarginal(curve, start) <= price) return env.a;
  return solveMarginal(curve, price, start, env.b);
}

interface Relaxation {
  spend: Float64Array;
  upper: number;
  lower: number;
  multiplier: number;
}

/** The concave relaxation solved exactly by bisection on the budget's multiplier (equal marginal returns). */
function solveRelaxation(
  items: readonly SolverItem[],
  envs: readonly Envelope[],
  budget: number,
): Relaxation {
  const n = items.length;
  const atPrice = (lambda: number, out: Float64Array) => {
    let total = 0;
    for (let i = 0; i < n; i++) {
      out[i] = bestSpend(items[i].curve, envs[i], lambda + items[i].spendCost);
      total += out[i];
    }
    return total;
  };
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  let multiplier = 0;
  if (atPrice(0, high) <= budget) {
    low.set(high);
  } else {
    let lambdaLow = 0;
    let lambdaHigh = 1;
    for (let i = 0; i < n; i++) {
      const steepest = envs[i].t > envs[i].a ? envs[i].slope : curveMarginal(items[i].curve, envs[i].a);
      if (Number.isFinite(steepest)) lambdaHigh = Math.max(lambdaHigh, steepest);
    }
    for (let i = 0; i < 200 && atPrice(lambdaHigh, low) > budget; i++) {
      lambdaLow = lambdaHigh;
      lambdaHigh *= 2;
    }
    atPrice(lambdaLow, high);
    const scratch = new Float64Array(n);
    for (let i = 0; i < 64; i++) {
      const mid = 0.5 * (lambdaLow + lambdaHigh);
      if (mid <= lambdaLow || mid >= lambdaHigh) break;
      if (atPrice(mid, scratch) > budget) {
        lambdaLow = mid;
        high.set(scratch);
      } else {
        lambdaHigh = mid;
        low.set(scratch);
      }
    }
    multiplier = lambdaHigh;
    // Hand the rest of the budget to channels whose spend jumps at the multiplier, one at a time.
    let rest = budget;
    for (let i = 0; i < n; i++) rest -= low[i];
    const order = Array.from({ length: n }, (_, i) => i).sort(
      (p, q) => high[q] - low[q] - (high[p] - low[p]),
    );
    for (const i of order) {
      if (rest <= 0) break;
      const add = Math.min(rest, high[i] - low[i]);
      low[i] += add;
      rest -= add;
    }
  }
  let upper = 0;
  let lower = 0;
  for (let i = 0; i < n; i++) {
    const { curve, spendCost } = items[i];
    upper += envelopeValue(curve, envs[i], low[i]) - spendCost * low[i];
    lower += curveValue(curve, low[i]) - spendCost * low[i];
  }
  return { spend: low, upper, lower, multiplier };
}

interface Node {
  envs: Envelope[];
  relaxation: Relaxation;
}

export interface SolverOptions {
  /** Relative gap between the best allocation and the proven bound at which the search stops. */
  tolerance?: number;
  maxNodes?: number;
}

/**
 * Maximises the sum of channel values for sum(spend) <= budget. Exact for concave curves; for
 * S-shaped ones a branch and bound over spend intervals: each node's concave relaxation bounds what
 * its interval can give, and the channel whose relaxed spend sits furthest below its envelope is split.
 */
export function maximiseValue(
  items: readonly SolverItem[],
  budget: number,
  options: SolverOptions = {},
): SolverResult {
  const tolerance = options.tolerance ?? 1e-7;
  const maxNodes = options.maxNodes ?? 4000;
  const rootEnvs = items.map((item) => envelopeOf(item.curve, item.lo, item.hi));
  const root: Node = { envs: rootEnvs, relaxation: solveRelaxation(items, rootEnvs, budget) };
  let best = root.relaxation;
  const open: Node[] = [root];
  let nodes = 1;
  // Best bound among intervals dropped as unpromising: part of the final proof of optimality.
  let droppedBound = Number.NEGATIVE_INFINITY;
  const concave = rootEnvs.every((env) => env.t === env.a);
  const slack = () => tolerance * Math.max(1, Math.abs(best.lower));
  while (open.length > 0 && nodes < maxNodes) {
    let top = 0;
    for (let i = 1; i < open.length; i++) if (open[i].relaxation.upper > open[top].relaxation.upper) top = i;
    const node = open[top];
    if (node.relaxation.upper - best.lower <= slack()) break;
    open.splice(top, 1);
    const { spend } = node.relaxation;
    let split = -1;
    let widest = 0;
    for (let i = 0; i < items.length; i++) {
      const gap =
        envelopeValue(items[i].curve, node.envs[i], spend[i]) - curveValue(items[i].curve, spend[i]);
      if (gap > widest) {
        widest = gap;
        split = i;
      }
    }
    if (split < 0) continue;
    const env = node.envs[split];
    for (const [a, b] of [
      [env.a, spend[split]],
      [spend[split], env.b],
    ]) {
      const envs = node.envs.slice();
      envs[split] = envelopeOf(items[split].curve, a, b);
      let floor = 0;
      for (const e of envs) floor += e.a;
      if (floor > budget * (1 + 1e-12)) continue;
      const relaxation = solveRelaxation(items, envs, budget);
      nodes++;
      if (relaxation.lower > best.lower) best = relaxation;
      if (relaxation.upper > best.lower + slack()) open.push({ envs, relaxation });
      else droppedBound = Math.max(droppedBound, relaxation.upper);
    }
  }
  let bound = Math.max(best.lower, droppedBound);
  for (const node of open) bound = Math.max(bound, node.relaxation.upper);
  return {
    spend: best.spend,
    value: best.lower,
    bound: Math.max(bound, best.lower),
    multiplier: best.multiplier,
    nodes,
    method: concave ? 'concave' : 'branch_and_bound',
  };
}
