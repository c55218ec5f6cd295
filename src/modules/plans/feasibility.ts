import type {
  FeasibilityCriterion,
  FeasibilityDimension,
  FeasibilitySection,
  PlanLanguage,
} from '../../shared/contracts/plan';
import { DIMENSION_LABELS, fill, formatNumber, type Localized, l } from './labels';

// ---------------------------------------------------------------------------------------------
// Default criteria (from the four aspects of a feasibility analysis: product, competition, money, people)
// ---------------------------------------------------------------------------------------------

export interface DefaultFeasibilityCriterion {
  id: string;
  dimension: FeasibilityDimension;
  weight: number;
  label: Localized;
  /** The concrete next step recommended when the criterion scores low. */
  action: Localized;
}

export const DEFAULT_FEASIBILITY_CRITERIA: readonly DefaultFeasibilityCriterion[] = [
  {
    id: 'product.online_fit',
    dimension: 'product',
    weight: 3,
    label: l('The product suits online sale or promotion', '产品适合网上销售或推广'),
    action: l(
      'Pick the product lines that suit online sale first and give each its own promotion goal; keep the rest on traditional channels for now.',
      '先挑选适合网上销售的产品线，并为每条产品线分别设定推广目标；其余产品暂时仍走传统渠道。',
    ),
  },
  {
    id: 'product.standardized',
    dimension: 'product',
    weight: 2,
    label: l('The product is standardised and easy to describe online', '产品标准化程度高，便于在网上说明'),
    action: l(
      'Write standard specifications, photos, price ranges and application examples for the main products so a buyer can judge them on the site without a salesperson.',
      '为主要产品整理标准规格、图片、价格区间和应用案例，让买家不必联系销售也能在网站上做出判断。',
    ),
  },
  {
    id: 'product.researched_online',
    dimension: 'product',
    weight: 3,
    label: l('Buyers research this kind of purchase online', '买家习惯在网上了解和比较此类产品'),
    action: l(
      'Check where buyers look for suppliers with 10-20 customer interviews or a short online questionnaire before paying for promotion; if few search online, lead with the URL on offline materials.',
      '在投入推广费用之前，先通过 10～20 次客户访谈或一份简短的在线问卷，弄清买家在哪里寻找供应商；如果很少有人上网搜索，就先在线下资料上印好网址。',
    ),
  },
  {
    id: 'product.wide_market',
    dimension: 'product',
    weight: 2,
    label: l('Customers are many and spread widely', '客户数量多、分布广'),
    action: l(
      'Start in the regions where buyers are concentrated, with regional targeting in search and on industry sites, and widen the area once the cost per lead is known.',
      '先在买家集中的地区开展推广，在搜索引擎和行业网站上按地域投放；摸清单条线索的成本后再逐步扩大范围。',
    ),
  },
  {
    id: 'competition.open_field',
    dimension: 'competition',
    weight: 3,
    label: l('No strong competitor dominates the online channels yet', '网上尚无强势竞争对手占据主导'),
    action: l(
      'Find a niche the leading competitors leave open (a product line, a region, an application they do not explain) and aim keywords and content at it.',
      '找出领先竞争对手尚未覆盖的细分领域（某条产品线、某个地区或他们没有讲清楚的应用），把关键词和内容集中投向那里。',
    ),
  },
  {
    id: 'competition.known_competitors',
    dimension: 'competition',
    weight: 2,
    label: l('We know how close competitors market online', '了解主要竞争对手的网络营销做法'),
    action: l(
      'Review the sites, search keywords, industry-site ads and forum presence of the three closest competitors and record them in the market research section.',
      '逐一查看三家最接近的竞争对手的网站、搜索关键词、行业网站广告和论坛活动，记录到市场调研部分。',
    ),
  },
  {
    id: 'competition.clear_advantage',
    dimension: 'competition',
    weight: 3,
    label: l('We can show a clear advantage online', '能在网上清楚展示自身优势'),
    action: l(
      'Write in one sentence why a buyer should choose you over the closest competitor, put it on the home page and in the ads, and test it with a few customers.',
      '用一句话写清楚买家为什么要选择你而不是最接近的竞争对手，把它放到首页和广告里，并找几位客户验证。',
    ),
  },
  {
    id: 'finance.long_term_budget',
    dimension: 'finance',
    weight: 3,
    label: l('A budget is committed as a long-term investment', '已将预算作为长期投资加以落实'),
    action: l(
      'Agree a twelve-month minimum budget with leadership, split into website, promotion and people, and review it each quarter instead of cutting it after the first month.',
      '与管理层商定至少十二个月的预算，分为网站、推广和人员三部分，按季度复盘，而不是第一个月没见效就削减。',
    ),
  },
  {
    id: 'finance.patience',
    dimension: 'finance',
    weight: 2,
    label: l('Leadership accepts that results take months', '管理层接受效果需要数月才能显现'),
    action: l(
      'Set stage targets for the first months (visits, enquiries, subscribers) so leadership sees progress before sales arrive.',
      '为前几个月设定阶段性目标（访问量、咨询量、订阅数），让管理层在销售到来之前就能看到进展。',
    ),
  },
  {
    id: 'finance.site_and_promotion',
    dimension: 'finance',
    weight: 2,
    label: l('Money is set aside for the website and its promotion', '网站建设和推广都有资金保障'),
    action: l(
      'Fund the website fixes before paid promotion, and start with low-cost methods: search engine registration, forums, link exchange and the URL on all materials.',
      '先把钱用在完善网站上，再做付费推广；推广先从低成本方式做起：搜索引擎登录、论坛、友情链接以及在所有资料上印网址。',
    ),
  },
  {
    id: 'finance.traceable_spend',
    dimension: 'finance',
    weight: 2,
    label: l('Spend can be traced to economic benefit', '每一笔投入都能追溯到经济效益'),
    action: l(
      'Tag every campaign link with UTM parameters and record each enquiry and order with its source, so every channel’s spend can be tied to the customers it won.',
      '为每个推广链接加上 UTM 参数，并记录每条咨询和每笔订单的来源，使各渠道的花费都能对应到带来的客户。',
    ),
  },
  {
    id: 'people.marketing_and_web',
    dimension: 'people',
    weight: 3,
    label: l('People who know both marketing and internet technology', '有既懂营销又懂网络技术的复合型人才'),
    action: l(
      'Train a marketer in site analytics and search advertising, or hire or contract someone who knows both marketing and web technology.',
      '安排一名营销人员学习网站统计和搜索广告，或招聘、外聘一位既懂营销又懂网络技术的人。',
    ),
  },
  {
    id: 'people.dedicated_owner',
    dimension: 'people',
    weight: 3,
    label: l('A dedicated owner, not a part-time job', '有专人负责，而不是兼职应付'),
    action: l(
      'Name one full-time owner of network marketing with a written remit: site upkeep, the promotion plan, feedback handling and reporting to the marketing lead.',
      '指定一名专职网络营销负责人，书面明确职责：网站维护、推广计划、反馈处理，并向营销负责人汇报。',
    ),
  },
  {
    id: 'people.digital_skills',
    dimension: 'people',
    weight: 2,
    label: l('Staff are at ease with computers and the web', '员工具备较好的电脑和网络应用水平'),
    action: l(
      'Give sales and service staff a short training on the website, email handling and the enquiry process.',
      '为销售和客服人员安排一次简短培训，内容包括网站、邮件处理和咨询流程。',
    ),
  },
  {
    id: 'people.feedback_handling',
    dimension: 'people',
    weight: 2,
    label: l('Online enquiries and feedback are answered quickly', '能及时回复网上咨询和反馈'),
    action: l(
      'Set a response time for online enquiries (for example one working day), assign who answers them, and track it each week.',
      '规定网上咨询的回复时限（例如一个工作日），明确由谁负责回复，并每周检查执行情况。',
    ),
  },
];

