import type {
  BudgetCategory,
  ChecklistStatus,
  EvaluationSource,
  FeasibilityDimension,
  GoalMetric,
  ImplementationStage,
  PlanLanguage,
  PlanSectionKey,
  PurchaseRole,
  PurposeType,
  ReachPlace,
  ResearchMethod,
  ReviewCadence,
  RiskCategory,
  SegmentPriority,
  TaskStatus,
  WebsiteGroup,
} from '../../shared/contracts/plan';
import { CHANNEL_CATALOG, type ChannelId } from '../forecasting/channel-catalog';

/** A user-facing text in every language a plan can be written in. */
export type Localized = Record<PlanLanguage, string>;

export const l = (en: string, zh: string): Localized => ({ en, 'zh-CN': zh });

/** Fills `{name}` placeholders; values are inserted as given (rendering escapes them, not this). */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) =>
    key in values ? String(values[key]) : match,
  );
}

/** Numbers as people read them in both languages: 12000 -> '12,000', 0.125 -> '0.13'. */
export function formatNumber(value: number, maximumFractionDigits = 2): string {
  return new Intl.NumberFormat('en-US', { maximumFractionDigits }).format(value);
}

export const SECTION_LABELS: Record<PlanSectionKey, Localized> = {
  purpose: l('Purpose and scope', '目的与范围'),
  feasibility: l('Feasibility', '可行性分析'),
  marketResearch: l('Market research', '市场调研'),
  positioning: l('Positioning and target groups', '定位与目标客户群'),
  goals: l('Goals', '目标'),
  channels: l('Channels and strategy', '渠道与策略'),
  website: l('Website and platform', '网站与平台'),
  budget: l('Budget', '预算'),
  effectPrediction: l('Effect prediction', '效果预测'),
  implementation: l('Implementation', '实施计划'),
  evaluation: l('Evaluation plan', '效果评估'),
  risks: l('Risks and points of attention', '风险与注意事项'),
};

export const PURPOSE_LABELS: Record<PurposeType, Localized> = {
  new_channels_sales: l('Open new channels and sales', '开拓新渠道，提升销售'),
  brand_awareness: l('Build brand awareness', '树立品牌，提高知名度'),
  adjust_existing: l('Adjust the existing plan', '调整原有网络营销方案'),
  other: l('Other', '其他'),
};

export const DIMENSION_LABELS: Record<FeasibilityDimension, Localized> = {
  product: l('Product characteristics', '产品特性'),
  competition: l('Industry competition', '行业竞争'),
  finance: l('Financial status', '财务状况'),
  people: l('Human resources', '人力资源'),
};

export const RESEARCH_METHOD_LABELS: Record<ResearchMethod, Localized> = {
  online_questionnaire: l('Online questionnaire', '在线问卷'),
  secondary_data: l('Second-hand data', '二手资料'),
  competitor_site_review: l('Competitor site review', '竞争对手网站分析'),
  interviews: l('Interviews', '访谈'),
  other: l('Other', '其他'),
};

export const PRIORITY_LABELS: Record<SegmentPriority, Localized> = {
  high: l('High', '高'),
  medium: l('Medium', '中'),
  low: l('Low', '低'),
};

export const PURCHASE_ROLE_LABELS: Record<PurchaseRole, Localized> = {
  end_user: l('End user', '最终用户'),
  decision_maker: l('Decision maker', '采购决策者'),
  influencer: l('Influencer', '购买影响者'),
};

export const REACH_PLACE_LABELS: Record<ReachPlace, Localized> = {
  search: l('search engines', '搜索引擎'),
  industry_sites: l('industry sites', '行业网站'),
  forums: l('forums', '论坛社区'),
  social: l('social media', '社交媒体'),
  email: l('email', '电子邮件'),
  portals: l('portals', '门户网站'),
  offline: l('offline', '线下'),
};

