import { applyAdstock } from './adstock';
import type { RegressionDesign } from './calibration-design';
import type { AdstockSpec } from './channel-catalog';
import type { HistoryPeriod } from './history';
import type { Random } from './random';
import { hill } from './saturation';

/**
 * Hyperparameters of one channel: the adstock parameters, then how saturated the curve is at the
 * channel's typical spend (0 to 1), then the Hill shape. Tying saturation to the typical spend keeps
 * the curve where the data lives: a curve already flat at every observed spend would make the
 * channel's level indistinguishable from the base.
 */
export interface ParameterSpace {
  adstock: 'geometric' | 'weibull';
  adstockSize: number;
  size: number;
  lower: number[];
  upper: number[];
  /** Weakly informative prior per parameter, on the 0-1 scale of its bounds. */
  priorMean: number[];
  priorSd: number[];
  grid: number[][];
  adstockSpec(params: ArrayLike<number>): AdstockSpec;
}

const SATURATION_GRID = [0.2, 0.35, 0.5, 0.65, 0.8];
const SHAPE_GRID = [0.8, 1.2, 1.7, 2.3, 3];
const SATURATION_BOUNDS = [0.1, 0.9];
const SHAPE_BOUNDS = [0.7, 3.5];

export function parameterSpace(kind: 'geometric' | 'weibull', period: HistoryPeriod): ParameterSpace {
  const toUnit = (value: number, lower: number, upper: number) => (value - lower) / (upper - lower);
  const saturationPrior = toUnit(0.5, SATURATION_BOUNDS[0], SATURATION_BOUNDS[1]);
  const shapePrior = toUnit(1.3, SHAPE_BOUNDS[0], SHAPE_BOUNDS[1]);
  const adstockGrid: number[][] = [];
  let lower: number[];
  let upper: number[];
  let priorMean: number[];
  let priorSd: number[];
  let adstockSpec: (params: ArrayLike<number>) => AdstockSpec;
  if (kind === 'geometric') {
    const top = period === 'week' ? 0.9 : 0.97;
    const decays =
      period === 'week'
        ? [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]
        : [0, 0.3, 0.5, 0.65, 0.75, 0.82, 0.88, 0.92, 0.95];
    for (const decay of decays) adstockGrid.push([decay]);
    lower = [0];
    upper = [top];
    priorMean = [toUnit(period === 'week' ? 0.3 : 0.75, 0, top)];
    priorSd = [0.4];
    adstockSpec = (params) => ({ type: 'geometric', decay: params[0] });
  } else {
    const maxLag = period === 'week' ? 13 : 28;
    const unit = period === 'week' ? 1 : 7;
    for (const shape of [0.7, 1, 2, 4])
      for (const scale of [0.5, 1, 2, 4]) adstockGrid.push([shape, scale * unit]);
    lower = [0.5, 0.2 * unit];
    upper = [8, maxLag / 2];
    priorMean = [toUnit(1.5, 0.5, 8), toUnit(1.5 * unit, 0.2 * unit, maxLag / 2)];
    priorSd = [0.4, 0.4];
    adstockSpec = (params) => ({ type: 'weibull', shape: params[0], scale: params[1], maxLag });
  }
  const grid: number[][] = [];
  for (const adstock of adstockGrid) {
    for (const saturation of SATURATION_GRID)
      for (const shape of SHAPE_GRID) grid.push([...adstock, saturation, shape]);
  }
  return {
    adstock: kind,
    adstockSize: lower.length,
    size: lower.length + 2,
    lower: [...lower, SATURATION_BOUNDS[0], SHAPE_BOUNDS[0]],
    upper: [...upper, SATURATION_BOUNDS[1], SHAPE_BOUNDS[1]],
    priorMean: [...priorMean, saturationPrior, shapePrior],
    priorSd: [...priorSd, 0.35, 0.35],
    grid,
    adstockSpec,
  };
}

/** Turns a channel's spend into its media column for given hyperparameters: adstock, then Hill. */
export class ChannelTransform {
  readonly spend: Float64Array;
  /** Typical spend per period when the channel is on: where saturation is anchored. */
  readonly reference: number;
  /** Carryover assumed from before the history starts. */
  readonly initial: number;
  private readonly cache = new Map<string, Float64Array>();
  private readonly out: Float64Array;

