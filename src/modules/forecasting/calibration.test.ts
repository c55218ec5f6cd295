import { describe, expect, it } from 'vitest';
import { calibrate } from './calibration';
import { ForecastCancelledError } from './errors';
import { curveValue } from './saturation';
import { simulateHistory } from './simulator';

/** Largest relative ROI error over channels with at least 5% of spend. */
function worstRoiError(seed: number, channels: number, noise: number, pointEstimate?: 'posteriorMedian') {
  const simulated = simulateHistory({ seed, channels, noise, patterns: ['flighted', 'bursts'] });
  const result = calibrate(simulated.history, { seed: 1, bootstrap: 0, pointEstimate });
  let worst = 0;
  result.channels.forEach((channel, i) => {
    const truth = simulated.truth.channels[i];
    expect(channel.name).toBe(truth.name);
    if (truth.spendShare >= 0.05) worst = Math.max(worst, Math.abs(channel.roi - truth.roi) / truth.roi);
  });
  return worst;
}

describe('calibration recovers known ROI from simulated history', () => {
  it.each([
    [1, 3, 0.01],
    [2, 3, 0.02],
    [1, 6, 0.01],
    [2, 6, 0.01],
  ])(
    'seed %i, %i channels, noise %f: every channel with at least 5 percent of spend within 20 percent',
    (seed, channels, noise) => {
      expect(worstRoiError(seed, channels, noise)).toBeLessThan(0.2);
    },
  );

  // With 10 channels a channel's ROI can slide along a ridge of nearly equal fit, and the objective's
  // peak lands where noise puts it (a 27% miss on seed 13); the opt-in posterior median keeps every
  // sizeable channel within 20% there (over many histories it wins as often as it loses, so it is
  // not the default: docs/forecasting.md).
  it('10 channels, noise 0.01: the posterior median moves a noise-fitted peak', () => {
    expect(worstRoiError(13, 10, 0.01)).toBeGreaterThan(0.2);
    expect(worstRoiError(13, 10, 0.01, 'posteriorMedian')).toBeLessThan(0.2);
  }, 120_000);
});

