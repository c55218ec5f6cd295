import type { ComboboxItem } from '@mantine/core';
import { CHANNEL_IDS, type ChannelId } from '../../../../src/modules/forecasting/channel-catalog';
import {
  BUDGET_CATEGORY_LABELS,
  CADENCE_LABELS,
  CHANNEL_LABELS,
  CHECKLIST_STATUS_LABELS,
  DIMENSION_LABELS,
  EVALUATION_SOURCE_LABELS,
  GOAL_METRIC_LABELS,
  type Localized,
  PRIORITY_LABELS,
  PURCHASE_ROLE_LABELS,
  PURPOSE_LABELS,
  REACH_PLACE_LABELS,
  RESEARCH_METHOD_LABELS,
  RISK_CATEGORY_LABELS,
  SECTION_LABELS,
  STAGE_LABELS,
  TASK_STATUS_LABELS,
  WEBSITE_GROUP_LABELS,
} from '../../../../src/modules/plans/labels';
import {
  BUDGET_CATEGORIES,
  CHECKLIST_STATUSES,
  EVALUATION_SOURCES,
  FEASIBILITY_DIMENSIONS,
  GOAL_METRICS,
  IMPLEMENTATION_STAGES,
  type PlanLanguage,
  type PlanSectionKey,
  PURCHASE_ROLES,
  PURPOSE_TYPES,
  REACH_PLACES,
  RESEARCH_METHODS,
  REVIEW_CADENCES,
  RISK_CATEGORIES,
  SEGMENT_PRIORITIES,
  TASK_STATUSES,
  WEBSITE_GROUPS,
} from '../../../../src/shared/contracts/plan';

export type { ChannelId };
export {
  BUDGET_CATEGORIES,
  CHANNEL_IDS,
  CHECKLIST_STATUSES,
  EVALUATION_SOURCES,
  FEASIBILITY_DIMENSIONS,
  GOAL_METRICS,
  IMPLEMENTATION_STAGES,
  PURCHASE_ROLES,
  PURPOSE_TYPES,
  REACH_PLACES,
  RESEARCH_METHODS,
  REVIEW_CADENCES,
  RISK_CATEGORIES,
  SEGMENT_PRIORITIES,
  TASK_STATUSES,
  WEBSITE_GROUPS,
};

/** The twelve sections in the order of the planning process. */
export const SECTION_KEYS = Object.keys(SECTION_LABELS) as PlanSectionKey[];

/** The label tables of the document renderer, shared by the UI so both speak the same words. */
export const LABELS = {
  section: SECTION_LABELS,
  purpose: PURPOSE_LABELS,
  dimension: DIMENSION_LABELS,
  researchMethod: RESEARCH_METHOD_LABELS,
  priority: PRIORITY_LABELS,
  purchaseRole: PURCHASE_ROLE_LABELS,
  reachPlace: REACH_PLACE_LABELS,
  goalMetric: GOAL_METRIC_LABELS,
  websiteGroup: WEBSITE_GROUP_LABELS,
  checklistStatus: CHECKLIST_STATUS_LABELS,
  budgetCategory: BUDGET_CATEGORY_LABELS,
  stage: STAGE_LABELS,
  taskStatus: TASK_STATUS_LABELS,
  evaluationSource: EVALUATION_SOURCE_LABELS,
  cadence: CADENCE_LABELS,
  riskCategory: RISK_CATEGORY_LABELS,
  channel: CHANNEL_LABELS,
} as const;

export type LabelTable = keyof typeof LABELS;

/** The UI language as a plan language (anything not Chinese reads English). */
export function uiPlanLanguage(language: string): PlanLanguage {
  return language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

function capitalize(text: string, language: PlanLanguage) {
  return language === 'en' ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

/** A vocabulary value's label in the UI language; unknown values are shown as they are. */
export function vocabLabel(table: LabelTable, value: string, language: PlanLanguage): string {
  const entry = (LABELS[table] as Record<string, Localized>)[value];
  return entry ? capitalize(entry[language], language) : value;
}

/** Select options for a vocabulary, in the vocabulary's own order. */
export function vocabOptions(
  table: LabelTable,
  values: readonly string[],
  language: PlanLanguage,
): ComboboxItem[] {
  return values.map((value) => ({ value, label: vocabLabel(table, value, language) }));
}
