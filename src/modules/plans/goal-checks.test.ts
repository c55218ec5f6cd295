import { describe, expect, it } from 'vitest';
import type { Goal } from '../../shared/contracts/plan';
import { checkGoals } from './goal-checks';

const goal = (id: string, patch: Partial<Goal>): Goal => ({
  id,
  metric: 'leads',
  unit: 'per month',
  baseline: 10,
  target: 40,
  deadline: '2026-09-30',
  stage: '',
  ...patch,
});
const context = { horizon: { start: '2026-01-01', end: '2026-12-31' }, selectedChannels: ['sem' as const] };

describe('checkGoals', () => {
  it('passes a measurable goal with a deadline inside the horizon', () => {
    expect(checkGoals([goal('ok', { channel: 'sem' })], context, 'en')).toEqual([]);
  });

  it('warns on goals that cannot be measured or have no usable deadline', () => {
    const warnings = checkGoals(
      [
        goal('no-target', { target: null }),
        goal('unnamed', { metric: 'custom', customMetric: '  ' }),
        goal('flat', { target: 10 }),
        goal('down', { metric: 'visits', target: 5 }),
        goal('no-deadline', { deadline: null, baseline: null }),
        goal('late', { deadline: '2027-03-01' }),
        goal('other-channel', { channel: 'forums' }),
        goal('cost', { metric: 'custom', customMetric: 'Cost per lead', target: 5 }),
      ],
      context,
      'en',
    );
    expect(warnings.map((w) => [w.goalId, w.code, w.field, w.severity])).toEqual([
      ['no-target', 'no_target', 'target', 'warning'],
      ['unnamed', 'custom_metric_unnamed', 'customMetric', 'warning'],
      ['flat', 'target_equals_baseline', 'target', 'warning'],
      ['down', 'target_below_baseline', 'target', 'warning'],
      ['no-deadline', 'no_baseline', 'baseline', 'info'],
      ['no-deadline', 'no_deadline', 'deadline', 'warning'],
      ['late', 'deadline_outside_horizon', 'deadline', 'warning'],
      ['other-channel', 'channel_not_selected', 'channel', 'info'],
    ]);
    expect(warnings[0].message).toBe('Leads and consultations: no target, so the goal cannot be measured.');
    expect(warnings[6].message).toBe(
      'Leads and consultations: the deadline 2027-03-01 is outside the plan period 2026-01-01 to 2026-12-31.',
    );
  });

  it('writes the messages in Chinese', () => {
    const [warning] = checkGoals([goal('g', { metric: 'visits', deadline: null })], context, 'zh-CN');
    expect(warning.message).toBe('访问量：未设定截止日期。');
  });
});
