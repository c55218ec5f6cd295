import { describe, expect, it } from 'vitest';
import { allocateBudget } from './allocation';
import { type PlanAllocationInput, planChannelCurve, recommendPlanAllocation } from './allocation-scenarios';
import { ForecastInputError } from './errors';

const months = ['2027-01', '2027-02', '2027-03'];
const economics = { averageOrderValue: { low: 40, likely: 60, high: 90 }, grossMargin: 0.6 };
const base: PlanAllocationInput = {
  months,
  // Most of the money sits on the channel with the weakest curve, so the engine should move it.
  channels: [
    { channel: 'portal_ads', spend: [6000, 6000, 6000] },
    { channel: 'sem', spend: [1000, 1000, 1000] },
    { channel: 'email', spend: [500, 500, 500] },
  ],
  objective: 'customers',
  economics,
  simulations: 200,
  seed: 3,
  wording: { language: 'en', currency: 'USD', label: (c) => c.replace('_', ' ') },
};

describe('plan allocation scenarios', () => {
  it('recommends the best split per month, beats the current one and explains the moves', () => {
    const result = recommendPlanAllocation(base);
    if (result.status !== 'optimal') throw new Error(result.reason);
    const [current, recommended, larger] = result.scenarios;
    expect(current.id).toBe('current');
    expect(recommended.spend).toBeCloseTo(22_500, 6);
    expect(larger.spend).toBeCloseTo(27_000, 6);
    expect(recommended.objective.likely).toBeGreaterThan(current.objective.likely);
    expect(larger.objective.likely).toBeGreaterThan(recommended.objective.likely);
    for (const s of result.scenarios) {
      expect(s.objective.p10).toBeLessThanOrEqual(s.objective.p50);
      expect(s.objective.p50).toBeLessThanOrEqual(s.objective.p90);
    }
    // Same as allocating one month's budget directly with the channels' curves.
    const direct = allocateBudget(
      base.channels.map((c) => ({
        name: c.channel,
        curves: { customers: planChannelCurve(c, 'customers', economics) },
      })),
      { budget: 7500, objective: 'customers' },
    );
    if (direct.status !== 'optimal') throw new Error('infeasible');
    for (const [i, channel] of result.channels.entries()) {
      expect(channel.recommended.perMonth).toBeCloseTo(direct.channels[i].spend, 3);
      expect(channel.curve.spend).toHaveLength(25);
      channel.curve.spend.forEach((_, k) => {
        expect(channel.curve.p10[k]).toBeLessThanOrEqual(channel.curve.likely[k] + 1e-9);
        expect(channel.curve.p90[k]).toBeGreaterThanOrEqual(channel.curve.likely[k] - 1e-9);
      });
    }
    const moved = result.moves.reduce((s, m) => s + m.amount, 0);
    const cut = result.channels.reduce((s, c) => s + Math.max(0, -c.change), 0);
    expect(moved).toBeLessThanOrEqual(cut + 1e-6);
    expect(result.moves[0].from).toBe('portal_ads');
    expect(result.difference.likely).toBeCloseTo(recommended.objective.likely - current.objective.likely, 6);
    expect(result.recommendations[0]).toMatch(
      /^For the same budget, the recommended split adds ~\d+ customers \(p10-p90: /,
    );
    expect(result.recommendations[1]).toMatch(
      /^Moving \d+% of the budget \(USD [\d,]+\) from portal ads to /,
    );
    expect(result.recommendations.at(-1)).toMatch(/^Adding 20% to the budget/);
  });

  it('is deterministic for a seed', () => {
    expect(recommendPlanAllocation(base)).toEqual(recommendPlanAllocation(base));
  });

  it('says so when the split is already the best one', () => {
    const first = recommendPlanAllocation(base);
    if (first.status !== 'optimal') throw new Error('infeasible');
    const best = recommendPlanAllocation({
      ...base,
      channels: base.channels.map((c, i) => ({
        ...c,
        spend: months.map(() => first.channels[i].recommended.perMonth),
      })),
    });
    if (best.status !== 'optimal') throw new Error('infeasible');
    expect(best.moves).toEqual([]);
    expect(best.recommendations[0]).toMatch(/already close to the best/);
  });

  it('reports contradictory limits as infeasible, naming the month', () => {
    const result = recommendPlanAllocation({
      ...base,
      channels: base.channels.map((c) => (c.channel === 'sem' ? { ...c, min: 9000 } : c)),
    });
    expect(result.status).toBe('infeasible');
    if (result.status === 'infeasible')
      expect(result.reason).toMatch(
        /^2027-01: the minimum and locked spends add up to 9,000, more than the budget of 7,500/,
      );
  });

  it('uses a calibrated curve where one is given and keeps money unspent when it would only lose profit', () => {
    const calibrated = {
      metric: 'revenue' as const,
      curve: { scale: 200_000, halfSaturation: 4000, shape: 1 },
      adstock: { type: 'geometric' as const, decay: 0.1 },
      uncertainty: { low: 0.8, high: 1.25 },
    };
    const result = recommendPlanAllocation({
      ...base,
      objective: 'profit',
      channels: base.channels.map((c) => (c.channel === 'email' ? { ...c, calibrated } : c)),
    });
    if (result.status !== 'optimal') throw new Error('infeasible');
    const email = result.channels.find((c) => c.channel === 'email');
    expect(email?.source).toBe('calibrated');
    expect(email?.recommended.perMonth).toBeGreaterThan(3000);
    expect(result.scenarios[1].objective.likely).toBeGreaterThan(result.scenarios[0].objective.likely);
  });

  it('refuses plans without budget and unknown objectives', () => {
    expect(() =>
      recommendPlanAllocation({ ...base, channels: base.channels.map((c) => ({ ...c, spend: [0, 0, 0] })) }),
    ).toThrow(/no advertising budget/);
    expect(() => recommendPlanAllocation({ ...base, objective: 'fame' as never })).toThrow(
      ForecastInputError,
    );
  });
});
