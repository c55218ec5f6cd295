import type {
  Goal,
  GoalMetric,
  PlanDocument,
  PlanLanguage,
  PurchaseRole,
  ReachPlace,
  Segment,
  SegmentPriority,
} from '../../shared/contracts/plan';
import {
  CHANNEL_IDS,
  type ChannelAssumptionsOverride,
  type ChannelId,
  type CostModel,
  resolveChannelAssumptions,
} from '../forecasting/channel-catalog';
import { summarizeBudget } from './budget';
import { goalName } from './goal-checks';
import {
  CHANNEL_LABELS,
  fill,
  formatNumber,
  type Localized,
  l,
  PRIORITY_LABELS,
  PURCHASE_ROLE_LABELS,
  REACH_PLACE_LABELS,
} from './labels';

// ---------------------------------------------------------------------------------------------
// The model's assumptions, in one place so the UI can show them
// ---------------------------------------------------------------------------------------------

/** How well a channel reaches people found at each place online (1 = it is that place's own channel). */
export const REACH_AFFINITY: Readonly<Record<ReachPlace, Partial<Record<ChannelId, number>>>> = {
  search: { sem: 1, seo: 1, content: 0.4 },
  industry_sites: { vertical_ads: 1, text_links: 0.6, link_exchange: 0.5, content: 0.4, affiliate: 0.3 },
  forums: { forums: 1, content: 0.5, social: 0.3 },
  social: { social: 1, content: 0.6, forums: 0.3 },
  email: { email: 1, sms: 0.3 },
  portals: { portal_ads: 1, text_links: 0.7, affiliate: 0.6 },
  offline: { offline_url: 1, traditional_media: 0.8, sms: 0.5 },
};

/**
 * How well a channel serves each kind of goal: awareness favours reach channels, leads and sales favour
 * channels that meet people with intent (search keywords, industry sites, the company's own list).
 */
export const GOAL_AFFINITY: Readonly<Record<Exclude<GoalMetric, 'custom'>, Record<ChannelId, number>>> = {
  visits: {
    sem: 0.8,
    seo: 1,
    portal_ads: 0.7,
    vertical_ads: 0.6,
    text_links: 0.6,
    affiliate: 0.5,
    email: 0.5,
    sms: 0.3,
    forums: 0.6,
    social: 0.7,
    content: 0.8,
    link_exchange: 0.6,
    offline_url: 0.4,
    traditional_media: 0.3,
  },
  unique_visitors: {
    sem: 0.8,
    seo: 1,
    portal_ads: 0.8,
    vertical_ads: 0.6,
    text_links: 0.6,
    affiliate: 0.5,
    email: 0.3,
    sms: 0.3,
    forums: 0.6,
    social: 0.8,
    content: 0.8,
    link_exchange: 0.6,
    offline_url: 0.4,
    traditional_media: 0.4,
  },
  leads: {
    sem: 1,
    seo: 0.8,
    portal_ads: 0.3,
    vertical_ads: 0.8,
    text_links: 0.4,
    affiliate: 0.7,
    email: 0.8,
    sms: 0.5,
    forums: 0.7,
    social: 0.4,
    content: 0.6,
    link_exchange: 0.3,
    offline_url: 0.5,
    traditional_media: 0.2,
  },
  customers: {
    sem: 1,
    seo: 0.8,
    portal_ads: 0.3,
    vertical_ads: 0.7,
    text_links: 0.4,
    affiliate: 0.8,
    email: 0.9,
    sms: 0.6,
    forums: 0.5,
    social: 0.4,
    content: 0.5,
    link_exchange: 0.3,
    offline_url: 0.5,
    traditional_media: 0.3,
  },
  revenue: {
    sem: 1,
    seo: 0.8,
    portal_ads: 0.3,
    vertical_ads: 0.7,
    text_links: 0.4,
    affiliate: 0.8,
    email: 0.9,
    sms: 0.6,
    forums: 0.5,
    social: 0.4,
    content: 0.5,
    link_exchange: 0.3,
    offline_url: 0.5,
    traditional_media: 0.3,
  },
  subscribers: {
    sem: 0.4,
    seo: 0.5,
    portal_ads: 0.3,
    vertical_ads: 0.4,
    text_links: 0.3,
    affiliate: 0.4,
    email: 1,
    sms: 0.3,
    forums: 0.6,
    social: 0.8,
    content: 0.9,
    link_exchange: 0.3,
    offline_url: 0.5,
    traditional_media: 0.3,
  },
  survey_responses: {
    sem: 0.3,
    seo: 0.2,
    portal_ads: 0.3,
    vertical_ads: 0.5,
    text_links: 0.2,
    affiliate: 0.2,
    email: 1,
    sms: 0.6,
    forums: 0.8,
    social: 0.8,
    content: 0.4,
    link_exchange: 0.1,
    offline_url: 0.4,
    traditional_media: 0.2,
  },
  brand_awareness: {
    sem: 0.4,
    seo: 0.4,
    portal_ads: 1,
    vertical_ads: 0.8,
    text_links: 0.4,
    affiliate: 0.3,
    email: 0.4,
    sms: 0.4,
    forums: 0.5,
    social: 0.9,
    content: 0.7,
    link_exchange: 0.2,
    offline_url: 0.6,
    traditional_media: 1,
  },
};

