import type { AdstockSpec } from './channel-catalog';

/**
 * Normalised geometric carryover: a_t = (1 - decay) x_t + decay a_{t-1}. The weights sum to one, so a
 * constant spend x settles at x and total effect is spread over time, not inflated.
 * `initial` stands for the carryover from before the series starts.
 */
export function geometricAdstock(
  spend: ArrayLike<number>,
  decay: number,
  initial = 0,
  out: Float64Array = new Float64Array(spend.length),
): Float64Array {
  let carry = initial;
  const fresh = 1 - decay;
  for (let t = 0; t < spend.length; t++) {
    carry = fresh * spend[t] + decay * carry;
    out[t] = carry;
  }
  return out;
}

/** Lag weights from a Weibull distribution, summing to one; shape > 1 delays the peak effect. */
export function weibullWeights(shape: number, scale: number, maxLag: number): Float64Array {
  const weights = new Float64Array(maxLag);
  const cdf = (x: number) => 1 - Math.exp(-((x / scale) ** shape));
  let total = 0;
  for (let lag = 0; lag < maxLag; lag++) {
    weights[lag] = cdf(lag + 1) - cdf(lag);
    total += weights[lag];
  }
  for (let lag = 0; lag < maxLag; lag++) weights[lag] = total > 0 ? weights[lag] / total : lag === 0 ? 1 : 0;
  return weights;
}

export function weibullAdstock(
  spend: ArrayLike<number>,
  weights: ArrayLike<number>,
  initial = 0,
  out: Float64Array = new Float64Array(spend.length),
): Float64Array {
  for (let t = 0; t < spend.length; t++) {
    let sum = 0;
    for (let lag = 0; lag < weights.length; lag++) {
      sum += weights[lag] * (t - lag >= 0 ? spend[t - lag] : initial);
    }
    out[t] = sum;
  }
  return out;
}

export function applyAdstock(
  spend: ArrayLike<number>,
  spec: AdstockSpec,
  initial = 0,
  out?: Float64Array,
): Float64Array {
  if (spec.type === 'geometric') return geometricAdstock(spend, spec.decay, initial, out);
  return weibullAdstock(spend, weibullWeights(spec.shape, spec.scale, spec.maxLag), initial, out);
}

/** Periods until half of a unit of spend's total effect has shown. */
export function adstockHalfLife(spec: AdstockSpec): number {
  if (spec.type === 'geometric') {
    return spec.decay <= 0 ? 0 : Math.log(0.5) / Math.log(spec.decay);
  }
  const weights = weibullWeights(spec.shape, spec.scale, spec.maxLag);
  let cumulative = 0;
  for (let lag = 0; lag < weights.length; lag++) {
    cumulative += weights[lag];
    if (cumulative >= 0.5) return lag;
  }
  return weights.length;
}

/** Re-expresses a geometric decay per week as a decay per month (and similar period changes). */
export function convertDecay(decay: number, periodsPerNewPeriod: number): number {
  return decay ** periodsPerNewPeriod;
}