export const GOAL_METRIC_LABELS: Record<GoalMetric, Localized> = {
  visits: l('Visits', '访问量'),
  unique_visitors: l('Unique visitors', '独立访客'),
  leads: l('Leads and consultations', '线索与咨询'),
  customers: l('Customers', '成交客户'),
  revenue: l('Revenue', '销售额'),
  subscribers: l('Subscribers', '订阅用户'),
  survey_responses: l('Survey responses', '问卷回复'),
  brand_awareness: l('Brand awareness', '品牌知名度'),
  custom: l('Custom', '自定义'),
};

export const WEBSITE_GROUP_LABELS: Record<WebsiteGroup, Localized> = {
  information: l('Rich information', '信息丰富'),
  usability: l('Practical before pretty', '实用为主，兼顾美观'),
  functions: l('Strong functions', '功能完善'),
  visitor_focus: l('Built for the visitor', '以访客为中心'),
  interaction: l('Interaction', '互动'),
};

export const CHECKLIST_STATUS_LABELS: Record<ChecklistStatus, Localized> = {
  todo: l('To do', '待办'),
  in_progress: l('In progress', '进行中'),
  done: l('Done', '已完成'),
  not_applicable: l('Not applicable', '不适用'),
};

export const BUDGET_CATEGORY_LABELS: Record<BudgetCategory, Localized> = {
  personnel: l('Personnel', '人员'),
  hardware: l('Hardware', '硬件'),
  software: l('Software and hosting', '软件与主机'),
  advertising: l('Advertising', '广告推广'),
  other: l('Other', '其他'),
};

export const STAGE_LABELS: Record<ImplementationStage, Localized> = {
  preparatory: l('Preparatory stage', '准备阶段'),
  investigation: l('Investigation stage', '调查阶段'),
  design: l('Design stage', '设计阶段'),
  implementation: l('Implementation stage', '实施阶段'),
};

export const TASK_STATUS_LABELS: Record<TaskStatus, Localized> = {
  todo: l('To do', '待办'),
  in_progress: l('In progress', '进行中'),
  done: l('Done', '已完成'),
  blocked: l('Blocked', '受阻'),
};

export const EVALUATION_SOURCE_LABELS: Record<EvaluationSource, Localized> = {
  analytics: l('Site analytics', '网站统计'),
  surveys: l('Surveys', '问卷调查'),
  orders: l('Orders', '订单数据'),
  email: l('Email', '邮件数据'),
  manual: l('Manual record', '人工记录'),
};

export const CADENCE_LABELS: Record<ReviewCadence, Localized> = {
  weekly: l('Weekly', '每周'),
  monthly: l('Monthly', '每月'),
  quarterly: l('Quarterly', '每季度'),
};

export const RISK_CATEGORY_LABELS: Record<RiskCategory, Localized> = {
  security: l('Information security', '信息安全'),
  privacy: l('Customer privacy', '客户隐私'),
  budget: l('Budget', '预算'),
  technical: l('Technical', '技术'),
  market: l('Market', '市场'),
  people: l('People', '人员'),
  other: l('Other', '其他'),
};

// Chinese names of the catalog's promotion methods; the English ones come from the catalog itself.
const CHANNEL_NAMES_ZH: Record<ChannelId, string> = {
  sem: '搜索引擎关键词广告（SEM）',
  seo: '搜索引擎登录与优化（SEO）',
  portal_ads: '门户网站广告',
  vertical_ads: '行业垂直网站广告',
  text_links: '文字链广告',
  affiliate: '网站联盟',
  email: '邮件营销与 EDM',
  sms: '短信营销',
  forums: '论坛、BBS 与新闻组',
  social: '社交媒体',
  content: '内容营销',
  link_exchange: '友情链接交换',
  offline_url: '名片、宣传册与包装上的网址',
  traditional_media: '传统媒体（报刊、广播、电视）',
};

export const CHANNEL_LABELS = Object.fromEntries(
  Object.entries(CHANNEL_NAMES_ZH).map(([id, zh]) => [id, l(CHANNEL_CATALOG[id as ChannelId].label, zh)]),
) as Record<ChannelId, Localized>;

export function channelLabel(channel: string, language: PlanLanguage): string {
  return CHANNEL_LABELS[channel as ChannelId]?.[language] ?? channel;
}
