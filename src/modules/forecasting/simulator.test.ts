import { describe, expect, it } from 'vitest';
import { ForecastInputError } from './errors';
import { simulateHistory } from './simulator';

describe('history simulator', () => {
  it('is deterministic for a seed', () => {
    const a = simulateHistory({ seed: 9, channels: 4, noise: 0.03 });
    const b = simulateHistory({ seed: 9, channels: 4, noise: 0.03 });
    const c = simulateHistory({ seed: 10, channels: 4, noise: 0.03 });
    expect(b).toEqual(a);
    expect(c.history.outcome.values).not.toEqual(a.history.outcome.values);
  });

  it('builds weekly rows whose media share and ROI match the truth it reports', () => {
    const { history, truth } = simulateHistory({ seed: 3, channels: 5, noise: 0, mediaShare: 0.4 });
    expect(history.dates).toHaveLength(156);
    expect(history.dates[1]).toBe('2022-01-10');
    expect(truth.channels.reduce((s, c) => s + c.spendShare, 0)).toBeCloseTo(1, 10);
    expect(1 - truth.baseShare).toBeCloseTo(0.4, 1);
    for (const channel of truth.channels) {
      const spend = Array.from(history.channels.find((c) => c.name === channel.name)?.spend ?? []);
      expect(channel.contribution / spend.reduce((s, v) => s + v, 0)).toBeCloseTo(channel.roi, 8);
      for (const value of spend) expect(value).toBeGreaterThanOrEqual(0);
    }
  });

  it('adds controls on request and refuses impossible settings', () => {
    expect(
      simulateHistory({ seed: 1, channels: 2, controls: true }).history.controls.map((c) => c.name),
    ).toEqual(['price', 'promotion']);
    expect(() => simulateHistory({ seed: 1, channels: 0 })).toThrow(ForecastInputError);
    expect(() => simulateHistory({ seed: 1, channels: 2, mediaShare: 1.5 })).toThrow(ForecastInputError);
  });
});
