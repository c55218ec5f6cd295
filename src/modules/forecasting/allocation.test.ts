import { describe, expect, it } from 'vitest';
import {
  type AllocationChannel,
  type AllocationResult,
  allocateBudget,
  allocateForEfficiency,
  minimumBudgetForTarget,
} from './allocation';
import { ForecastInputError } from './errors';
import { curveValue, type HillCurve } from './saturation';

const channel = (
  name: string,
  revenue: HillCurve,
  extra: Partial<AllocationChannel> = {},
): AllocationChannel => ({
  name,
  curves: { revenue, customers: { ...revenue, scale: revenue.scale / 100 } },
  ...extra,
});

function optimal(result: AllocationResult) {
  if (result.status !== 'optimal') throw new Error(`expected an allocation, got: ${result.reason}`);
  return result;
}

/** Exhaustive search over a fine grid of splits that use the whole budget. */
function bruteForce(curves: HillCurve[], budget: number, steps: number, bounds?: [number, number][]) {
  const value = (x: number[]) => x.reduce((s, xi, i) => s + curveValue(curves[i], xi), 0);
  const step = budget / steps;
  const inBounds = (x: number, i: number) =>
    !bounds || (x >= bounds[i][0] - 1e-9 && x <= bounds[i][1] + 1e-9);
  let best = Number.NEGATIVE_INFINITY;
  if (curves.length === 2) {
    for (let i = 0; i <= steps; i++) {
      const x = [i * step, budget - i * step];
      if (x.every(inBounds)) best = Math.max(best, value(x));
    }
  } else {
    for (let i = 0; i <= steps; i++) {
      for (let j = 0; i + j <= steps; j++) {
        const x = [i * step, j * step, budget - (i + j) * step];
        if (x.every(inBounds)) best = Math.max(best, value(x));
      }
    }
  }
  return best;
}

describe('budget allocation (maximise an objective)', () => {
  it('matches a brute-force grid on concave curves and equalises marginal returns', () => {
    const curves = [
      { scale: 50_000, halfSaturation: 8000, shape: 1 },
      { scale: 20_000, halfSaturation: 2000, shape: 0.8 },
      { scale: 80_000, halfSaturation: 30_000, shape: 1 },
    ];
    const result = optimal(
      allocateBudget(
        curves.map((c, i) => channel(`c${i}`, c)),
        { budget: 20_000, objective: 'revenue' },
      ),
    );
    const grid = bruteForce(curves, 20_000, 400);
    expect(result.method).toBe('concave');
    expect(result.objectiveValue).toBeGreaterThanOrEqual(grid - 1e-6);
    expect(result.objectiveValue / grid - 1).toBeLessThan(1e-4);
    expect(result.totals.spend).toBeCloseTo(20_000, 6);
    const marginals = result.channels.map((c) => c.marginalReturn);
    for (const m of marginals) expect(m / marginals[0]).toBeCloseTo(1, 4);
  });

  it('matches a brute-force grid on S-shaped curves where equal marginals alone would fail', () => {
    const curves = [
      { scale: 30_000, halfSaturation: 6000, shape: 3 },
      { scale: 30_000, halfSaturation: 6000, shape: 3 },
      { scale: 9000, halfSaturation: 3000, shape: 1 },
    ];
    for (const budget of [3000, 7000, 12_000, 20_000]) {
      const result = optimal(
        allocateBudget(
          curves.map((c, i) => channel(`c${i}`, c)),
          { budget, objective: 'revenue' },
        ),
      );
      const grid = bruteForce(curves, budget, 600);
      expect(result.method).toBe('branch_and_bound');
      expect(result.objectiveValue).toBeGreaterThanOrEqual(grid * (1 - 1e-9));
      expect(result.objectiveValue / grid - 1).toBeLessThan(1e-3);
      expect(result.objectiveBound - result.objectiveValue).toBeLessThan(1e-6 * result.objectiveValue + 1e-6);
    }
  });

  it('respects minimums, maximums and locked channels', () => {
    const curves = [
      { scale: 50_000, halfSaturation: 5000, shape: 1 },
      { scale: 50_000, halfSaturation: 5000, shape: 1.5 },
      { scale: 10_000, halfSaturation: 5000, shape: 1 },
    ];
    const result = optimal(
      allocateBudget(
        [
          channel('search', curves[0], { max: 4000 }),
          channel('portal', curves[1], { locked: 2500 }),
          channel('forums', curves[2], { min: 1500 }),
        ],
        { budget: 12_000, objective: 'revenue' },
      ),
    );
    const [search, portal, forums] = result.channels;
    expect(search.spend).toBeCloseTo(4000, 6);
    expect(search.binding).toBe('at_max');
    expect(portal.spend).toBe(2500);
    expect(portal.binding).toBe('locked');
    expect(forums.spend).toBeCloseTo(5500, 4);
    const grid = bruteForce(curves, 12_000, 1200, [
      [0, 4000],
      [2500, 2500],
      [1500, 12_000],
    ]);
    expect(result.objectiveValue / grid - 1).toBeLessThan(1e-4);
  });

  it('leaves money unspent when profit would fall, and says why', () => {
    const result = optimal(
      allocateBudget([channel('sem', { scale: 10_000, halfSaturation: 5000, shape: 1 })], {
        budget: 50_000,
        objective: 'profit',
        grossMargin: 0.8,
      }),
    );
    // Profit peaks where 0.8 * g'(x) = 1: x = sqrt(0.8 * 10000 * 5000) - 5000.
    expect(result.channels[0].spend).toBeCloseTo(Math.sqrt(0.8 * 10_000 * 5000) - 5000, 2);
    expect(result.unallocated).toBeGreaterThan(0);
    expect(result.notes.join(' ')).toMatch(/would lower profit/);
  });

  it('reports infeasible constraints by name instead of returning a wrong split', () => {
    const curve = { scale: 10_000, halfSaturation: 5000, shape: 1 };
    const tooMuch = allocateBudget(
      [channel('sem', curve, { min: 6000 }), channel('sms', curve, { locked: 5000 })],
      {
        budget: 10_000,
        objective: 'revenue',
      },
    );
    expect(tooMuch.status).toBe('infeasible');
    if (tooMuch.status === 'infeasible') {
      expect(tooMuch.constraint.kind).toBe('minimums_exceed_budget');
      expect(tooMuch.reason).toMatch(
        /add up to 11,000, more than the budget of 10,000 \(sem 6,000, sms 5,000 \(locked\)\)/,
      );
    }
    const crossed = allocateBudget([channel('sem', curve, { min: 600, max: 500 })], {
      budget: 1000,
      objective: 'revenue',
    });
    expect(crossed.status === 'infeasible' && crossed.constraint).toEqual({
      kind: 'channel_bounds',
      channel: 'sem',
      min: 600,
      max: 500,
    });
  });

  it('rejects malformed input with a typed error', () => {
    const curve = { scale: 10_000, halfSaturation: 5000, shape: 1 };
    expect(() =>
      allocateBudget([channel('sem', curve)], { budget: Number.NaN, objective: 'revenue' }),
    ).toThrow(ForecastInputError);
    expect(() =>
      allocateBudget([channel('sem', curve, { max: -1 })], { budget: 10, objective: 'revenue' }),
    ).toThrow(/maximum must be a non-negative/);
    expect(() =>
      allocateBudget([{ name: 'sem', curves: { revenue: curve } }], { budget: 10, objective: 'leads' }),
    ).toThrow(/no leads curve/);
    expect(() =>
      allocateBudget([channel('sem', { scale: 1, halfSaturation: 0, shape: 1 })], {
        budget: 10,
        objective: 'revenue',
      }),
    ).toThrow(/halfSaturation > 0/);
  });
});

