import { describe, expect, it } from 'vitest';
import { parsePlanDocument } from '../../../shared/contracts/plan';
import { summarizeBudget } from '../budget';
import { scoreFeasibility } from '../feasibility';
import { checkGoals } from '../goal-checks';
import { findScheduleConflicts } from '../implementation';
import { blankPlan, buildTemplate, PLAN_TEMPLATE_IDS, PLAN_TEMPLATES } from '.';

const CJK = /[\u3400-\u9fff]/;
const cases = PLAN_TEMPLATE_IDS.flatMap((id) =>
  (['en', 'zh-CN'] as const).map((language) => ({ id, language })),
);

describe('plan templates', () => {
  it('lists three templates with titles and descriptions in both languages', () => {
    expect(PLAN_TEMPLATES.map((t) => t.id)).toEqual(['b2b-iot-sensors', 'ecommerce-tea', 'agency-art-glass']);
    for (const t of PLAN_TEMPLATES) {
      expect(t.title.en).not.toMatch(CJK);
      expect(t.title['zh-CN']).toMatch(CJK);
      expect(t.description['zh-CN']).toMatch(CJK);
    }
  });

  it.each(cases)('$id ($language) is a complete, valid plan', ({ id, language }) => {
    const plan = buildTemplate(id, { language, start: '2026-03-15' });
    const parsed = parsePlanDocument(plan);
    expect(parsed.ok ? [] : parsed.issues).toEqual([]);

    const s = plan.sections;
    expect(plan.language).toBe(language);
    expect(s.purpose.horizon).toEqual({ start: '2026-03-15', end: '2027-03-14' });
    expect(s.effectPrediction).toEqual({ status: 'not_forecast' });
    expect(s.positioning.segments.every((seg) => seg.purchaseRoles.length > 0)).toBe(true);
    expect(s.goals.items.length).toBeGreaterThanOrEqual(4);
    expect(s.goals.items.length).toBeLessThanOrEqual(8);
    expect(s.channels.selected.length).toBeGreaterThanOrEqual(5);
    expect(s.channels.selected.length).toBeLessThanOrEqual(8);
    expect(s.implementation.tasks.length).toBeGreaterThanOrEqual(10);
    expect(s.implementation.tasks.length).toBeLessThanOrEqual(20);
    expect(new Set(s.implementation.tasks.map((t) => t.stage)).size).toBe(4);
    expect(findScheduleConflicts(s.implementation)).toEqual([]);
    expect(s.risks.items.map((r) => r.category)).toEqual(expect.arrayContaining(['security', 'privacy']));
    expect(s.evaluation.metrics.length).toBeGreaterThanOrEqual(4);
    expect(s.marketResearch.findings.length).toBeGreaterThan(0);

    const budget = summarizeBudget(s.budget.lines, s.purpose.horizon);
    expect(budget.byMonth.filter((m) => !m.outsideHorizon)).toHaveLength(13); // mid-month start spans 13 months
    expect(budget.byMonth.some((m) => m.outsideHorizon)).toBe(false);
    expect(new Set(s.budget.lines.map((l) => l.month)).size).toBe(12);
    expect(
      checkGoals(
        s.goals.items,
        { horizon: s.purpose.horizon, selectedChannels: s.channels.selected.map((c) => c.channel) },
        language,
      ),
    ).toEqual([]);
    expect(
      scoreFeasibility(s.feasibility, language).dimensions.every((d) =>
        d.criteria.every((c) => c.score !== null),
      ),
    ).toBe(true);

    // Written in one language throughout: no Chinese in the English plan, Chinese in every free text of the other.
    if (language === 'en') expect(JSON.stringify(plan)).not.toMatch(CJK);
    else for (const task of s.implementation.tasks) expect(task.title).toMatch(CJK);
  });

  it('gives the three templates different verdicts, so users see the whole range', () => {
    const verdicts = PLAN_TEMPLATE_IDS.map(
      (id) =>
        scoreFeasibility(
          buildTemplate(id, { language: 'en', start: '2026-01-01' }).sections.feasibility,
          'en',
        ).verdict,
    );
    expect(verdicts).toEqual(['ready_with_gaps', 'ready', 'not_ready']);
  });

  it('dates everything from the given start, including awkward ones', () => {
    for (const start of ['2028-02-29', '2026-12-31', '2030-01-01']) {
      for (const id of PLAN_TEMPLATE_IDS) {
        const plan = buildTemplate(id, { language: 'zh-CN', start });
        expect(parsePlanDocument(plan).ok).toBe(true);
        expect(plan.sections.implementation.tasks[0].start).toBe(start);
      }
    }
    expect(() => buildTemplate('ecommerce-tea', { language: 'en', start: '2026-02-30' })).toThrow(RangeError);
  });

  it('builds a blank plan that passes the schema', () => {
    const plan = blankPlan({ title: 'New plan', language: 'zh-CN', currency: 'CNY', start: '2026-07-01' });
    expect(parsePlanDocument(plan).ok).toBe(true);
    expect(plan.sections.purpose.horizon.end).toBe('2027-06-30');
    expect(scoreFeasibility(plan.sections.feasibility, 'zh-CN').verdict).toBe('not_assessed');
  });
});