describe('calibration report', () => {
  const simulated = simulateHistory({
    seed: 4,
    channels: 3,
    noise: 0.02,
    controls: true,
    patterns: ['flighted', 'bursts'],
  });
  const result = calibrate(simulated.history, { seed: 3, bootstrap: 30 });

  it('reports fit quality on the fitted rows and on the held-out final stretch', () => {
    expect(result.period).toBe('week');
    expect(result.fit.r2).toBeGreaterThan(0.9);
    expect(result.fit.r2).toBeLessThanOrEqual(1);
    expect(result.fit.nrmse).toBeLessThan(0.1);
    expect(result.fit.holdoutRows).toBe(16);
    expect(result.fit.holdoutMape).not.toBeNull();
    expect(result.fit.holdoutMape as number).toBeLessThan(0.06);
  });

  it('decomposes every row into base, controls and channels that add up to the fit', () => {
    const { decomposition } = result;
    for (let t = 0; t < result.rows; t++) {
      let sum = decomposition.base[t];
      for (const values of Object.values(decomposition.controls)) sum += values[t];
      for (const values of Object.values(decomposition.channels)) sum += values[t];
      expect(Math.abs(sum - decomposition.fitted[t])).toBeLessThan(1e-6 * Math.abs(decomposition.fitted[t]));
    }
    expect(Object.keys(decomposition.controls)).toEqual(['price', 'promotion']);
    // Price hurts and promotions help in the simulation; the fit must agree on the signs.
    expect(decomposition.controls.price[0] / simulated.history.controls[0].values[0]).toBeLessThan(0);
    expect(Math.max(...decomposition.controls.promotion)).toBeGreaterThan(0);
  });

  it('defines ROI as contribution over spend and gives an interval around it', () => {
    for (const channel of result.channels) {
      expect(channel.roi).toBeCloseTo(channel.contribution / channel.totalSpend, 8);
      expect(channel.roiLow as number).toBeLessThanOrEqual(channel.roiHigh as number);
      expect(channel.roiLow as number).toBeLessThan(channel.roi * 1.05);
      expect(channel.roiHigh as number).toBeGreaterThan(channel.roi * 0.95);
    }
    const shares = result.channels.reduce((s, c) => s + c.contributionShare, 0);
    expect(result.baseShare).toBeCloseTo(1 - shares, 8);
  });

  it('says which channels the data pin down only loosely', () => {
    // Flighted channels here: every interval is tight enough, so no such note.
    expect(result.notes.filter((note) => note.includes('only loosely'))).toEqual([]);
    // An always-on channel's level rests on its curve below any observed spend: a wide interval, a note.
    // A flighted channel that often pauses is measured well: no note.
    const mixed = simulateHistory({ seed: 8, channels: 3, noise: 0.02, patterns: ['always_on', 'flighted'] });
    const fit = calibrate(mixed.history, { seed: 3, bootstrap: 30 });
    expect(mixed.truth.channels.map((channel) => channel.pattern)).toEqual([
      'flighted',
      'flighted',
      'always_on',
    ]);
    const loose = fit.notes.filter((note) => note.includes('only loosely'));
    expect(loose).toContainEqual(
      expect.stringMatching(/^channel social: the data pin its ROI down only loosely \(90% interval /),
    );
    expect(loose.filter((note) => note.startsWith('channel portal_ads:'))).toEqual([]);
    const portal = fit.channels[1];
    expect((portal.roiHigh as number) / (portal.roiLow as number)).toBeLessThan(1.2);
    const social = fit.channels[2];
    expect((social.roiHigh as number) / (social.roiLow as number)).toBeGreaterThan(1.5);
    expect(social.roiLow as number).toBeLessThanOrEqual(mixed.truth.channels[2].roi);
    expect(social.roiHigh as number).toBeGreaterThanOrEqual(mixed.truth.channels[2].roi);
  });

  it('publishes the steady-state response curve allocation uses', () => {
    for (const channel of result.channels) {
      const { spend, response } = channel.responseCurve;
      expect(response[0]).toBe(0);
      for (let i = 1; i < spend.length; i++) expect(response[i]).toBeGreaterThanOrEqual(response[i - 1]);
      expect(response[10]).toBeCloseTo(curveValue(channel.curve, spend[10]), 8);
    }
  });

  it('is deterministic for a seed', () => {
    const again = calibrate(simulated.history, { seed: 3, bootstrap: 30 });
    expect(again.channels.map((c) => [c.roi, c.roiLow, c.roiHigh])).toEqual(
      result.channels.map((c) => [c.roi, c.roiLow, c.roiHigh]),
    );
  });
});

describe('long-running calibration', () => {
  const history = simulateHistory({ seed: 5, channels: 2, noise: 0.02 }).history;

  it('reports progress for the search and the bootstrap', () => {
    const seen: { stage: string; fraction: number }[] = [];
    calibrate(history, { bootstrap: 10, starts: 1, onProgress: (p) => seen.push(p) });
    const search = seen.filter((p) => p.stage === 'search').map((p) => p.fraction);
    const bootstrap = seen.filter((p) => p.stage === 'bootstrap').map((p) => p.fraction);
    expect(search.length).toBeGreaterThan(2);
    expect(bootstrap.at(-1)).toBe(1);
    for (const fraction of [...search, ...bootstrap]) expect(fraction >= 0 && fraction <= 1).toBe(true);
  });

  it('stops when asked to cancel', () => {
    let calls = 0;
    expect(() => calibrate(history, { shouldCancel: () => ++calls > 3 })).toThrow(ForecastCancelledError);
  });

  it('fits daily data and Weibull carryover', () => {
    const daily = simulateHistory({ seed: 6, channels: 2, noise: 0.02, period: 'day', periods: 240 }).history;
    const result = calibrate(daily, { bootstrap: 0, adstock: 'weibull' });
    expect(result.period).toBe('day');
    expect(result.fit.r2).toBeGreaterThan(0.8);
    expect(result.channels[0].adstock.type).toBe('weibull');
  });
});