/** What one channel does well, quoted in the goal reason. */
const CHANNEL_CHARACTER: Record<ChannelId, Localized> = {
  sem: l('it meets people at the moment they search', '在用户主动搜索的时刻触达'),
  seo: l('it brings lasting search traffic at a low running cost', '带来持续的搜索流量，运营成本低'),
  portal_ads: l('it reaches a very large general audience', '覆盖面极广的大众受众'),
  vertical_ads: l('it reaches professionals on the sites of their industry', '在行业网站上触达专业人士'),
  text_links: l('it is a cheap, targeted placement', '投放便宜且有针对性'),
  affiliate: l('it pays only for results', '按效果付费'),
  email: l('it speaks directly to people who already know you', '直接触达已经了解你的人'),
  sms: l('it is read within minutes', '几分钟内就会被阅读'),
  forums: l('it joins the conversations where buyers ask each other for advice', '参与买家互相请教的讨论'),
  social: l('it spreads through people’s own networks', '借助人际网络传播'),
  content: l('it answers buyers’ questions and keeps working for months', '解答买家疑问，效果持续数月'),
  link_exchange: l(
    'it earns referral visits and search ranking at almost no cost',
    '几乎零成本获得引荐访问和搜索排名',
  ),
  offline_url: l(
    'it turns existing contacts and materials into site visits',
    '把现有接触和资料转化为网站访问',
  ),
  traditional_media: l('it builds broad awareness', '建立广泛的知名度'),
};

export const ROLE_WEIGHT: Readonly<Record<PurchaseRole, number>> = {
  decision_maker: 1,
  end_user: 0.8,
  influencer: 0.6,
};
export const PRIORITY_WEIGHT: Readonly<Record<SegmentPriority, number>> = { high: 3, medium: 2, low: 1 };
/** Billing units that make a month worth running: fewer clicks or impressions than this teach nothing. */
export const MEANINGFUL_MONTH_UNITS: Readonly<Record<CostModel, number>> = {
  cpc: 100,
  cpm: 50,
  cpa: 20,
  flat: 1,
  monthly: 1,
};
/** Weights of the three parts of the score; a part without data drops out and the others are re-weighted. */
export const COMPONENT_WEIGHTS = { audience: 0.5, goals: 0.3, budget: 0.2 } as const;

const UNIT_NAMES: Record<CostModel, Localized> = {
  cpc: l('clicks', '次点击'),
  cpm: l('thousand impressions', '千次展示'),
  cpa: l('leads', '条线索'),
  flat: l('placement', '次投放'),
  monthly: l('month of service', '个月服务'),
};

const TEXT = {
  audienceHit: l(
    'Reaches the {role} of “{segment}” ({priority} priority) on {place}.',
    '可在{place}触达“{segment}”（优先级：{priority}）的{role}。',
  ),
  audienceMiss: l(
    'None of the target groups is reported where this channel works.',
    '目标客户群的上网习惯与该渠道不吻合。',
  ),
  goalFit: l('Suits the goal “{goal}”: {character}.', '适合目标“{goal}”：{character}。'),
  goalWeak: l('Does little for the goals set ({goals}).', '对已设定的目标（{goals}）作用有限。'),
  goalNamed: l('The goal “{goal}” names this channel.', '目标“{goal}”指定了该渠道。'),
  budgetExcluded: l(
    'Needs at least {minimum} per month (one {unit}), more than the promotion budget of {budget} per month.',
    '每月至少需要 {minimum}（一{unit}），超出每月 {budget} 的推广预算。',
  ),
  budgetThin: l(
    'A meaningful month ({units} {unit}) costs about {minimum}, more than the promotion budget of {budget} per month.',
    '一个有意义的投放月（{units} {unit}）约需 {minimum}，超出每月 {budget} 的推广预算。',
  ),
  budgetShare: l(
    'A meaningful month ({units} {unit}) costs about {minimum}, {share}% of the promotion budget of {budget} per month.',
    '一个有意义的投放月（{units} {unit}）约需 {minimum}，占每月 {budget} 推广预算的 {share}%。',
  ),
  budgetUnknown: l(
    'No promotion budget planned yet, so cost was not considered.',
    '尚未规划推广预算，未考虑成本因素。',
  ),
};

