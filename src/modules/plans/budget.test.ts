import { describe, expect, it } from 'vitest';
import type { BudgetLine } from '../../shared/contracts/plan';
import { summarizeBudget } from './budget';

const line = (
  id: string,
  category: BudgetLine['category'],
  month: string,
  planned: number,
  channel?: BudgetLine['channel'],
): BudgetLine => ({
  id,
  category,
  ...(channel ? { channel } : {}),
  label: id,
  month,
  planned,
  currency: 'CNY',
});

describe('summarizeBudget', () => {
  const horizon = { start: '2026-11-15', end: '2027-02-14' };
  const lines = [
    line('a', 'advertising', '2026-11', 8000, 'sem'),
    line('b', 'advertising', '2027-01', 12000, 'sem'),
    line('c', 'advertising', '2027-01', 3000, 'forums'),
    line('d', 'personnel', '2026-11', 10000),
    line('e', 'other', '2026-12', 0.1, 'content'),
    line('f', 'other', '2026-12', 0.2),
    line('g', 'software', '2027-05', 500),
  ];

  it('totals by category, channel and month, with the horizon’s empty months filled in', () => {
    const summary = summarizeBudget(lines, horizon);
    expect(summary.grandTotal).toBe(33500.3);
    expect(summary.byCategory).toEqual({
      personnel: 10000,
      hardware: 0,
      software: 500,
      advertising: 23000,
      other: 0.3,
    });
    expect(summary.byChannel).toEqual([
      { channel: 'sem', total: 20000, advertising: 20000 },
      { channel: 'forums', total: 3000, advertising: 3000 },
      { channel: 'content', total: 0.1, advertising: 0 },
    ]);
    expect(summary.unassigned).toBe(10500.2);
    expect(summary.byMonth.map((m) => [m.month, m.total, m.outsideHorizon])).toEqual([
      ['2026-11', 18000, false],
      ['2026-12', 0.3, false],
      ['2027-01', 15000, false],
      ['2027-02', 0, false],
      ['2027-05', 500, true],
    ]);
    expect(summary.byMonth[3].byCategory).toEqual({
      personnel: 0,
      hardware: 0,
      software: 0,
      advertising: 0,
      other: 0,
    });
    expect(summary.byMonth[2].byCategory.advertising).toBe(15000);
    // Four horizon months: 23,000 of advertising and 23,000.1 tied to channels or advertising.
    expect(summary.averageAdvertisingPerMonth).toBe(5750);
    expect(summary.averagePromotionPerMonth).toBe(5750.03);
  });

  it('returns zeros for an empty budget', () => {
    const summary = summarizeBudget([], { start: '2026-01-01', end: '2026-12-31' });
    expect(summary.grandTotal).toBe(0);
    expect(summary.byMonth).toHaveLength(12);
    expect(summary.byMonth.every((m) => m.total === 0)).toBe(true);
    expect(summary.byChannel).toEqual([]);
  });
});
