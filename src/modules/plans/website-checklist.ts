import type { PlanLanguage, WebsiteChecklistItem, WebsiteGroup } from '../../shared/contracts/plan';
import { type Localized, l } from './labels';

interface DefaultChecklistItem {
  id: string;
  group: WebsiteGroup;
  label: Localized;
}

// What a company site needs to carry network marketing: information, practicality, functions, visitor focus, interaction.
export const DEFAULT_WEBSITE_CHECKLIST: readonly DefaultChecklistItem[] = [
  {
    id: 'site.products',
    group: 'information',
    label: l(
      'Every product line has its own page with specifications, photos and applications',
      '每条产品线都有独立页面，包含规格、图片和应用介绍',
    ),
  },
  {
    id: 'site.company',
    group: 'information',
    label: l(
      'Company profile, credentials and contact details are complete and current',
      '公司简介、资质和联系方式完整且及时更新',
    ),
  },
  {
    id: 'site.news',
    group: 'information',
    label: l('News and cases are updated at least monthly', '新闻和案例至少每月更新一次'),
  },
  {
    id: 'site.speed',
    group: 'usability',
    label: l('Pages load in under three seconds on a mobile connection', '手机网络下页面三秒内打开'),
  },
  {
    id: 'site.navigation',
    group: 'usability',
    label: l(
      'A visitor reaches any product in three clicks; site search works',
      '访客三次点击内可找到任一产品；站内搜索可用',
    ),
  },
  {
    id: 'site.mobile',
    group: 'usability',
    label: l('Layout works on phones and tablets', '页面适配手机和平板'),
  },
  {
    id: 'site.analytics',
    group: 'functions',
    label: l('Analytics tracks visits, sources and enquiries', '网站统计能记录访问量、来源和咨询'),
  },
  {
    id: 'site.cms',
    group: 'functions',
    label: l('Staff can update content without a developer', '员工无需开发人员即可更新内容'),
  },
  {
    id: 'site.security',
    group: 'functions',
    label: l(
      'HTTPS everywhere, software patched, backups tested',
      '全站 HTTPS，软件及时打补丁，备份经过恢复测试',
    ),
  },
  {
    id: 'site.customer_view',
    group: 'visitor_focus',
    label: l(
      'Pages answer buyers’ questions (price range, delivery, service) rather than describe the company',
      '页面回答买家关心的问题（价格区间、交期、服务），而不是只介绍公司',
    ),
  },
  {
    id: 'site.privacy',
    group: 'visitor_focus',
    label: l(
      'A privacy notice says what is collected and why; consent for email is recorded',
      '隐私声明说明收集哪些信息及用途；邮件订阅有同意记录',
    ),
  },
  {
    id: 'site.enquiry_form',
    group: 'interaction',
    label: l(
      'Enquiry form and online consultation on every product page',
      '每个产品页面都有询价表单和在线咨询入口',
    ),
  },
  {
    id: 'site.newsletter',
    group: 'interaction',
    label: l('Newsletter sign-up with double opt-in', '邮件订阅采用双重确认'),
  },
  {
    id: 'site.feedback',
    group: 'interaction',
    label: l('Comments and feedback are answered within one working day', '留言和反馈在一个工作日内回复'),
  },
];

/** The default checklist, all to do, labelled in the plan's language. */
export function defaultWebsiteChecklist(language: PlanLanguage): WebsiteChecklistItem[] {
  return DEFAULT_WEBSITE_CHECKLIST.map((item) => ({
    id: item.id,
    group: item.group,
    label: item.label[language],
    status: 'todo',
    owner: '',
    notes: '',
  }));
}