const DEFAULT_BY_ID = new Map(DEFAULT_FEASIBILITY_CRITERIA.map((c) => [c.id, c]));

/** An unscored feasibility section with the default criteria, labelled in the plan's language. */
export function defaultFeasibilitySection(language: PlanLanguage): FeasibilitySection {
  const dimension = (d: FeasibilityDimension) => ({
    criteria: DEFAULT_FEASIBILITY_CRITERIA.filter((c) => c.dimension === d).map((c) => ({
      id: c.id,
      label: c.label[language],
      weight: c.weight,
      score: null,
      note: '',
    })),
  });
  return {
    dimensions: {
      product: dimension('product'),
      competition: dimension('competition'),
      finance: dimension('finance'),
      people: dimension('people'),
    },
    conclusion: '',
  };
}

// ---------------------------------------------------------------------------------------------
// Scoring
// ---------------------------------------------------------------------------------------------

export interface FeasibilityRules {
  /** Overall readiness (0-100) from which the verdict is 'ready'. */
  readyAt: number;
  /** Overall readiness from which the verdict is 'ready_with_gaps'. */
  gapsAt: number;
  /** A dimension below this caps the verdict at 'ready_with_gaps': one weak area is a gap whatever the mean. */
  dimensionFloor: number;
  /** A dimension below this caps the verdict at 'not_ready' (e.g. a product that cannot be sold online). */
  criticalFloor: number;
  /** Scores at or above this are listed as strengths. */
  strengthFrom: number;
  /** Scores at or below this are listed as shortcomings and get a recommendation. */
  shortcomingUpTo: number;
}

