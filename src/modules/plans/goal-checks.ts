import type { Goal, PlanHorizon, PlanLanguage } from '../../shared/contracts/plan';
import type { ChannelId } from '../forecasting/channel-catalog';
import { channelLabel, fill, formatNumber, GOAL_METRIC_LABELS, type Localized, l } from './labels';

export type GoalWarningCode =
  | 'no_target'
  | 'custom_metric_unnamed'
  | 'target_equals_baseline'
  | 'target_below_baseline'
  | 'no_baseline'
  | 'no_deadline'
  | 'deadline_outside_horizon'
  | 'channel_not_selected';

export interface GoalWarning {
  goalId: string;
  code: GoalWarningCode;
  /** The goal's field to highlight in the editor. */
  field: keyof Goal;
  /** 'warning': the goal cannot be measured or judged as written; 'info': it can, but less well. */
  severity: 'warning' | 'info';
  message: string;
}

export interface GoalCheckContext {
  horizon: PlanHorizon;
  /** Channels chosen in the channels section; a goal tied to another channel gets a note. */
  selectedChannels?: readonly ChannelId[];
}

const MESSAGES: Record<GoalWarningCode, Localized> = {
  no_target: l('{goal}: no target, so the goal cannot be measured.', '{goal}：未设定目标值，无法衡量。'),
  custom_metric_unnamed: l(
    '{goal}: a custom metric needs a name saying what is counted.',
    '{goal}：自定义指标需要写明统计的是什么。',
  ),
  target_equals_baseline: l(
    '{goal}: the target equals the baseline ({baseline}), so there is nothing to achieve.',
    '{goal}：目标值与基准值（{baseline}）相同，没有需要达成的提升。',
  ),
  target_below_baseline: l(
    '{goal}: the target ({target}) is below the baseline ({baseline}); check the figures.',
    '{goal}：目标值（{target}）低于基准值（{baseline}），请核对数字。',
  ),
  no_baseline: l(
    '{goal}: no baseline, so progress cannot be compared with today.',
    '{goal}：未填写基准值，无法与当前水平比较。',
  ),
  no_deadline: l('{goal}: no deadline.', '{goal}：未设定截止日期。'),
  deadline_outside_horizon: l(
    '{goal}: the deadline {deadline} is outside the plan period {start} to {end}.',
    '{goal}：截止日期 {deadline} 不在计划期 {start} 至 {end} 之内。',
  ),
  channel_not_selected: l(
    '{goal}: tied to {channel}, which is not among the selected channels.',
    '{goal}：关联的渠道“{channel}”不在已选渠道之中。',
  ),
};

/** The goal's name as a reader knows it: its metric, or the custom metric's own name. */
export function goalName(goal: Goal, language: PlanLanguage): string {
  if (goal.metric === 'custom' && goal.customMetric?.trim()) return goal.customMetric.trim();
  return GOAL_METRIC_LABELS[goal.metric][language];
}

/** Warnings for goals that cannot be measured or judged as written: missing targets, names, deadlines. */
export function checkGoals(
  goals: readonly Goal[],
  context: GoalCheckContext,
  language: PlanLanguage,
): GoalWarning[] {
  const warnings: GoalWarning[] = [];
  for (const goal of goals) {
    const values = {
      goal: goalName(goal, language),
      baseline: goal.baseline === null ? '' : formatNumber(goal.baseline),
      target: goal.target === null ? '' : formatNumber(goal.target),
      deadline: goal.deadline ?? '',
      start: context.horizon.start,
      end: context.horizon.end,
      channel: goal.channel ? channelLabel(goal.channel, language) : '',
    };
    const warn = (code: GoalWarningCode, field: keyof Goal, severity: GoalWarning['severity'] = 'warning') =>
      warnings.push({
        goalId: goal.id,
        code,
        field,
        severity,
        message: fill(MESSAGES[code][language], values),
      });

    if (goal.metric === 'custom' && !goal.customMetric?.trim()) warn('custom_metric_unnamed', 'customMetric');
    if (goal.target === null) warn('no_target', 'target');
    else if (goal.baseline !== null && goal.target === goal.baseline)
      warn('target_equals_baseline', 'target');
    // Every built-in metric is "more is better"; a custom one may be a cost that should fall.
    else if (goal.baseline !== null && goal.target < goal.baseline && goal.metric !== 'custom') {
      warn('target_below_baseline', 'target');
    }
    if (goal.baseline === null) warn('no_baseline', 'baseline', 'info');
    if (goal.deadline === null) warn('no_deadline', 'deadline');
    else if (goal.deadline < context.horizon.start || goal.deadline > context.horizon.end) {
      warn('deadline_outside_horizon', 'deadline');
    }
    if (goal.channel && context.selectedChannels && !context.selectedChannels.includes(goal.channel)) {
      warn('channel_not_selected', 'channel', 'info');
    }
  }
  return warnings;
}