// ---------------------------------------------------------------------------------------------
// Scoring
// ---------------------------------------------------------------------------------------------

export interface ChannelRecommendationInput {
  segments: readonly Segment[];
  goals: readonly Goal[];
  /** Money per month for promotion; null when no budget is planned yet. */
  monthlyBudget: number | null;
  /** ISO code shown with amounts in the reasons. */
  currency?: string;
  /** Workspace or plan rates; a channel's minimum spend follows its unit cost. */
  rates?: Partial<Record<ChannelId, ChannelAssumptionsOverride>>;
  /** Channels the plan already uses, flagged in the result. */
  selectedChannels?: readonly ChannelId[];
}

export interface RecommendationReason {
  kind: 'audience' | 'goals' | 'budget';
  effect: 'positive' | 'negative' | 'neutral';
  text: string;
}

export interface ChannelRecommendation {
  channel: ChannelId;
  label: string;
  /** 1 = best. Excluded channels come last. */
  rank: number;
  /** 0-100 (1 decimal); 0 when excluded. */
  score: number;
  /** A fixed-cost channel whose single unit costs more than the monthly budget. */
  excluded: boolean;
  selected: boolean;
  /** Each part on 0-1, null when the plan lacks the data for it. */
  components: { audience: number | null; goals: number | null; budget: number | null };
  minimumMonthlySpend: number;
  reasons: RecommendationReason[];
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** Ranks every catalog channel for a plan's target groups, goals and budget, with the reasons in words. */
export function recommendChannels(
  input: ChannelRecommendationInput,
  language: PlanLanguage,
): ChannelRecommendation[] {
  const t = (text: Localized, values: Record<string, string | number> = {}) => fill(text[language], values);
  const roles = input.segments.flatMap((segment) =>
    segment.purchaseRoles
      .filter((role) => role.reachedAt.length > 0)
      .map((role) => ({ segment, role, weight: PRIORITY_WEIGHT[segment.priority] * ROLE_WEIGHT[role.role] })),
  );
  const roleWeight = roles.reduce((sum, r) => sum + r.weight, 0);
  const scoredGoals = input.goals.filter((goal) => goal.metric !== 'custom' || goal.channel !== undefined);
  const budget = input.monthlyBudget;

  const results = CHANNEL_IDS.map((channel) => {
    const reasons: RecommendationReason[] = [];

    let audience: number | null = null;
    if (roleWeight > 0) {
      const hits = roles.map((r) => {
        const [place, fit] = r.role.reachedAt
          .map((p) => [p, REACH_AFFINITY[p][channel] ?? 0] as const)
          .reduce((best, next) => (next[1] > best[1] ? next : best));
        return { ...r, place, fit };
      });
      audience = hits.reduce((sum, h) => sum + h.weight * h.fit, 0) / roleWeight;
      const best = hits.filter((h) => h.fit >= 0.5).sort((a, b) => b.weight * b.fit - a.weight * a.fit);
      for (const h of best.slice(0, 2)) {
        reasons.push({
          kind: 'audience',
          effect: 'positive',
          text: t(TEXT.audienceHit, {
            role: PURCHASE_ROLE_LABELS[h.role.role][language].toLowerCase(),
            segment: h.segment.name,
            priority: PRIORITY_LABELS[h.segment.priority][language].toLowerCase(),
            place: REACH_PLACE_LABELS[h.place][language],
          }),
        });
      }
      if (best.length === 0)
        reasons.push({ kind: 'audience', effect: 'negative', text: t(TEXT.audienceMiss) });
    }

    let goals: number | null = null;
    if (scoredGoals.length > 0) {
      const fits = scoredGoals.map((goal) => ({
        goal,
        named: goal.channel === channel,
        // A goal the planner tied to this channel counts as a full fit: it is their explicit choice.
        fit:
          goal.channel === channel ? 1 : goal.metric === 'custom' ? 0 : GOAL_AFFINITY[goal.metric][channel],
      }));
      goals = fits.reduce((sum, f) => sum + f.fit, 0) / fits.length;
      const named = fits.find((f) => f.named);
      if (named) {
        reasons.push({
          kind: 'goals',
          effect: 'positive',
          text: t(TEXT.goalNamed, { goal: goalName(named.goal, language) }),
        });
      }
      const strong = fits.filter((f) => !f.named && f.fit >= 0.7);
      const seenMetrics = new Set<string>();
      for (const f of strong) {
        const name = goalName(f.goal, language);
        if (seenMetrics.has(name)) continue;
        seenMetrics.add(name);
        reasons.push({
          kind: 'goals',
          effect: 'positive',
          text: t(TEXT.goalFit, { goal: name, character: CHANNEL_CHARACTER[channel][language] }),
        });
        if (seenMetrics.size === 2) break;
      }
      if (!named && strong.length === 0 && goals < 0.5) {
        const names = [...new Set(scoredGoals.map((g) => goalName(g, language)))].join(
          language === 'en' ? ', ' : '、',
        );
        reasons.push({ kind: 'goals', effect: 'negative', text: t(TEXT.goalWeak, { goals: names }) });
      }
    }

    const assumptions = resolveChannelAssumptions(channel, input.rates?.[channel]);
    const fixedCost = assumptions.costModel === 'flat' || assumptions.costModel === 'monthly';
    const units = MEANINGFUL_MONTH_UNITS[assumptions.costModel];
    const minimum = assumptions.unitCost.likely * units;
    const unit = UNIT_NAMES[assumptions.costModel][language];
    let budgetFit: number | null = null;
    let excluded = false;
    if (budget === null) {
      reasons.push({ kind: 'budget', effect: 'neutral', text: t(TEXT.budgetUnknown) });
    } else {
      const amount = (value: number) =>
        `${formatNumber(value, 0)}${input.currency ? ` ${input.currency}` : ''}`;
      const money = { minimum: amount(minimum), budget: amount(budget), units: formatNumber(units), unit };
      const share = budget > 0 ? minimum / budget : Number.POSITIVE_INFINITY;
      if (share > 1 && fixedCost) {
        // One placement or one month of service cannot be bought in part.
        excluded = true;
        budgetFit = 0;
        reasons.push({ kind: 'budget', effect: 'negative', text: t(TEXT.budgetExcluded, money) });
      } else if (share > 1) {
        budgetFit = 0.1;
        reasons.push({ kind: 'budget', effect: 'negative', text: t(TEXT.budgetThin, money) });
      } else {
        budgetFit = 1 - share;
        reasons.push({
          kind: 'budget',
          effect: share <= 0.3 ? 'positive' : share <= 0.6 ? 'neutral' : 'negative',
          text: t(TEXT.budgetShare, { ...money, share: formatNumber(share * 100, 0) }),
        });
      }
    }

    const parts = [
      [audience, COMPONENT_WEIGHTS.audience],
      [goals, COMPONENT_WEIGHTS.goals],
      [budgetFit, COMPONENT_WEIGHTS.budget],
    ].filter((part): part is [number, number] => part[0] !== null);
    const weight = parts.reduce((sum, [, w]) => sum + w, 0);
    const score =
      excluded || weight === 0 ? 0 : round1((100 * parts.reduce((sum, [v, w]) => sum + v * w, 0)) / weight);

    return {
      channel,
      label: CHANNEL_LABELS[channel][language],
      rank: 0,
      score,
      excluded,
      selected: input.selectedChannels?.includes(channel) ?? false,
      components: { audience, goals, budget: budgetFit },
      minimumMonthlySpend: minimum,
      reasons,
    };
  });

  results.sort(
    (a, b) =>
      Number(a.excluded) - Number(b.excluded) ||
      b.score - a.score ||
      CHANNEL_IDS.indexOf(a.channel) - CHANNEL_IDS.indexOf(b.channel),
  );
  results.forEach((r, i) => {
    r.rank = i + 1;
  });
  return results;
}

/** Recommendations for a whole plan: its segments, goals, promotion budget per month and selected channels. */
export function recommendChannelsForPlan(
  plan: PlanDocument,
  rates?: Partial<Record<ChannelId, ChannelAssumptionsOverride>>,
): ChannelRecommendation[] {
  const { positioning, goals, budget, channels, purpose } = plan.sections;
  const hasPromotion = budget.lines.some(
    (line) => line.category === 'advertising' || line.channel !== undefined,
  );
  const planRates = { ...rates };
  for (const selected of channels.selected) {
    if (selected.rates) planRates[selected.channel] = { ...planRates[selected.channel], ...selected.rates };
  }
  return recommendChannels(
    {
      segments: positioning.segments,
      goals: goals.items,
      monthlyBudget: hasPromotion
        ? summarizeBudget(budget.lines, purpose.horizon).averagePromotionPerMonth
        : null,
      currency: plan.currency,
      rates: planRates,
      selectedChannels: channels.selected.map((c) => c.channel),
    },
    plan.language,
  );
}