export const FEASIBILITY_RULES: Readonly<FeasibilityRules> = {
  readyAt: 70,
  gapsAt: 50,
  dimensionFloor: 40,
  criticalFloor: 25,
  strengthFrom: 4,
  shortcomingUpTo: 2,
};

export type FeasibilityVerdict = 'ready' | 'ready_with_gaps' | 'not_ready' | 'not_assessed';
export type CriterionAssessment = 'strength' | 'shortcoming' | 'neutral' | 'unscored' | 'ignored';

export interface CriterionExplanation {
  id: string;
  label: string;
  weight: number;
  score: number | null;
  note: string;
  /** The score on the 0-100 scale: 1 -> 0, 3 -> 50, 5 -> 100. */
  points: number | null;
  /** Share of the dimension's scored weight (0-1); 0 when unscored or weighted 0. */
  share: number;
  /** Readiness points this criterion adds to its dimension (share x points). */
  contribution: number;
  /** Readiness points it adds to the overall figure (its dimension counts 1 / assessed dimensions). */
  overallContribution: number;
  assessment: CriterionAssessment;
}

export interface DimensionExplanation {
  dimension: FeasibilityDimension;
  label: string;
  /** Weighted mean of the scored criteria on the 1-5 scale (2 decimals); null when nothing is scored. */
  score: number | null;
  /** The same on 0-100 (1 decimal). */
  readiness: number | null;
  scoredWeight: number;
  totalWeight: number;
  criteria: CriterionExplanation[];
  /** The arithmetic in words, e.g. "Financial status 62.5 = 60% x 75 (...) + 40% x 50 (...)". */
  explanation: string;
}

export interface VerdictCap {
  dimension: FeasibilityDimension;
  readiness: number | null;
  floor: number | null;
  cappedAt: 'ready_with_gaps' | 'not_ready';
  text: string;
}

export interface FeasibilityFinding {
  criterionId: string;
  dimension: FeasibilityDimension;
  score: number;
  text: string;
}

export interface FeasibilityRecommendation {
  criterionId: string | null;
  dimension: FeasibilityDimension;
  priority: 'high' | 'medium';
  text: string;
}