  constructor(
    spend: Float64Array,
    private readonly space: ParameterSpace,
  ) {
    this.spend = spend;
    let positive = 0;
    let count = 0;
    for (const value of spend) {
      if (value > 0) {
        positive += value;
        count++;
      }
    }
    this.reference = count > 0 ? positive / count : 1;
    // Spend before the history is unknown; assume it resembled the first quarter's average.
    const head = Math.min(13, spend.length);
    let sum = 0;
    for (let t = 0; t < head; t++) sum += spend[t];
    this.initial = sum / head;
    this.out = new Float64Array(spend.length);
  }

  adstocked(params: ArrayLike<number>): Float64Array {
    const size = this.space.adstockSize;
    const key = size === 1 ? String(params[0]) : `${params[0]},${params[1]}`;
    let series = this.cache.get(key);
    if (!series) {
      series = applyAdstock(this.spend, this.space.adstockSpec(params), this.initial);
      if (this.cache.size > 512) this.cache.clear();
      this.cache.set(key, series);
    }
    return series;
  }

  halfSaturation(params: ArrayLike<number>) {
    const level = params[this.space.adstockSize];
    const shape = params[this.space.adstockSize + 1];
    return this.reference * ((1 - level) / level) ** (1 / shape);
  }

  /** The media column; the returned array is reused by the next call. */
  column(params: ArrayLike<number>): Float64Array {
    const adstocked = this.adstocked(params);
    const k = this.halfSaturation(params);
    const shape = params[this.space.adstockSize + 1];
    for (let t = 0; t < adstocked.length; t++) this.out[t] = hill(adstocked[t], k, shape);
    return this.out;
  }
}

export interface SearchResult {
  params: Float64Array[];
  objective: number;
  evaluations: number;
}

export interface SearchSetup {
  design: RegressionDesign;
  transforms: ChannelTransform[];
  space: ParameterSpace;
  firstChannel: number;
  random: Random;
  starts: number;
  /** Skip the sweeps and polish these hyperparameters (e.g. the holdout fit's) on the design's rows. */
  initial?: Float64Array[];
  /** Levenberg-Marquardt iterations (default 40). */
  iterations?: number;
  priorWeight: number;
  checkCancelled: () => void;
  report: (fraction: number) => void;
}

const SWEEPS = 3;
const LM_ITERATIONS = 40;

/**
 * Seeded search for every channel's hyperparameters. The objective is a penalised fit: squared error
 * over the noise variance plus a weak prior that keeps carryover and saturation at plausible values
 * unless the data insist (without it, noise is fitted by curves whose level cannot be identified).
 * Each start sweeps channel by channel over a grid, then Levenberg-Marquardt moves all channels at once.
 */
