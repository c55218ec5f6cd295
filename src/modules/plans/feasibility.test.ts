import { describe, expect, it } from 'vitest';
import type { FeasibilityCriterion, FeasibilitySection } from '../../shared/contracts/plan';
import { defaultFeasibilitySection, FEASIBILITY_RULES, scoreFeasibility } from './feasibility';

const c = (id: string, weight: number, score: number | null, note = ''): FeasibilityCriterion => ({
  id,
  label: id,
  weight,
  score,
  note,
});

/** Product 75, competition 75, finance 50, people 75 -> 68.75 -> 68.8. */
function smallCase(): FeasibilitySection {
  return {
    dimensions: {
      product: { criteria: [c('product.online_fit', 3, 5), c('product.standardized', 1, 1)] },
      competition: { criteria: [c('competition.open_field', 2, 4)] },
      finance: { criteria: [c('finance.long_term_budget', 1, 3)] },
      people: { criteria: [c('people.dedicated_owner', 1, 4, 'Li Na, full time')] },
    },
    conclusion: '',
  };
}

describe('scoreFeasibility', () => {
  it('computes weighted dimension scores, the readiness and each contribution exactly', () => {
    const result = scoreFeasibility(smallCase(), 'en');
    expect(result.dimensions.map((d) => [d.dimension, d.score, d.readiness])).toEqual([
      ['product', 4, 75],
      ['competition', 4, 75],
      ['finance', 3, 50],
      ['people', 4, 75],
    ]);
    expect(result.readiness).toBe(68.8);
    expect(result.verdict).toBe('ready_with_gaps');
    const product = result.dimensions[0];
    expect(product.criteria.map((x) => [x.share, x.points, x.contribution, x.overallContribution])).toEqual([
      [0.75, 100, 75, 18.75],
      [0.25, 0, 0, 0],
    ]);
    expect(product.explanation).toBe(
      'Product characteristics 75 = 75% × 100 (product.online_fit) + 25% × 0 (product.standardized)',
    );
    expect(result.verdictReason).toBe(
      'Readiness 68.8 of 100 (ready from 70, ready with gaps from 50): Ready with gaps.',
    );
  });

  it('changes the verdict when a score changes, and uses the plan’s own weights', () => {
    const section = smallCase();
    section.dimensions.finance.criteria[0].score = 4;
    const ready = scoreFeasibility(section, 'en');
    expect([ready.readiness, ready.verdict]).toEqual([75, 'ready']);

    section.dimensions.product.criteria[1].weight = 3; // standardisation now weighs as much as online fit
    const reweighted = scoreFeasibility(section, 'en');
    expect(reweighted.dimensions[0].readiness).toBe(50);
    expect([reweighted.readiness, reweighted.verdict]).toEqual([68.8, 'ready_with_gaps']);
  });

  it('caps the verdict when one dimension is below the floor, whatever the mean', () => {
    const section = smallCase();
    for (const d of ['product', 'competition', 'people'] as const) {
      for (const x of section.dimensions[d].criteria) x.score = 5;
    }
    section.dimensions.finance.criteria[0].score = 2; // 25 points: below the floor of 40, not below 25
    const capped = scoreFeasibility(section, 'en');
    expect(capped.readiness).toBe(81.3);
    expect(capped.verdict).toBe('ready_with_gaps');
    expect(capped.caps).toEqual([
      expect.objectContaining({
        dimension: 'finance',
        readiness: 25,
        floor: 40,
        cappedAt: 'ready_with_gaps',
      }),
    ]);
    expect(capped.verdictReason).toContain('Financial status is at 25, below the floor of 40.');

    section.dimensions.finance.criteria[0].score = 1; // 0 points: below the critical floor
    const critical = scoreFeasibility(section, 'en');
    expect([critical.readiness, critical.verdict]).toEqual([75, 'not_ready']);

    const lenient = scoreFeasibility(section, 'en', {
      ...FEASIBILITY_RULES,
      criticalFloor: 0,
      dimensionFloor: 0,
    });
    expect(lenient.verdict).toBe('ready');
  });

  it('leaves unscored criteria out of the mean and caps a dimension not yet assessed', () => {
    const section = smallCase();
    section.dimensions.product.criteria.push(c('product.wide_market', 5, null));
    section.dimensions.people.criteria[0].score = null;
    const result = scoreFeasibility(section, 'en');
    expect(result.dimensions[0].readiness).toBe(75);
    expect(result.dimensions[3].readiness).toBeNull();
    expect(result.readiness).toBe(66.7);
    expect(result.caps.map((cap) => [cap.dimension, cap.cappedAt])).toEqual([['people', 'ready_with_gaps']]);
    expect(result.recommendations.filter((r) => r.criterionId === null)).toEqual([
      {
        criterionId: null,
        dimension: 'people',
        priority: 'high',
        text: 'Score the criteria of Human resources so the verdict can take it into account.',
      },
    ]);

    const empty = scoreFeasibility(defaultFeasibilitySection('en'), 'en');
    expect([empty.readiness, empty.verdict]).toEqual([null, 'not_assessed']);
  });

  it('lists strengths and shortcomings and recommends a specific action per low criterion, in both languages', () => {
    const result = scoreFeasibility(smallCase(), 'en');
    expect(result.strengths.map((s) => s.text)).toEqual([
      'product.online_fit (5/5)',
      'competition.open_field (4/5)',
      'people.dedicated_owner (4/5): Li Na, full time',
    ]);
    expect(result.shortcomings.map((s) => s.criterionId)).toEqual(['product.standardized']);
    expect(result.recommendations).toEqual([
      {
        criterionId: 'product.standardized',
        dimension: 'product',
        priority: 'high',
        text: expect.stringContaining('standard specifications, photos, price ranges'),
      },
    ]);

    const zh = scoreFeasibility(smallCase(), 'zh-CN');
    expect(zh.verdictLabel).toBe('基本具备条件，仍有不足');
    expect(zh.recommendations[0].text).toContain('标准规格');
    expect(zh.dimensions[2].label).toBe('财务状况');

    const custom = smallCase();
    custom.dimensions.finance.criteria = [c('finance.bank_loan', 1, 2)];
    const generic = scoreFeasibility(custom, 'en').recommendations.find(
      (r) => r.criterionId === 'finance.bank_loan',
    );
    expect(generic?.priority).toBe('high'); // finance at 25 is below the floor
    expect(generic?.text).toBe(
      'Improve “finance.bank_loan” (now 2/5): agree a concrete step and an owner and add it to the implementation plan.',
    );
  });

  it('provides 3-5 default criteria per dimension, labelled in the plan’s language', () => {
    const en = defaultFeasibilitySection('en');
    const zh = defaultFeasibilitySection('zh-CN');
    for (const d of ['product', 'competition', 'finance', 'people'] as const) {
      expect(en.dimensions[d].criteria.length).toBeGreaterThanOrEqual(3);
      expect(en.dimensions[d].criteria.length).toBeLessThanOrEqual(5);
      expect(zh.dimensions[d].criteria.map((x) => x.id)).toEqual(en.dimensions[d].criteria.map((x) => x.id));
    }
    expect(zh.dimensions.people.criteria[0].label).toBe('有既懂营销又懂网络技术的复合型人才');
  });
});