export interface FeasibilityAssessment {
  /** Mean of the assessed dimensions' readiness, 0-100 (1 decimal); null when nothing is scored. */
  readiness: number | null;
  verdict: FeasibilityVerdict;
  verdictLabel: string;
  /** Why the verdict is what it is, including any cap. */
  verdictReason: string;
  dimensions: DimensionExplanation[];
  caps: VerdictCap[];
  strengths: FeasibilityFinding[];
  shortcomings: FeasibilityFinding[];
  recommendations: FeasibilityRecommendation[];
  /** How the numbers are computed, for the UI's "how is this calculated" note. */
  method: string;
  rules: FeasibilityRules;
}

const VERDICT_LABELS: Record<FeasibilityVerdict, Localized> = {
  ready: l('Ready', '具备条件'),
  ready_with_gaps: l('Ready with gaps', '基本具备条件，仍有不足'),
  not_ready: l('Not ready', '暂不具备条件'),
  not_assessed: l('Not assessed yet', '尚未评估'),
};

export function feasibilityVerdictLabel(verdict: FeasibilityVerdict, language: PlanLanguage): string {
  return VERDICT_LABELS[verdict][language];
}

const TEXT = {
  method: l(
    'Each score from 1 to 5 becomes 0-100 points (1 = 0, 3 = 50, 5 = 100). A dimension’s readiness is the weighted mean of its scored criteria; the overall readiness is the mean of the assessed dimensions. Ready from {readyAt}, ready with gaps from {gapsAt}. A dimension below {floor} caps the verdict at ready with gaps, below {critical} at not ready; a dimension not yet assessed caps it at ready with gaps.',
    '每项 1～5 分的评分换算为 0～100 分（1 分 = 0，3 分 = 50，5 分 = 100）。各维度的准备度是其已评分标准的加权平均，总体准备度是已评估维度的平均值。达到 {readyAt} 分为“具备条件”，达到 {gapsAt} 分为“基本具备条件，仍有不足”。任一维度低于 {floor} 分时，结论最高为“基本具备条件，仍有不足”；低于 {critical} 分时为“暂不具备条件”；尚未评估的维度也会使结论最高为“基本具备条件，仍有不足”。',
  ),
  notAssessed: l('No criterion has been scored yet.', '尚未对任何标准评分。'),
  band: l(
    'Readiness {readiness} of 100 (ready from {readyAt}, ready with gaps from {gapsAt}): {verdict}.',
    '总体准备度 {readiness} 分（满 100 分；{readyAt} 分以上为“具备条件”，{gapsAt} 分以上为“基本具备条件，仍有不足”）：{verdict}。',
  ),
  capped: l(' Capped at "{verdict}": {reasons}', '但受以下限制，结论为“{verdict}”：{reasons}'),
  capFloor: l(
    '{dimension} is at {readiness}, below the floor of {floor}.',
    '{dimension}仅 {readiness} 分，低于下限 {floor} 分。',
  ),
  capMissing: l('{dimension} has not been assessed.', '{dimension}尚未评估。'),
  dimensionUnscored: l(
    '{dimension}: no weighted criterion scored yet.',
    '{dimension}：尚无已评分且权重大于 0 的标准。',
  ),
  term: l('{share} × {points} ({label})', '{share} × {points}（{label}）'),
  finding: l('{label} ({score}/5)', '{label}（{score}/5）'),
  findingWithNote: l('{label} ({score}/5): {note}', '{label}（{score}/5）：{note}'),
  genericAction: l(
    'Improve “{label}” (now {score}/5): agree a concrete step and an owner and add it to the implementation plan.',
    '改进“{label}”（目前 {score}/5）：确定具体措施和负责人，并列入实施计划。',
  ),
  assessDimension: l(
    'Score the criteria of {dimension} so the verdict can take it into account.',
    '请为{dimension}的各项标准评分，以便结论将其纳入考虑。',
  ),
};