describe('least budget for a target', () => {
  const channels = [
    channel('sem', { scale: 60_000, halfSaturation: 10_000, shape: 1 }),
    channel('email', { scale: 20_000, halfSaturation: 3000, shape: 1.4 }),
  ];

  it('finds the smallest budget whose best split reaches the target', () => {
    const result = optimal(minimumBudgetForTarget(channels, { metric: 'customers', target: 300 }));
    expect(result.totals.customers).toBeGreaterThanOrEqual(300 - 1e-6);
    const below = optimal(
      allocateBudget(channels, { budget: result.budget * 0.999, objective: 'customers' }),
    );
    expect(below.objectiveValue).toBeLessThan(300);
  });

  it('says when no budget can reach the target', () => {
    const result = minimumBudgetForTarget(channels, { metric: 'customers', target: 900 });
    expect(result.status).toBe('infeasible');
    if (result.status === 'infeasible') {
      expect(result.constraint.kind).toBe('target_unreachable');
      expect(result.reason).toMatch(/at most 800/);
    }
  });
});

describe('efficiency targets', () => {
  const channels = [
    channel('sem', { scale: 60_000, halfSaturation: 10_000, shape: 1 }),
    channel('email', { scale: 20_000, halfSaturation: 3000, shape: 1 }),
  ];

  it('spends as much as keeps ROAS at the target', () => {
    const result = optimal(allocateForEfficiency(channels, { metric: 'roas', target: 3 }));
    const roas = (result.totals.revenue ?? 0) / result.totals.spend;
    expect(roas).toBeGreaterThanOrEqual(3 - 1e-6);
    expect(roas).toBeLessThan(3.001);
    const more = optimal(
      allocateBudget(channels, { budget: result.totals.spend * 1.01, objective: 'revenue' }),
    );
    expect((more.totals.revenue ?? 0) / more.totals.spend).toBeLessThan(3);
  });

  it('caps the spend at the budget when the target allows more', () => {
    const result = optimal(
      allocateForEfficiency(channels, { metric: 'cost_per_customer', target: 50, budget: 5000 }),
    );
    expect(result.totals.spend).toBeCloseTo(5000, 6);
    expect(result.totals.spend / (result.totals.customers ?? 1)).toBeLessThanOrEqual(50);
  });

  it('names the best efficiency attainable when the target is out of reach', () => {
    const result = allocateForEfficiency(channels, { metric: 'roas', target: 20, budget: 10_000 });
    expect(result.status).toBe('infeasible');
    if (result.status === 'infeasible') {
      expect(result.constraint.kind).toBe('efficiency_unreachable');
      expect(result.reason).toMatch(/no budget reaches a ROAS at least 20: the best is/);
    }
  });
});
