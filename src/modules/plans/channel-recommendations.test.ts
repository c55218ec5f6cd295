import { describe, expect, it } from 'vitest';
import type { Goal, Segment } from '../../shared/contracts/plan';
import { recommendChannels, recommendChannelsForPlan } from './channel-recommendations';
import { buildTemplate } from './templates';

const engineers: Segment = {
  id: 'seg',
  name: 'Plant engineers',
  attributes: { occupation: '', income: '', ageRange: '', level: '', consumptionHabits: '', region: '' },
  estimatedSize: null,
  priority: 'high',
  purchaseRoles: [{ role: 'decision_maker', description: '', reachedAt: ['forums', 'search'] }],
};
const leads: Goal = {
  id: 'g',
  metric: 'leads',
  unit: '',
  baseline: 5,
  target: 20,
  deadline: null,
  stage: '',
};
const awareness: Goal = { ...leads, id: 'a', metric: 'brand_awareness' };

const rank = (list: ReturnType<typeof recommendChannels>, channel: string) =>
  list.find((r) => r.channel === channel)!;

describe('recommendChannels', () => {
  it('ranks search keywords and forums above traditional media for a forum-and-search segment with a leads goal', () => {
    const list = recommendChannels({ segments: [engineers], goals: [leads], monthlyBudget: null }, 'en');
    expect(list.slice(0, 3).map((r) => r.channel)).toEqual(['sem', 'seo', 'forums']);
    expect(rank(list, 'sem').score).toBe(100);
    expect(rank(list, 'forums').score).toBeGreaterThan(rank(list, 'traditional_media').score);
    expect(rank(list, 'traditional_media').components).toEqual({ audience: 0, goals: 0.2, budget: null });
    expect(rank(list, 'traditional_media').score).toBe(7.5);
    expect(rank(list, 'sem').reasons.map((r) => r.text)).toEqual([
      'Reaches the decision maker of “Plant engineers” (high priority) on search engines.',
      'Suits the goal “Leads and consultations”: it meets people at the moment they search.',
      'No promotion budget planned yet, so cost was not considered.',
    ]);
    expect(list.map((r) => r.rank)).toEqual(list.map((_, i) => i + 1));
  });

  it('favours reach channels for an awareness goal', () => {
    const list = recommendChannels({ segments: [], goals: [awareness], monthlyBudget: null }, 'en');
    expect(list.slice(0, 2).map((r) => r.channel)).toEqual(['portal_ads', 'traditional_media']);
    expect(rank(list, 'sem').score).toBe(40);
  });

  it('excludes fixed-cost channels the monthly budget cannot buy once, and favours cheap ones', () => {
    const list = recommendChannels(
      { segments: [engineers], goals: [leads], monthlyBudget: 500, currency: 'USD' },
      'en',
    );
    expect(list.filter((r) => r.excluded).map((r) => r.channel)).toEqual([
      'seo',
      'forums',
      'content',
      'traditional_media',
    ]);
    expect(list.slice(-4).every((r) => r.excluded && r.score === 0)).toBe(true);
    expect(rank(list, 'traditional_media').reasons.at(-1)?.text).toBe(
      'Needs at least 8,000 USD per month (one placement), more than the promotion budget of 500 USD per month.',
    );
    // Cheap fixed-cost channels stay in; a scalable one is kept but marked as too thin.
    expect(rank(list, 'link_exchange')).toMatchObject({ excluded: false, minimumMonthlySpend: 300 });
    expect(rank(list, 'sms')).toMatchObject({ excluded: false, components: { budget: 0.1 } });
    expect(list[0].channel).toBe('sem');

    const rich = recommendChannels({ segments: [engineers], goals: [leads], monthlyBudget: 50_000 }, 'en');
    expect(rich.some((r) => r.excluded)).toBe(false);
    expect(rank(rich, 'forums').score).toBeGreaterThan(rank(list, 'forums').score);
  });

  it('follows rate overrides and writes reasons in Chinese', () => {
    const list = recommendChannels(
      {
        segments: [engineers],
        goals: [leads],
        monthlyBudget: 500,
        rates: { seo: { unitCost: { low: 100, likely: 200, high: 300 } } },
      },
      'zh-CN',
    );
    expect(rank(list, 'seo').excluded).toBe(false);
    expect(rank(list, 'forums').reasons.at(-1)?.text).toBe(
      '每月至少需要 800（一个月服务），超出每月 500 的推广预算。',
    );
    expect(rank(list, 'sem').label).toBe('搜索引擎关键词广告（SEM）');
  });

  it('reads a whole plan: selected channels flagged, promotion budget from the budget section', () => {
    const plan = buildTemplate('ecommerce-tea', { language: 'en', start: '2026-01-01' });
    const list = recommendChannelsForPlan(plan);
    expect(
      list
        .filter((r) => r.selected)
        .map((r) => r.channel)
        .sort(),
    ).toEqual(plan.sections.channels.selected.map((c) => c.channel).sort());
    expect(list.every((r) => r.components.budget !== null)).toBe(true);
    expect(list.slice(0, 5).every((r) => r.selected)).toBe(true);
  });
});