const round = (value: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};
const pointsOf = (score: number) => ((score - 1) / 4) * 100;
const VERDICT_RANK: Record<Exclude<FeasibilityVerdict, 'not_assessed'>, number> = {
  ready: 2,
  ready_with_gaps: 1,
  not_ready: 0,
};

/**
 * Scores a plan's feasibility section with the plan's own weights and explains every number:
 * per-criterion contributions, dimension readiness, the verdict and what caps it, and what to do next.
 */
export function scoreFeasibility(
  section: FeasibilitySection,
  language: PlanLanguage,
  rules: FeasibilityRules = FEASIBILITY_RULES,
): FeasibilityAssessment {
  const t = (text: Localized, values: Record<string, string | number> = {}) => fill(text[language], values);
  const dimensionKeys = Object.keys(DIMENSION_LABELS) as FeasibilityDimension[];

  const dimensions: DimensionExplanation[] = dimensionKeys.map((dimension) => {
    const label = DIMENSION_LABELS[dimension][language];
    const criteria = section.dimensions[dimension].criteria;
    const counted = (c: FeasibilityCriterion) => c.score !== null && c.weight > 0;
    const scoredWeight = criteria.filter(counted).reduce((sum, c) => sum + c.weight, 0);
    const totalWeight = criteria.reduce((sum, c) => sum + c.weight, 0);
    const explained = criteria.map((c): CriterionExplanation => {
      const share = counted(c) ? c.weight / scoredWeight : 0;
      const points = c.score === null ? null : pointsOf(c.score);
      let assessment: CriterionAssessment = 'neutral';
      if (c.score === null) assessment = 'unscored';
      else if (c.weight === 0) assessment = 'ignored';
      else if (c.score >= rules.strengthFrom) assessment = 'strength';
      else if (c.score <= rules.shortcomingUpTo) assessment = 'shortcoming';
      return {
        id: c.id,
        label: c.label,
        weight: c.weight,
        score: c.score,
        note: c.note,
        points,
        share,
        contribution: share * (points ?? 0),
        overallContribution: 0,
        assessment,
      };
    });
    if (scoredWeight === 0) {
      return {
        dimension,
        label,
        score: null,
        readiness: null,
        scoredWeight,
        totalWeight,
        criteria: explained,
        explanation: t(TEXT.dimensionUnscored, { dimension: label }),
      };
    }
    const rawReadiness = explained.reduce((sum, c) => sum + c.contribution, 0);
    const readiness = round(rawReadiness, 1);
    const terms = explained
      .filter((c) => c.share > 0)
      .map((c) =>
        t(TEXT.term, {
          share: `${formatNumber(c.share * 100, 1)}%`,
          points: formatNumber(c.points!, 1),
          label: c.label,
        }),
      );
    return {
      dimension,
      label,
      score: round(1 + rawReadiness / 25, 2),
      readiness,
      scoredWeight,
      totalWeight,
      criteria: explained,
      explanation: `${label} ${formatNumber(readiness, 1)} = ${terms.join(' + ')}`,
    };
  });

  const assessed = dimensions.filter((d) => d.readiness !== null);
  for (const d of assessed) {
    for (const c of d.criteria) c.overallContribution = c.contribution / assessed.length;
  }
  const method = t(TEXT.method, {
    readyAt: rules.readyAt,
    gapsAt: rules.gapsAt,
    floor: rules.dimensionFloor,
    critical: rules.criticalFloor,
  });

  const findings = (kind: 'strength' | 'shortcoming'): FeasibilityFinding[] =>
    dimensions.flatMap((d) =>
      d.criteria
        .filter((c) => c.assessment === kind)
        .map((c) => ({
          criterionId: c.id,
          dimension: d.dimension,
          score: c.score!,
          text: t(c.note.trim() ? TEXT.findingWithNote : TEXT.finding, {
            label: c.label,
            score: c.score!,
            note: c.note.trim(),
          }),
        })),
    );
  const strengths = findings('strength').sort((a, b) => b.score - a.score);
  const shortcomings = findings('shortcoming').sort((a, b) => a.score - b.score);

  // Caps: a weak or unassessed dimension limits the verdict whatever the average says.
  const caps: VerdictCap[] = [];
  for (const d of dimensions) {
    if (d.readiness === null) {
      caps.push({
        dimension: d.dimension,
        readiness: null,
        floor: null,
        cappedAt: 'ready_with_gaps',
        text: t(TEXT.capMissing, { dimension: d.label }),
      });
    } else if (d.readiness < rules.criticalFloor || d.readiness < rules.dimensionFloor) {
      const critical = d.readiness < rules.criticalFloor;
      const floor = critical ? rules.criticalFloor : rules.dimensionFloor;
      caps.push({
        dimension: d.dimension,
        readiness: d.readiness,
        floor,
        cappedAt: critical ? 'not_ready' : 'ready_with_gaps',
        text: t(TEXT.capFloor, { dimension: d.label, readiness: formatNumber(d.readiness, 1), floor }),
      });
    }
  }

  const recommendations: FeasibilityRecommendation[] = [];
  for (const d of dimensions) {
    const weakDimension = d.readiness !== null && d.readiness < rules.dimensionFloor;
    if (d.readiness === null) {
      recommendations.push({
        criterionId: null,
        dimension: d.dimension,
        priority: 'high',
        text: t(TEXT.assessDimension, { dimension: d.label }),
      });
    }
    const weak = d.criteria
      .filter((c) => c.assessment === 'shortcoming')
      .sort((a, b) => a.score! - b.score! || b.weight - a.weight);
    for (const c of weak) {
      const known = DEFAULT_BY_ID.get(c.id);
      recommendations.push({
        criterionId: c.id,
        dimension: d.dimension,
        priority: c.score === 1 || weakDimension ? 'high' : 'medium',
        text: known ? known.action[language] : t(TEXT.genericAction, { label: c.label, score: c.score! }),
      });
    }
  }
  recommendations.sort((a, b) => (a.priority === b.priority ? 0 : a.priority === 'high' ? -1 : 1));

  if (assessed.length === 0) {
    return {
      readiness: null,
      verdict: 'not_assessed',
      verdictLabel: VERDICT_LABELS.not_assessed[language],
      verdictReason: t(TEXT.notAssessed),
      dimensions,
      caps: [],
      strengths,
      shortcomings,
      recommendations,
      method,
      rules,
    };
  }

  const readiness = round(assessed.reduce((sum, d) => sum + d.readiness!, 0) / assessed.length, 1);
  const banded: keyof typeof VERDICT_RANK =
    readiness >= rules.readyAt ? 'ready' : readiness >= rules.gapsAt ? 'ready_with_gaps' : 'not_ready';
  let verdict: keyof typeof VERDICT_RANK = banded;
  for (const cap of caps) if (VERDICT_RANK[cap.cappedAt] < VERDICT_RANK[verdict]) verdict = cap.cappedAt;

  let verdictReason = t(TEXT.band, {
    readiness: formatNumber(readiness, 1),
    readyAt: rules.readyAt,
    gapsAt: rules.gapsAt,
    verdict: VERDICT_LABELS[banded][language],
  });
  if (verdict !== banded) {
    const reasons = caps
      .filter((cap) => VERDICT_RANK[cap.cappedAt] < VERDICT_RANK[banded])
      .map((cap) => cap.text)
      .join(' ');
    verdictReason += t(TEXT.capped, { verdict: VERDICT_LABELS[verdict][language], reasons });
  }

  return {
    readiness,
    verdict,
    verdictLabel: VERDICT_LABELS[verdict][language],
    verdictReason,
    dimensions,
    caps,
    strengths,
    shortcomings,
    recommendations,
    method,
    rules,
  };
}
