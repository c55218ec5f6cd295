import type { PlanDocument, PlanLanguage } from '../../../shared/contracts/plan';
import { addDays, addMonths, isValidIsoDate } from '../dates';
import { defaultFeasibilitySection } from '../feasibility';
import { type Localized, l } from '../labels';
import { defaultWebsiteChecklist } from '../website-checklist';
import { buildAgencyArtGlassPlan } from './agency-art-glass';
import { buildB2bIotSensorsPlan } from './b2b-iot-sensors';
import { buildEcommerceTeaPlan } from './ecommerce-tea';
import { type TemplateKit, type TemplateOptions, templateKit } from './template-kit';

export type { TemplateOptions } from './template-kit';

export const PLAN_TEMPLATE_IDS = ['b2b-iot-sensors', 'ecommerce-tea', 'agency-art-glass'] as const;
export type PlanTemplateId = (typeof PLAN_TEMPLATE_IDS)[number];

export interface PlanTemplateInfo {
  id: PlanTemplateId;
  title: Localized;
  description: Localized;
}

export const PLAN_TEMPLATES: readonly PlanTemplateInfo[] = [
  {
    id: 'b2b-iot-sensors',
    title: l('B2B technology SME: industrial IoT sensors', 'B2B 科技型中小企业：工业物联网传感器'),
    description: l(
      'A sensor maker selling condition monitoring to factories: search and application content for engineers, industry sites for plant managers. Feasible with gaps in people and tracking.',
      '一家向工厂销售设备状态监测的传感器企业：用搜索和应用内容触达工程师，用行业网站触达厂长。整体可行，但人员和效果追踪方面有不足。',
    ),
  },
  {
    id: 'ecommerce-tea',
    title: l('E-commerce retailer: online tea shop', '电商零售：线上茶叶店'),
    description: l(
      'A growing web store for tea and gift sets: social discovery, search capture, email and SMS for repeat purchases, budgets that follow the tea and gifting seasons.',
      '一家成长中的茶叶和礼盒网店：社交媒体获得曝光，搜索承接需求，邮件和短信促进回购，预算随新茶季和送礼季变化。',
    ),
  },
  {
    id: 'agency-art-glass',
    title: l('Agency plan for a manufacturer: art-glass studio', '代理公司为制造企业策划：艺术玻璃工作室'),
    description: l(
      'An agency’s proposal for a studio making cast-glass art for hotels and designers: portfolio site, design platforms, trade fair follow-up. Shows a plan that is not ready until the client commits.',
      '代理公司为一家为酒店和设计师制作铸造玻璃艺术品的工作室所做的提案：作品集网站、设计平台、展会跟进。展示了一个在客户作出承诺之前暂不具备条件的方案。',
    ),
  },
];

const BUILDERS: Record<PlanTemplateId, (kit: TemplateKit) => PlanDocument> = {
  'b2b-iot-sensors': buildB2bIotSensorsPlan,
  'ecommerce-tea': buildEcommerceTeaPlan,
  'agency-art-glass': buildAgencyArtGlassPlan,
};

export function isPlanTemplateId(value: string): value is PlanTemplateId {
  return (PLAN_TEMPLATE_IDS as readonly string[]).includes(value);
}

/** A complete twelve-month starting plan in the chosen language, dated from `start` so it never goes stale. */
export function buildTemplate(id: PlanTemplateId, options: TemplateOptions): PlanDocument {
  const build = BUILDERS[id];
  if (!build) throw new RangeError(`unknown plan template '${id}'`);
  return build(templateKit(options));
}

export interface BlankPlanOptions {
  title: string;
  language: PlanLanguage;
  currency: string;
  start: string;
  /** Defaults to one year. */
  end?: string;
}

/** An empty plan that already passes the schema: default feasibility criteria and website checklist, nothing else. */
export function blankPlan(options: BlankPlanOptions): PlanDocument {
  if (!isValidIsoDate(options.start))
    throw new RangeError(`start must be a date as YYYY-MM-DD, got '${options.start}'`);
  return {
    schemaVersion: 1,
    title: options.title,
    language: options.language,
    currency: options.currency,
    sections: {
      purpose: {
        purposes: ['new_channels_sales'],
        horizon: { start: options.start, end: options.end ?? addDays(addMonths(options.start, 12), -1) },
        markets: [],
        companyId: null,
        summary: '',
      },
      feasibility: defaultFeasibilitySection(options.language),
      marketResearch: { questions: [], methods: [], findings: [], competitors: [] },
      positioning: { statement: '', segments: [] },
      goals: { items: [] },
      channels: { strategy: '', selected: [] },
      website: { url: null, items: defaultWebsiteChecklist(options.language) },
      budget: { notes: '', lines: [] },
      effectPrediction: { status: 'not_forecast' },
      implementation: { tasks: [], milestones: [] },
      evaluation: { metrics: [] },
      risks: { items: [] },
    },
  };
}
