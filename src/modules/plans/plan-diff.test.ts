import { describe, expect, it } from 'vitest';
import type { PlanDocument } from '../../shared/contracts/plan';
import { diffPlans } from './plan-diff';
import { buildTemplate } from './templates';

const base = (language: 'en' | 'zh-CN' = 'en'): PlanDocument =>
  buildTemplate('b2b-iot-sensors', { language, start: '2026-01-01' });

describe('diffPlans', () => {
  it('finds no change between equal plans, nor when lists are reordered', () => {
    const before = base();
    const after = structuredClone(before);
    after.sections.budget.lines.reverse();
    after.sections.implementation.tasks.reverse();
    after.sections.purpose.markets.reverse();
    after.sections.channels.selected.reverse();
    after.sections.feasibility.dimensions.people.criteria.reverse();
    after.sections.implementation.tasks[0].dependsOn.reverse();
    expect(diffPlans(before, after, 'en')).toEqual({ identical: true, changeCount: 0, sections: [] });
  });

  it('matches items by id and says what changed, before and after', () => {
    const before = base();
    const after = structuredClone(before);
    const line = after.sections.budget.lines.find((l) => l.id === 'ad-sem-06')!;
    line.planned = 12_000;
    after.sections.budget.lines.reverse(); // the line moves position but is still the same line
    const diff = diffPlans(before, after, 'en');
    expect(diff.changeCount).toBe(1);
    expect(diff.sections).toEqual([
      {
        section: 'budget',
        label: 'Budget',
        changes: [
          {
            kind: 'changed',
            collection: 'lines',
            id: 'ad-sem-06',
            itemLabel: 'Search keywords Jun 2026',
            fields: [
              {
                field: 'planned',
                label: 'planned',
                before: 1200,
                after: 12000,
                beforeText: '1,200',
                afterText: '12,000',
                text: "Budget: line 'Search keywords Jun 2026' planned 1,200 -> 12,000",
              },
            ],
            text: "Budget: line 'Search keywords Jun 2026' planned 1,200 -> 12,000",
          },
        ],
      },
    ]);
  });

  it('reports added, removed and renamed items, section fields and enum labels', () => {
    const before = base();
    const after = structuredClone(before);
    after.sections.risks.items = after.sections.risks.items.filter((r) => r.id !== 'risk-cpc');
    after.sections.implementation.milestones.push({
      id: 'ms-extra',
      title: 'Trade fair',
      date: '2026-10-01',
    });
    const task = after.sections.implementation.tasks.find((t) => t.id === 'task-owner')!;
    task.title = 'Hire a network marketing owner';
    task.status = 'done';
    after.sections.purpose.horizon.end = '2026-11-30';
    after.sections.channels.selected[0].rates = { ctr: { low: 0.01, likely: 0.03, high: 0.05 } };
    after.title = 'Sensors 2026';

    const texts = diffPlans(before, after, 'en').sections.flatMap((s) => s.changes.map((c) => c.text));
    expect(texts).toEqual([
      "Plan: title 'Network marketing plan: condition-monitoring sensors' -> 'Sensors 2026'",
      "Purpose and scope: period end '2026-12-31' -> '2026-11-30'",
      'Channels and strategy: channel \'Search keywords (SEM)\' rates (none) -> {"ctr":{"high":0.05,"likely":0.03,"low":0.01}}',
      [
        "Implementation: task 'Hire a network marketing owner' title 'Appoint a full-time network marketing owner' -> 'Hire a network marketing owner'",
        "Implementation: task 'Hire a network marketing owner' status To do -> Done",
      ].join('\n'),
      "Implementation: milestone 'Trade fair' added",
      "Risks and points of attention: risk 'Click prices rise on key terms' removed",
    ]);
  });

  it('writes the diff in Chinese', () => {
    const before = base('zh-CN');
    const after = structuredClone(before);
    after.sections.goals.items[1].target = 80;
    after.sections.positioning.segments[0].priority = 'medium';
    const texts = diffPlans(before, after, 'zh-CN').sections.flatMap((s) => s.changes.map((c) => c.text));
    expect(texts).toEqual([
      '定位与目标客户群：目标客户群“中型离散制造企业”的优先级 高 → 中',
      '目标：目标“线索与咨询”的目标值 60 → 80',
    ]);
  });

  it('shows a new forecast as one change, not thousands of figures', () => {
    const before = base();
    const after = structuredClone(before);
    const band = { likely: 1, p10: 1, p50: 1, p90: 1 };
    const figures = {
      spend: 1,
      direct: {
        revenue: band,
        profit: band,
        customers: band,
        leads: band,
        roi: null,
        roas: null,
        costPerLead: null,
        costPerCustomer: null,
      },
      indirect: {
        impressions: band,
        reach: band,
        frequency: band,
        awareness: band,
        clicks: band,
        visits: band,
      },
    };
    after.sections.effectPrediction = {
      status: 'forecast',
      generatedAt: '2026-01-05T08:00:00Z',
      seed: 1,
      simulations: 500,
      months: ['2026-01'],
      channels: [],
      monthTotals: [figures],
      total: figures,
      notes: [],
    };
    const diff = diffPlans(before, after, 'en');
    expect(diff.sections.map((s) => s.changes.map((c) => c.text))).toEqual([
      [
        'Effect prediction: status not forecast -> forecast',
        "Effect prediction: generated at (none) -> '2026-01-05T08:00:00Z'",
      ],
    ]);
  });
});