export function searchHyperparameters(setup: SearchSetup): SearchResult {
  const { design, transforms, space, firstChannel, random } = setup;
  const channels = transforms.length;
  const size = space.size;
  const current = transforms.map(() => new Float64Array(size));
  const rows = design.rows;
  let evaluations = 0;
  const setChannel = (c: number, params: ArrayLike<number>) => {
    current[c].set(params);
    design.setColumn(firstChannel + c, transforms[c].column(params));
  };
  const priorTerm = (k: number, value: number) =>
    ((value - space.lower[k]) / (space.upper[k] - space.lower[k]) - space.priorMean[k]) / space.priorSd[k];
  const weight = setup.priorWeight;
  const prior = () => {
    let total = 0;
    for (let c = 0; c < channels; c++)
      for (let k = 0; k < size; k++) total += priorTerm(k, current[c][k]) ** 2;
    return weight * total;
  };
  // Profile likelihood with the noise variance estimated along: n log(error) + prior. No separate
  // noise estimate is needed, so the prior weighs in the same at every noise level.
  const scratch = new Float64Array(rows);
  /** Fits the coefficients and returns their penalised mean squared error, residuals into `out`. */
  const score = (out: Float64Array) => {
    design.fit();
    return design.residuals(out) + design.penaltyTerm();
  };
  const objectiveOf = (mse: number) => rows * Math.log(mse + 1e-300) + prior();
  const evaluate = () => {
    evaluations++;
    return objectiveOf(score(scratch));
  };

  const iterations = setup.iterations ?? LM_ITERATIONS;
  const polish = iterations * (channels * size + 2);
  const planned = setup.initial ? polish : setup.starts * (SWEEPS * channels * space.grid.length + polish);
  if (setup.initial) {
    for (let c = 0; c < channels; c++) setChannel(c, setup.initial[c]);
    const objective = levenbergMarquardt(evaluate());
    return finish({ objective, params: current.map((p) => p.slice()) });
  }

  let best: { objective: number; params: Float64Array[] } | null = null;
  for (let start = 0; start < setup.starts; start++) {
    design.coefficients.fill(0);
    for (let c = 0; c < channels; c++)
      setChannel(c, space.grid[Math.floor(random.next() * space.grid.length)]);
    let objective = evaluate();
    for (let sweep = 0; sweep < SWEEPS; sweep++) {
      const before = objective;
      for (const c of permutation(channels, random)) {
        setup.checkCancelled();
        let bestLocal = objective;
        let bestParams = current[c].slice();
        for (const params of space.grid) {
          setChannel(c, params);
          const candidate = evaluate();
          if (candidate < bestLocal) {
            bestLocal = candidate;
            bestParams = Float64Array.from(params);
          }
        }
        setChannel(c, bestParams);
        objective = evaluate();
        setup.report(evaluations / planned);
      }
      if (objective >= before * (1 - 1e-9)) break;
    }
    objective = levenbergMarquardt(objective);
    if (!best || objective < best.objective) best = { objective, params: current.map((p) => p.slice()) };
  }

  /**
   * Levenberg-Marquardt on all channels' hyperparameters at once, with the regression coefficients
   * profiled out (variable projection); finite-difference Jacobian, steps projected into the bounds.
   * Channel-by-channel sweeps alone stall when channels' carryover and saturation trade off.
   */
  function levenbergMarquardt(startObjective: number): number {
    const m = channels * size;
    const residual = new Float64Array(rows);
    const shifted = new Float64Array(rows);
    const jacobian = new Float64Array(m * rows);
    const normal = new Float64Array(m * m);
    const gradient = new Float64Array(m);
    const step = new Float64Array(m);
    const saved = current.map((p) => p.slice());
    const trial = new Float64Array(size);
    let scale = 1;
    const residuals = (out: Float64Array) => {
      evaluations++;
      return objectiveOf(score(out));
    };
    let objective = residuals(residual);
    if (objective > startObjective * (1 + 1e-9)) objective = Math.min(objective, startObjective);
    let damping = 1e-3;
    for (let iteration = 0; iteration < iterations; iteration++) {
      setup.checkCancelled();
      // Gauss-Newton on n log(error): residuals scaled by the current error's square root.
      scale = 1 / Math.sqrt(Math.exp((objective - prior()) / rows));
      const coefficients = design.coefficients.slice();
      for (let c = 0; c < channels; c++) {
        for (let k = 0; k < size; k++) {
          const range = space.upper[k] - space.lower[k];
          const h = (current[c][k] + 1e-5 * range > space.upper[k] ? -1e-5 : 1e-5) * range;
          const keep = current[c].slice();
          trial.set(keep);
          trial[k] += h;
          setChannel(c, trial);
          design.coefficients.set(coefficients);
          residuals(shifted);
          const column = (c * size + k) * rows;
          for (let t = 0; t < rows; t++)
            jacobian[column + t] = ((shifted[t] - residual[t]) / h) * range * scale;
          setChannel(c, keep);
        }
      }
      design.coefficients.set(coefficients);
      for (let i = 0; i < m; i++) {
        const k = i % size;
        let g = 0;
        for (let t = 0; t < rows; t++) g += jacobian[i * rows + t] * residual[t] * scale;
        // The prior's residual is linear in the unit-scaled parameter, with slope 1 / sd.
        gradient[i] = g + (weight * priorTerm(k, current[Math.floor(i / size)][k])) / space.priorSd[k];
        for (let j = 0; j <= i; j++) {
          let sum = 0;
          for (let t = 0; t < rows; t++) sum += jacobian[i * rows + t] * jacobian[j * rows + t];
          if (i === j) sum += weight / space.priorSd[k] ** 2;
          normal[i * m + j] = sum;
          normal[j * m + i] = sum;
        }
      }
      let accepted = false;
      for (let attempt = 0; attempt < 10 && !accepted; attempt++) {
        solveDamped(normal, gradient, damping, m, step);
        for (let c = 0; c < channels; c++) {
          saved[c].set(current[c]);
          for (let k = 0; k < size; k++) {
            const range = space.upper[k] - space.lower[k];
            trial[k] = Math.min(
              space.upper[k],
              Math.max(space.lower[k], current[c][k] - step[c * size + k] * range),
            );
          }
          setChannel(c, trial);
        }
        const candidate = residuals(shifted);
        if (candidate < objective) {
          accepted = true;
          const gain = (objective - candidate) / objective;
          objective = candidate;
          residual.set(shifted);
          damping = Math.max(damping / 3, 1e-9);
          if (gain < 1e-8) iteration = iterations;
        } else {
          for (let c = 0; c < channels; c++) setChannel(c, saved[c]);
          design.coefficients.set(coefficients);
          damping *= 4;
        }
      }
      if (!accepted) break;
      setup.report(evaluations / planned);
    }
    design.fit();
    return objective;
  }

  if (!best) throw new Error('hyperparameter search ran no start');
  return finish(best);

  function finish(result: { objective: number; params: Float64Array[] }): SearchResult {
    for (let c = 0; c < channels; c++) setChannel(c, result.params[c]);
    design.fit();
    setup.report(1);
    return { params: result.params, objective: result.objective, evaluations };
  }
}

