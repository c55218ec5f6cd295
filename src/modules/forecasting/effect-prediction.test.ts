import { describe, expect, it } from 'vitest';
import { CHANNEL_CATALOG } from './channel-catalog';
import {
  compareScenarios,
  type EffectPredictionInput,
  monthlyCalibratedResponse,
  predictEffects,
} from './effect-prediction';
import { ForecastInputError } from './errors';
import { channelResponse, likelyRates } from './response-model';
import { curveValue } from './saturation';

const economics = { averageOrderValue: { low: 80, likely: 120, high: 200 }, grossMargin: 0.5 };
const months = ['2026-01', '2026-02', '2026-03'];

const plan = (overrides: Partial<EffectPredictionInput> = {}): EffectPredictionInput => ({
  months,
  economics,
  simulations: 400,
  seed: 11,
  channels: [
    { channel: 'sem', spend: [8000, 8000, 12_000] },
    { channel: 'email', spend: [2000, 0, 2000] },
    { channel: 'seo', spend: [3000, 3000, 3000] },
  ],
  ...overrides,
});

describe('effect prediction', () => {
  it('is deterministic for a seed and changes with another seed', () => {
    const a = predictEffects(plan());
    const b = predictEffects(plan());
    const c = predictEffects(plan({ seed: 12 }));
    expect(b).toEqual(a);
    expect(c.total.direct.revenue.p50).not.toBe(a.total.direct.revenue.p50);
    expect(c.total.direct.revenue.likely).toBe(a.total.direct.revenue.likely);
  });

  it('matches the response model at likely rates and orders its percentiles', () => {
    const result = predictEffects(plan());
    const sem = result.channels[0];
    const expected = channelResponse(
      CHANNEL_CATALOG.sem,
      likelyRates(CHANNEL_CATALOG.sem, economics.averageOrderValue),
      [8000, 8000, 12_000],
    );
    sem.months.forEach((month, m) => {
      expect(month.direct.customers.likely).toBeCloseTo(expected[m].customers, 8);
      expect(month.indirect.impressions.likely).toBeCloseTo(expected[m].impressions, 6);
      const { p10, p50, p90 } = month.direct.revenue;
      expect(p10).toBeLessThan(p50);
      expect(p50).toBeLessThan(p90);
    });
    const revenue = expected.reduce((s, f) => s + f.revenue, 0);
    expect(sem.total.direct.revenue.likely).toBeCloseTo(revenue, 6);
    expect(sem.total.direct.roi?.likely).toBeCloseTo((revenue * 0.5 - 28_000) / 28_000, 8);
    expect(sem.total.direct.costPerLead?.likely).toBeCloseTo(
      28_000 / expected.reduce((s, f) => s + f.leads, 0),
      6,
    );
  });

  it('adds channels and months up to the plan total and reports direct and indirect effects', () => {
    const result = predictEffects(plan());
    const sumOfChannels = result.channels.reduce((s, c) => s + c.total.direct.customers.likely, 0);
    const sumOfMonths = result.monthTotals.reduce((s, m) => s + m.direct.customers.likely, 0);
    expect(result.total.direct.customers.likely).toBeCloseTo(sumOfChannels, 8);
    expect(result.total.direct.customers.likely).toBeCloseTo(sumOfMonths, 8);
    expect(result.total.spend).toBe(41_000);
    expect(result.total.indirect.reach.likely).toBeGreaterThan(0);
    expect(result.total.indirect.awareness.likely).toBeLessThan(result.total.indirect.reach.likely);
  });

  it('credits carryover to months without spend and leaves ratios empty there', () => {
    const result = predictEffects(plan());
    const email = result.channels[1];
    expect(email.months[1].spend).toBe(0);
    expect(email.months[1].direct.customers.likely).toBeGreaterThan(0);
    expect(email.months[1].direct.costPerCustomer).toBeNull();
  });

  it('uses a calibrated curve instead of benchmark rates when one is given', () => {
    const calibrated = predictEffects(
      plan({
        channels: [
          {
            channel: 'sem',
            spend: [10_000, 10_000, 10_000],
            priorSpend: 10_000,
            calibrated: {
              metric: 'revenue',
              curve: { scale: 90_000, halfSaturation: 20_000, shape: 1 },
              adstock: { type: 'geometric', decay: 0 },
              uncertainty: { low: 0.8, high: 1.25 },
            },
          },
        ],
      }),
    );
    const month = calibrated.channels[0].months[0];
    expect(calibrated.channels[0].source).toBe('calibrated');
    expect(month.direct.revenue.likely).toBeCloseTo(30_000, 6);
    expect(month.direct.revenue.p10).toBeLessThan(30_000);
    expect(month.direct.customers.likely).toBeCloseTo(30_000 / 120, 6);
  });

  it('converts a weekly calibrated curve into monthly terms', () => {
    const weekly = {
      curve: { scale: 5000, halfSaturation: 2000, shape: 1.5 },
      adstock: { type: 'geometric' as const, decay: 0.5 },
      roi: 2,
      roiLow: 1.5,
      roiHigh: 2.8,
    };
    const monthly = monthlyCalibratedResponse(weekly, 'week', 'revenue');
    const weeksPerMonth = 365.25 / 12 / 7;
    // A steady 1,000 a week is a steady 1,000 x weeks-per-month a month, returning as many weekly returns.
    expect(curveValue(monthly.curve, 1000 * weeksPerMonth)).toBeCloseTo(
      curveValue(weekly.curve, 1000) * weeksPerMonth,
      6,
    );
    expect(monthly.adstock).toEqual({ type: 'geometric', decay: 0.5 ** weeksPerMonth });
    expect(monthly.uncertainty).toEqual({ low: 0.75, high: 1.4 });
  });

  it('explains a budget move as a paired difference with a range', () => {
    const base = plan();
    const moved = plan({
      channels: [
        { channel: 'sem', spend: [8000, 8000, 12_000] },
        { channel: 'email', spend: [4000, 2000, 4000] },
        { channel: 'seo', spend: [2000, 2000, 2000] },
      ],
    });
    const difference = compareScenarios(base, moved);
    expect(difference.spend).toBe(3000);
    expect(difference.customers.p10).toBeLessThan(difference.customers.p90);
    const separate =
      predictEffects(moved).total.direct.customers.likely -
      predictEffects(base).total.direct.customers.likely;
    expect(difference.customers.likely).toBeCloseTo(separate, 8);
  });

  it('rejects bad plans with the channel and month at fault', () => {
    const bad = plan({ channels: [{ channel: 'sem', spend: [1000, -5, 1000] }] });
    expect(() => predictEffects(bad)).toThrow(
      /channel sem, month 2026-02: spend must be a non-negative number/,
    );
    expect(() =>
      predictEffects(plan({ channels: [{ channel: 'sem', spend: [1000, Number.NaN, 1] }] })),
    ).toThrow(ForecastInputError);
    expect(() => predictEffects(plan({ channels: [{ channel: 'sem', spend: [1000] }] }))).toThrow(
      /1 monthly spends for 3 months/,
    );
    expect(() => predictEffects(plan({ economics: { ...economics, grossMargin: 2 } }))).toThrow(
      /grossMargin/,
    );
    expect(() => predictEffects(plan({ simulations: 3 }))).toThrow(/simulations/);
    expect(() =>
      predictEffects(
        plan({
          channels: [
            { channel: 'sem', spend: [1, 1, 1] },
            { channel: 'sem', spend: [1, 1, 1] },
          ],
        }),
      ),
    ).toThrow(/appears twice/);
  });
});
