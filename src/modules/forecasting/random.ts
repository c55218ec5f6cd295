import type { Range } from './channel-catalog';

/** A seeded source of uniform numbers in [0, 1); same seed, same sequence, on every machine. */
export interface Random {
  next(): number;
  normal(): number;
}

/** mulberry32: 32-bit state, fast, good enough for Monte Carlo and search restarts. */
export function createRandom(seed: number): Random {
  let state = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
  let spareNormal: number | null = null;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // Box-Muller gives two normals per pair of uniforms; keep the second one.
  const normal = () => {
    if (spareNormal !== null) {
      const value = spareNormal;
      spareNormal = null;
      return value;
    }
    let u = 0;
    while (u === 0) u = next();
    const v = next();
    const radius = Math.sqrt(-2 * Math.log(u));
    spareNormal = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  };
  return { next, normal };
}

/** z-score of the 90th percentile of a standard normal. */
const Z90 = 1.2815515655446004;

/**
 * Draws a positive value whose p10, median and p90 are the range's low, likely and high: a normal in
 * log space with a different spread on each side, so skewed benchmark ranges stay skewed.
 */
export function sampleRange(range: Range, random: Random, upperBound = Number.POSITIVE_INFINITY): number {
  const z = random.normal();
  return valueAtZ(range, z, upperBound);
}

export function valueAtZ(range: Range, z: number, upperBound = Number.POSITIVE_INFINITY): number {
  const { low, likely, high } = range;
  if (likely <= 0) return 0;
  const side = z < 0 ? low : high;
  if (side <= 0 || side === likely) return Math.min(likely, upperBound);
  const sigma = Math.abs(Math.log(side / likely)) / Z90;
  return Math.min(likely * Math.exp(z * sigma), upperBound);
}

/** Quantile of an ascending-sorted sample with linear interpolation between order statistics. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const position = (n - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(n - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

export function quantiles(values: ArrayLike<number>, qs: readonly number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  return qs.map((q) => quantileSorted(sorted, q));
}