/** Solves (A + damping diag(A)) x = g by Cholesky; A is m x m, symmetric positive semi-definite. */
function solveDamped(a: Float64Array, g: Float64Array, damping: number, m: number, out: Float64Array) {
  const l = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * m + j];
      if (i === j) sum += damping * a[i * m + i] + 1e-12 * (1 + a[i * m + i]);
      for (let k = 0; k < j; k++) sum -= l[i * m + k] * l[j * m + k];
      l[i * m + j] = i === j ? Math.sqrt(Math.max(sum, 1e-300)) : sum / l[j * m + j];
    }
  }
  for (let i = 0; i < m; i++) {
    let sum = g[i];
    for (let k = 0; k < i; k++) sum -= l[i * m + k] * out[k];
    out[i] = sum / l[i * m + i];
  }
  for (let i = m - 1; i >= 0; i--) {
    let sum = out[i];
    for (let k = i + 1; k < m; k++) sum -= l[k * m + i] * out[k];
    out[i] = sum / l[i * m + i];
  }
}

function permutation(n: number, random: Random): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

export interface PosteriorSetup {
  design: RegressionDesign;
  transforms: ChannelTransform[];
  space: ParameterSpace;
  firstChannel: number;
  random: Random;
  /** Where the chain starts: the search's best hyperparameters. */
  initial: Float64Array[];
  priorWeight: number;
  /** Sweeps (one proposal per channel each) discarded while the step sizes adapt. */
  burnIn: number;
  /** Sweeps kept. */
  sweeps: number;
  checkCancelled: () => void;
  report: (fraction: number) => void;
}

export interface PosteriorResult {
  /** Posterior mean of each channel's hyperparameters. */
  mean: Float64Array[];
  /** Per channel, the media column's coefficient times its sum over the full series, per kept sweep. */
  contributions: Float64Array[];
  /** Per channel, its hyperparameters at each kept sweep (sweep after sweep, `space.size` values each). */
  draws: Float64Array[];
  acceptance: number;
}

/**
 * Random-walk Metropolis over every channel's hyperparameters (one channel's block at a time), with
 * the regression coefficients profiled out: the target is exp(-(n log error + prior) / 2), the same
 * objective the search minimises read as a log posterior. Its spread of each channel's contribution
 * shows how far the level can slide among nearly equal fits (a shape traded against saturation and
 * carryover below the lowest observed spend), which the peak alone does not.
 */
