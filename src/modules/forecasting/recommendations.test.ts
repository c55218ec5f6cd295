import { describe, expect, it } from 'vitest';
import {
  describeAlreadyOptimal,
  describeBudgetIncrease,
  describeMove,
  describeReallocation,
  reallocationMoves,
  type WordingContext,
} from './recommendations';

const labels: Record<string, string> = { portal_ads: 'portal ads', sem: 'search keywords', email: 'email' };
const en: WordingContext = {
  language: 'en',
  objective: 'customers',
  currency: 'USD',
  label: (c) => labels[c] ?? c,
  budget: 60_000,
};

describe('reallocation moves', () => {
  it('pairs the biggest cut with the biggest increase and conserves money', () => {
    const moves = reallocationMoves(
      { portal_ads: 30_000, sem: 20_000, email: 10_000 },
      { portal_ads: 18_000, sem: 29_000, email: 13_000 },
    );
    expect(moves).toEqual([
      { from: 'portal_ads', to: 'sem', amount: 9_000 },
      { from: 'portal_ads', to: 'email', amount: 3_000 },
    ]);
  });

  it('ignores changes below the threshold and returns nothing for equal splits', () => {
    expect(reallocationMoves({ a: 100, b: 100 }, { a: 100, b: 100 })).toEqual([]);
    expect(reallocationMoves({ a: 1000, b: 1000 }, { a: 995, b: 1005 }, 0.01)).toEqual([]);
  });
});

describe('recommendation wording', () => {
  const effect = { likely: 37.6, p10: 21.2, p50: 38.4, p90: 55.1 };

  it('explains a move in English with its share, amount and paired band', () => {
    expect(describeMove({ from: 'portal_ads', to: 'sem', amount: 12_000 }, effect, en)).toBe(
      'Moving 20% of the budget (USD 12,000) from portal ads to search keywords adds ~38 customers (p10-p90: 21 to 55).',
    );
  });

  it('says "loses" for a harmful move and shows money objectives with the currency', () => {
    const loss = { likely: -4200, p10: -6100, p50: -4150, p90: -2050 };
    expect(
      describeMove({ from: 'sem', to: 'email', amount: 6_000 }, loss, { ...en, objective: 'revenue' }),
    ).toBe(
      'Moving 10% of the budget (USD 6,000) from search keywords to email loses ~USD 4,200 of revenue (p10-p90: USD -6,100 to -2,100).',
    );
  });

  it('writes Chinese when the plan is in Chinese', () => {
    const zh: WordingContext = {
      ...en,
      language: 'zh-CN',
      currency: 'CNY',
      label: (c) => ({ portal_ads: '门户广告', sem: '搜索关键词' })[c] ?? c,
    };
    expect(describeMove({ from: 'portal_ads', to: 'sem', amount: 12_000 }, effect, zh)).toBe(
      '将预算的 20%（CNY 12,000）从门户广告转到搜索关键词，可多获得约 38 位客户（p10–p90：21 至 55）。',
    );
    expect(describeReallocation(effect, { ...zh, objective: 'leads' })).toBe(
      '在相同预算下，推荐的分配方案可多获得约 38 条线索（p10–p90：21 至 55）。',
    );
    expect(describeAlreadyOptimal(zh)).toMatch(/无需调整/);
  });

  it('headlines the whole split and a larger budget', () => {
    expect(describeReallocation(effect, en)).toBe(
      'For the same budget, the recommended split adds ~38 customers (p10-p90: 21 to 55).',
    );
    expect(describeBudgetIncrease(12_000, { likely: 140, p10: 90, p50: 141, p90: 212 }, en)).toBe(
      'Adding 20% to the budget (USD 12,000), split as recommended, adds ~140 customers (p10-p90: 90 to 210).',
    );
  });
});
