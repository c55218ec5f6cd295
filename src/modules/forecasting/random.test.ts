import { describe, expect, it } from 'vitest';
import { createRandom, quantiles, sampleRange, valueAtZ } from './random';

describe('seeded random numbers', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const first = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(first);
    for (const value of first) expect(value >= 0 && value < 1).toBe(true);
  });

  it('draws standard normals', () => {
    const random = createRandom(7);
    const draws = Array.from({ length: 20_000 }, () => random.normal());
    const mean = draws.reduce((s, v) => s + v, 0) / draws.length;
    const variance = draws.reduce((s, v) => s + (v - mean) ** 2, 0) / draws.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.04);
  });

  it('samples a range so that low, likely and high are its p10, median and p90', () => {
    const random = createRandom(3);
    const range = { low: 0.5, likely: 1.5, high: 4 };
    const draws = Array.from({ length: 40_000 }, () => sampleRange(range, random));
    const [p10, p50, p90] = quantiles(draws, [0.1, 0.5, 0.9]);
    expect(p10).toBeCloseTo(0.5, 1);
    expect(p50).toBeCloseTo(1.5, 1);
    expect(Math.abs(p90 - 4) / 4).toBeLessThan(0.03);
  });

  it('caps rates at their upper bound and keeps fixed values fixed', () => {
    expect(valueAtZ({ low: 0.5, likely: 0.9, high: 0.99 }, 5, 1)).toBeLessThanOrEqual(1);
    expect(valueAtZ({ low: 1000, likely: 1000, high: 1000 }, -2)).toBe(1000);
  });
});