export function samplePosterior(setup: PosteriorSetup): PosteriorResult {
  const { design, transforms, space, firstChannel, random } = setup;
  const channels = transforms.length;
  const size = space.size;
  const rows = design.rows;
  const weight = setup.priorWeight;
  const unit = setup.initial.map((params) =>
    Float64Array.from(params, (value, k) => (value - space.lower[k]) / (space.upper[k] - space.lower[k])),
  );
  const natural = new Float64Array(size);
  const toNatural = (u: Float64Array) => {
    for (let k = 0; k < size; k++) natural[k] = space.lower[k] + u[k] * (space.upper[k] - space.lower[k]);
    return natural;
  };
  const columnSums = new Float64Array(channels);
  const setChannel = (c: number) => {
    const column = transforms[c].column(toNatural(unit[c]));
    let sum = 0;
    for (let t = 0; t < column.length; t++) sum += column[t];
    columnSums[c] = sum;
    design.setColumn(firstChannel + c, column);
  };
  const priorOf = (u: Float64Array) => {
    let total = 0;
    for (let k = 0; k < size; k++) total += ((u[k] - space.priorMean[k]) / space.priorSd[k]) ** 2;
    return weight * total;
  };
  const priors = unit.map(priorOf);
  let priorTotal = priors.reduce((a, b) => a + b, 0);
  for (let c = 0; c < channels; c++) setChannel(c);
  const logTarget = () => {
    design.fit();
    const error = design.residuals(new Float64Array(rows)) + design.penaltyTerm();
    return -(rows * Math.log(error + 1e-300) + priorTotal) / 2;
  };
  let current = logTarget();
  const steps = new Float64Array(channels).fill(0.08);
  const accepted = new Float64Array(channels);
  const mean = unit.map(() => new Float64Array(size));
  const contributions = unit.map(() => new Float64Array(setup.sweeps));
  const draws = unit.map(() => new Float64Array(setup.sweeps * size));
  const proposal = new Float64Array(size);
  const saved = new Float64Array(size);
  const savedCoefficients = new Float64Array(design.p);
  const total = setup.burnIn + setup.sweeps;
  let acceptedKept = 0;
  for (let sweep = 0; sweep < total; sweep++) {
    setup.checkCancelled();
    for (let c = 0; c < channels; c++) {
      saved.set(unit[c]);
      for (let k = 0; k < size; k++) {
        let u = unit[c][k] + steps[c] * random.normal();
        // Reflect at the bounds so the proposal stays symmetric.
        for (let guard = 0; guard < 4 && (u < 0 || u > 1); guard++) u = u < 0 ? -u : 2 - u;
        proposal[k] = Math.min(1, Math.max(0, u));
      }
      savedCoefficients.set(design.coefficients);
      const savedPrior = priors[c];
      const savedSum = columnSums[c];
      unit[c].set(proposal);
      priors[c] = priorOf(proposal);
      priorTotal += priors[c] - savedPrior;
      setChannel(c);
      const candidate = logTarget();
      if (Math.log(random.next() + 1e-300) < candidate - current) {
        current = candidate;
        accepted[c]++;
        if (sweep >= setup.burnIn) acceptedKept++;
      } else {
        unit[c].set(saved);
        priorTotal += savedPrior - priors[c];
        priors[c] = savedPrior;
        setChannel(c);
        columnSums[c] = savedSum;
        design.coefficients.set(savedCoefficients);
      }
    }
    if (sweep < setup.burnIn && (sweep + 1) % 10 === 0) {
      for (let c = 0; c < channels; c++) {
        const rate = accepted[c] / 10;
        if (rate > 0.45) steps[c] *= 1.4;
        else if (rate < 0.2) steps[c] *= 0.6;
        accepted[c] = 0;
      }
    }
    if (sweep >= setup.burnIn) {
      const kept = sweep - setup.burnIn;
      for (let c = 0; c < channels; c++) {
        for (let k = 0; k < size; k++) {
          mean[c][k] += unit[c][k];
          draws[c][kept * size + k] = space.lower[k] + unit[c][k] * (space.upper[k] - space.lower[k]);
        }
        contributions[c][kept] = design.rawCoefficient(firstChannel + c) * columnSums[c];
      }
    }
    setup.report((sweep + 1) / total);
  }
  return {
    mean: mean.map((u) =>
      Float64Array.from(
        u,
        (sum, k) => space.lower[k] + (sum / setup.sweeps) * (space.upper[k] - space.lower[k]),
      ),
    ),
    contributions,
    draws,
    acceptance: acceptedKept / Math.max(1, setup.sweeps * channels),
  };
}
