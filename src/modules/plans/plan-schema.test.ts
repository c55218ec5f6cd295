import { describe, expect, it } from 'vitest';
import {
  formatPlanIssues,
  type PlanDocument,
  parsePlanDocument,
  planDocumentSchema,
  planJsonSchema,
} from '../../shared/contracts/plan';
import { buildTemplate } from './templates';

const base = (): PlanDocument => buildTemplate('b2b-iot-sensors', { language: 'en', start: '2026-04-01' });

/** Parses and returns the issues, failing the test if the plan was accepted. */
function issuesOf(plan: unknown) {
  const result = parsePlanDocument(plan);
  if (result.ok) throw new Error('expected the plan to be rejected');
  return result.issues;
}

describe('planDocumentSchema', () => {
  it('accepts a template and rejects a wrong schema version', () => {
    expect(parsePlanDocument(base()).ok).toBe(true);
    expect(issuesOf({ ...base(), schemaVersion: 2 })).toEqual([
      { path: 'schemaVersion', message: expect.any(String) },
    ]);
  });

  it('names the budget line with a negative amount', () => {
    const plan = base();
    plan.sections.budget.lines[3].planned = -5;
    expect(issuesOf(plan)).toEqual([
      { path: 'sections.budget.lines[3].planned', message: 'must not be negative' },
    ]);
  });

  it('requires a channel on advertising lines and the plan currency on every line', () => {
    const plan = base();
    const index = plan.sections.budget.lines.findIndex((line) => line.category === 'advertising');
    delete plan.sections.budget.lines[index].channel;
    plan.sections.budget.lines[0].currency = 'EUR';
    expect(issuesOf(plan)).toEqual([
      { path: 'sections.budget.lines[0].currency', message: "must be the plan's currency USD" },
      {
        path: `sections.budget.lines[${index}].channel`,
        message: 'an advertising line needs the channel it pays for',
      },
    ]);
  });

  it('rejects feasibility scores outside 1-5 and fractional scores', () => {
    const plan = base();
    plan.sections.feasibility.dimensions.product.criteria[0].score = 6;
    plan.sections.feasibility.dimensions.people.criteria[1].score = 2.5;
    expect(issuesOf(plan)).toEqual([
      { path: 'sections.feasibility.dimensions.product.criteria[0].score', message: 'must be from 1 to 5' },
      {
        path: 'sections.feasibility.dimensions.people.criteria[1].score',
        message: 'must be a whole number from 1 to 5',
      },
    ]);
  });

  it('rejects dates out of order: the horizon and a task', () => {
    const plan = base();
    plan.sections.purpose.horizon.end = '2026-03-31';
    plan.sections.implementation.tasks[1].end = '2026-01-01';
    expect(issuesOf(plan)).toEqual([
      { path: 'sections.purpose.horizon.end', message: 'the horizon must end after it starts (2026-04-01)' },
      {
        path: 'sections.implementation.tasks[1].end',
        message: `must not be before the start ${plan.sections.implementation.tasks[1].start}`,
      },
    ]);
    plan.sections.purpose.horizon.end = '2026-02-30';
    expect(issuesOf(plan).map((i) => i.path)).toContain('sections.purpose.horizon.end');
  });

  it('rejects a task depending on itself, on an unknown task, or on a task twice', () => {
    const plan = base();
    const tasks = plan.sections.implementation.tasks;
    tasks[0].dependsOn = [tasks[0].id];
    tasks[1].dependsOn = ['task-nowhere'];
    tasks[2].dependsOn = [tasks[0].id, tasks[0].id];
    expect(issuesOf(plan)).toEqual([
      { path: 'sections.implementation.tasks[0].dependsOn[0]', message: 'a task cannot depend on itself' },
      { path: 'sections.implementation.tasks[1].dependsOn[0]', message: "unknown task 'task-nowhere'" },
      { path: 'sections.implementation.tasks[2].dependsOn[1]', message: "'task-owner' is listed twice" },
    ]);
  });

  it('reports a dependency cycle with the loop and the edge that closes it', () => {
    const plan = base();
    const tasks = plan.sections.implementation.tasks;
    // task-owner -> task-survey (new edge); task-survey already depends on task-owner.
    const survey = tasks.findIndex((task) => task.id === 'task-survey');
    tasks[0].dependsOn = ['task-survey'];
    expect(issuesOf(plan)).toEqual([
      {
        path: 'sections.implementation.tasks[0].dependsOn[0]',
        message: 'dependency cycle: task-owner -> task-survey -> task-owner',
      },
    ]);
    expect(tasks[survey].dependsOn).toEqual(['task-owner']);
  });

  it('rejects duplicate ids, naming the repeat, including criteria across dimensions', () => {
    const plan = base();
    plan.sections.goals.items[3].id = plan.sections.goals.items[2].id;
    plan.sections.feasibility.dimensions.people.criteria[0].id = 'product.online_fit';
    plan.sections.channels.selected[2].channel = plan.sections.channels.selected[0].channel;
    expect(issuesOf(plan)).toEqual([
      {
        path: 'sections.feasibility.dimensions.people.criteria[0].id',
        message:
          "duplicate id 'product.online_fit' (already used at sections.feasibility.dimensions.product.criteria[0])",
      },
      { path: 'sections.goals.items[3].id', message: "duplicate id 'goal-pilots' (already used at index 2)" },
      {
        path: 'sections.channels.selected[2].channel',
        message: "duplicate channel 'sem' (already used at index 0)",
      },
    ]);
  });

  it('checks references to segments and goals', () => {
    const plan = base();
    plan.sections.goals.items[0].segmentId = 'seg-gone';
    plan.sections.evaluation.metrics[0].goalId = 'goal-gone';
    expect(issuesOf(plan)).toEqual([
      { path: 'sections.goals.items[0].segmentId', message: "unknown segment 'seg-gone'" },
      { path: 'sections.evaluation.metrics[0].goalId', message: "unknown goal 'goal-gone'" },
    ]);
  });

  it('never accepts hand-typed effect figures, nor unknown fields or channels', () => {
    const plan = base() as unknown as { sections: Record<string, unknown> };
    plan.sections.effectPrediction = { status: 'not_forecast', revenue: 1_000_000 };
    expect(issuesOf(plan).map((i) => i.path)).toEqual(['sections.effectPrediction']);

    const other = base();
    (other.sections.channels.selected[0] as { channel: string }).channel = 'billboards';
    expect(issuesOf(other).map((i) => i.path)).toEqual(['sections.channels.selected[0].channel']);
  });

  it('requires the text of an "other" purpose', () => {
    const plan = base();
    plan.sections.purpose.purposes = ['other'];
    expect(issuesOf(plan)).toEqual([{ path: 'sections.purpose.otherPurpose', message: "describe 'other'" }]);
  });

  it('accepts a forecast slot shaped like the engine result', () => {
    const band = { likely: 1, p10: 0.5, p50: 1, p90: 2 };
    const figures = {
      spend: 100,
      direct: {
        revenue: band,
        profit: band,
        customers: band,
        leads: band,
        roi: band,
        roas: null,
        costPerLead: band,
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
    const plan = base();
    plan.sections.effectPrediction = {
      status: 'forecast',
      generatedAt: '2026-04-02T10:00:00Z',
      seed: 7,
      simulations: 1000,
      months: ['2026-04'],
      channels: [{ channel: 'sem', label: 'SEM', source: 'benchmark', months: [figures], total: figures }],
      monthTotals: [figures],
      total: figures,
      notes: [],
    };
    expect(planDocumentSchema.safeParse(plan).success).toBe(true);
  });
});

describe('formatPlanIssues and planJsonSchema', () => {
  it('formats paths with indexes in brackets and the root as empty', () => {
    const result = planDocumentSchema.safeParse('not a plan');
    expect(result.success).toBe(false);
    expect(formatPlanIssues(result.error!)).toEqual([{ path: '', message: expect.any(String) }]);
    expect(
      formatPlanIssues([
        { code: 'custom', message: 'x', path: ['sections', 'budget', 'lines', 3, 'planned'], input: 0 },
      ]),
    ).toEqual([{ path: 'sections.budget.lines[3].planned', message: 'x' }]);
  });

  it('publishes a JSON Schema with named definitions and the field limits', () => {
    const schema = planJsonSchema() as {
      $defs: Record<string, { properties: Record<string, Record<string, unknown>>; required: string[] }>;
    };
    expect(Object.keys(schema.$defs)).toEqual(
      expect.arrayContaining(['PlanDocument', 'BudgetLine', 'PlanTask', 'Goal']),
    );
    expect(schema.$defs.BudgetLine.properties.planned).toMatchObject({ type: 'number', minimum: 0 });
    expect(schema.$defs.FeasibilityCriterion.properties.score.anyOf).toContainEqual(
      expect.objectContaining({ type: 'integer', minimum: 1, maximum: 5 }),
    );
    expect(schema.$defs.PlanDocument.required).toEqual([
      'schemaVersion',
      'title',
      'language',
      'currency',
      'sections',
    ]);
  });
});
