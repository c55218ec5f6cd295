import { describe, expect, it } from 'vitest';
import { adstockHalfLife, geometricAdstock, weibullAdstock, weibullWeights } from './adstock';
import { CHANNEL_CATALOG, CHANNEL_IDS, resolveChannelAssumptions } from './channel-catalog';
import { ForecastInputError } from './errors';
import { benchmarkCurve, channelResponse, funnelAt, likelyRates } from './response-model';
import { curveInflection, curveMarginal, curveValue, hill } from './saturation';

const aov = { low: 80, likely: 120, high: 200 };

describe('adstock', () => {
  it('spreads a pulse over later periods without creating or losing effect', () => {
    const pulse = [
      100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];
    const carried = geometricAdstock(pulse, 0.5);
    expect(carried[0]).toBeCloseTo(50);
    expect(carried[1]).toBeCloseTo(25);
    expect(carried.reduce((s, v) => s + v, 0)).toBeCloseTo(100, 3);
    expect(adstockHalfLife({ type: 'geometric', decay: 0.5 })).toBeCloseTo(1);
  });

  it('settles at a constant spend and starts from the prior spend', () => {
    expect(geometricAdstock([10, 10, 10], 0.8, 10)[2]).toBeCloseTo(10);
    expect(geometricAdstock([0], 0.8, 10)[0]).toBeCloseTo(8);
  });

  it('uses Weibull lag weights that sum to one and can delay the peak', () => {
    const weights = weibullWeights(3, 3, 10);
    expect(weights.reduce((s, v) => s + v, 0)).toBeCloseTo(1);
    const peak = weights.indexOf(Math.max(...weights));
    expect(peak).toBeGreaterThan(0);
    const carried = weibullAdstock([100, 0, 0, 0, 0, 0, 0, 0, 0, 0], weights);
    expect(carried.reduce((s, v) => s + v, 0)).toBeCloseTo(100);
  });
});

describe('Hill saturation', () => {
  it('gives half the capacity at the half-saturation spend and a matching derivative', () => {
    const curve = { scale: 1000, halfSaturation: 500, shape: 2.2 };
    expect(hill(500, 500, 2.2)).toBeCloseTo(0.5);
    for (const x of [50, 400, 900, 3000]) {
      const h = 1e-3 * x;
      const numeric = (curveValue(curve, x + h) - curveValue(curve, x - h)) / (2 * h);
      expect(curveMarginal(curve, x)).toBeCloseTo(numeric, 4);
    }
  });

  it('places the inflection of S-shaped curves where the marginal return peaks', () => {
    const curve = { scale: 1, halfSaturation: 100, shape: 3 };
    const inflection = curveInflection(curve);
    expect(curveMarginal(curve, inflection)).toBeGreaterThan(curveMarginal(curve, inflection * 0.9));
    expect(curveMarginal(curve, inflection)).toBeGreaterThan(curveMarginal(curve, inflection * 1.1));
    expect(curveInflection({ scale: 1, halfSaturation: 100, shape: 1 })).toBe(0);
  });
});

describe('channel response', () => {
  it('covers every promotion method of the domain with a valid cost model', () => {
    expect(CHANNEL_IDS).toHaveLength(14);
    for (const id of CHANNEL_IDS) expect(resolveChannelAssumptions(id).id).toBe(id);
  });

  it('buys what the quoted price says at small spend and walks the funnel down', () => {
    const sem = CHANNEL_CATALOG.sem;
    const rates = likelyRates(sem, aov);
    const figures = funnelAt(sem, rates, 15, 15);
    expect(figures.units).toBeCloseTo(15 / rates.unitCost);
    expect(figures.clicks / (15 / rates.unitCost)).toBeGreaterThan(0.999);
    expect(figures.impressions).toBeCloseTo(figures.clicks / rates.ctr);
    expect(figures.visits).toBeCloseTo(figures.clicks * rates.clickToVisit);
    expect(figures.leads).toBeCloseTo(figures.visits * rates.visitToLead);
    expect(figures.customers).toBeCloseTo(figures.leads * rates.leadToCustomer);
    expect(figures.revenue).toBeCloseTo(figures.customers * 120);
  });

  it('has diminishing returns, bounded reach and consistent frequency', () => {
    const portal = CHANNEL_CATALOG.vertical_ads;
    const rates = likelyRates(portal, aov);
    const spends = [1000, 10_000, 100_000, 1_000_000];
    const figures = spends.map((spend) => funnelAt(portal, rates, spend, spend));
    for (let i = 1; i < figures.length; i++) {
      expect(figures[i].customers).toBeGreaterThan(figures[i - 1].customers);
      expect(figures[i].customers / spends[i]).toBeLessThan(figures[i - 1].customers / spends[i - 1]);
    }
    for (const f of figures) {
      expect(f.reach).toBeLessThanOrEqual(Math.min(f.impressions, portal.audienceSize));
      expect(f.frequency * f.reach).toBeCloseTo(f.impressions);
      expect(f.awareness).toBeCloseTo(f.reach * rates.recall);
    }
  });

  it('makes S-shaped channels weak below their threshold', () => {
    const tv = CHANNEL_CATALOG.traditional_media;
    const rates = likelyRates(tv, aov);
    const perMoney = (spend: number) => funnelAt(tv, rates, spend, spend).customers / spend;
    expect(perMoney(30_000)).toBeGreaterThan(perMoney(3_000));
    expect(perMoney(300_000)).toBeLessThan(perMoney(30_000));
  });

  it('carries effect into later months and matches the steady-state curve used for allocation', () => {
    const seo = CHANNEL_CATALOG.seo;
    const rates = likelyRates(seo, aov);
    const months = channelResponse(seo, rates, [5000, 0, 0]);
    expect(months[1].customers).toBeGreaterThan(0);
    expect(months[2].customers).toBeLessThan(months[1].customers);
    const steady = channelResponse(seo, rates, Array(60).fill(4000));
    const curve = benchmarkCurve(seo, rates, 'customers');
    const relative = (a: number, b: number) => Math.abs(a - b) / b;
    expect(relative(steady[59].customers, curveValue(curve, 4000))).toBeLessThan(1e-6);
    expect(
      relative(steady[59].revenue, curveValue(benchmarkCurve(seo, rates, 'revenue'), 4000)),
    ).toBeLessThan(1e-6);
  });

  it('refuses assumptions that break the funnel', () => {
    expect(() => resolveChannelAssumptions('sem', { ctr: { low: 0.5, likely: 0.2, high: 0.9 } })).toThrow(
      ForecastInputError,
    );
    expect(() =>
      resolveChannelAssumptions('sem', { visitToLead: { low: 0.1, likely: 0.5, high: 1.5 } }),
    ).toThrow(/between 0 and 1/);
    expect(() => resolveChannelAssumptions('billboards')).toThrow(/unknown channel 'billboards'/);
    expect(
      resolveChannelAssumptions('billboards', { ...CHANNEL_CATALOG.traditional_media, label: 'Billboards' })
        .label,
    ).toBe('Billboards');
  });
});
