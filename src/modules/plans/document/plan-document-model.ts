import {
  BUDGET_CATEGORIES,
  type BudgetCategory,
  type EffectFigures,
  type Goal,
  IMPLEMENTATION_STAGES,
  type ImplementationStage,
  type PlanDocument,
  type PlanLanguage,
  type PlanSectionKey,
  type RiskCategory,
  WEBSITE_GROUPS,
} from '../../../shared/contracts/plan';
import { type ChannelId, resolveChannelAssumptions } from '../../forecasting/channel-catalog';
import { daysBetween, monthsBetween } from '../dates';
import { goalName } from '../goal-checks';
import {
  BUDGET_CATEGORY_LABELS,
  CADENCE_LABELS,
  CHECKLIST_STATUS_LABELS,
  channelLabel,
  EVALUATION_SOURCE_LABELS,
  fill,
  formatNumber,
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
} from '../labels';
import type { analysePlan, PlanStatus } from '../plans.service';
import { type ChartSvg, ganttChart, kpiChart, stackedBarChart } from './plan-charts';
import { DOCUMENT_TEXT as T } from './plan-document-text';

// ---------------------------------------------------------------------------------------------
// The model: plain text only. Renderers escape it for their format, so no user text is ever markup here.
// ---------------------------------------------------------------------------------------------

export type PlanAnalysis = ReturnType<typeof analysePlan>;

export interface PlanDocumentMeta {
  companyName: string | null;
  status: PlanStatus;
  version: number;
  approval: { version: number; approvedAt: string; approvedByName: string | null } | null;
  /** When the document is produced; passed in so the same inputs always render the same bytes. */
  generatedAt: Date | string;
}

export type Align = 'left' | 'right' | 'center';
export type Tone = 'info' | 'success' | 'warning' | 'danger';

export interface TableColumn {
  header: string;
  align?: Align;
  /** Relative width; columns without one share what is left. */
  width?: number;
}

export type Block =
  | { kind: 'heading'; level: 2 | 3; id: string; text: string }
  | { kind: 'paragraph'; text: string; tone?: 'normal' | 'muted' | 'lead' }
  | { kind: 'list'; ordered: boolean; items: string[] }
  | { kind: 'facts'; rows: { label: string; value: string }[] }
  | { kind: 'table'; columns: TableColumn[]; rows: string[][]; totals?: string[]; caption?: string }
  | { kind: 'chart'; chart: ChartSvg; caption: string; description: string }
  | { kind: 'callout'; tone: Tone; title: string; paragraphs: string[]; items?: string[] }
  | { kind: 'figures'; items: { label: string; value: string; detail?: string; tone?: Tone }[] };

export interface DocumentChapter {
  id: string;
  /** '1'..'12' for the plan's sections, 'A' for the appendix. */
  number: string;
  title: string;
  blocks: Block[];
}

export interface PlanDocumentModel {
  language: PlanLanguage;
  title: string;
  companyName: string | null;
  cover: {
    kicker: string;
    title: string;
    company: string | null;
    facts: { label: string; value: string }[];
    verdict: { label: string; tone: Tone } | null;
    footer: string;
  };
  contentsTitle: string;
  summary: { id: string; title: string; blocks: Block[] };
  chapters: DocumentChapter[];
  /** Text the renderers need around the content. */
  text: {
    pageOf: string;
    chartsNotInMarkdown: string;
    chartPlaceholder: string;
    /** In a Word file made where Chromium is missing, in place of each chart. */
    chartNotDrawn: string;
    generated: string;
    /** 'Figure {n}.' */
    figure: string;
    sentenceEnd: string;
  };
  /** The title and company, for running headers. */
  runningHeader: string;
  /** Status and version, for the other side of running headers. */
  runningStatus: string;
  /** A filename without extension, safe on every OS, derived from the title. */
  fileBaseName: string;
  generatedAt: string;
}

// ---------------------------------------------------------------------------------------------
// Formatting: deterministic, independent of the server's locale and time zone
// ---------------------------------------------------------------------------------------------

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function formatDate(iso: string, language: PlanLanguage): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return iso;
  return language === 'zh-CN' ? `${y}年${m}月${d}日` : `${d} ${MONTHS_EN[m - 1]} ${y}`;
}

export function formatMonth(month: string, language: PlanLanguage, short = false): string {
  const [y, m] = month.split('-').map(Number);
  if (!y || !m) return month;
  if (language === 'zh-CN') return short ? `${m}月` : `${y}年${m}月`;
  return short ? MONTHS_EN[m - 1] : `${MONTHS_EN[m - 1]} ${y}`;
}

function formatRange(start: string, end: string, language: PlanLanguage): string {
  return language === 'zh-CN'
    ? `${formatDate(start, language)}至${formatDate(end, language)}`
    : `${formatDate(start, language)} – ${formatDate(end, language)}`;
}

/** The document's own date line, in UTC so two servers print the same day. */
function formatTimestamp(value: Date | string, language: PlanLanguage): string {
  const iso = typeof value === 'string' ? value : value.toISOString();
  return formatDate(iso.slice(0, 10), language);
}

/** 'Leaf & Cup: "Spring" plan' -> 'Leaf-Cup-Spring-plan'; never empty, never a path. */
export function safeFileBaseName(title: string): string {
  return (
    title
      .normalize('NFKC')
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'plan'
  );
}

// ---------------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------------

const CATEGORY_COLORS: Record<BudgetCategory, string> = {
  personnel: '#1d4e89',
  hardware: '#7aa6c2',
  software: '#2a9d8f',
  advertising: '#e9a23b',
  other: '#9aa5b1',
};

const STAGE_COLORS: Record<ImplementationStage, string> = {
  preparatory: '#7aa6c2',
  investigation: '#2a9d8f',
  design: '#e9a23b',
  implementation: '#1d4e89',
};

const VERDICT_TONES: Record<string, Tone> = {
  ready: 'success',
  ready_with_gaps: 'warning',
  not_ready: 'danger',
  not_assessed: 'info',
};

/** Builds the one model that the HTML, PDF, DOCX and Markdown renderers all draw from. */
export function buildPlanDocumentModel(
  doc: PlanDocument,
  analysis: PlanAnalysis,
  meta: PlanDocumentMeta,
): PlanDocumentModel {
  const language: PlanLanguage = doc.language === 'zh-CN' ? 'zh-CN' : 'en';
  const zh = language === 'zh-CN';
  const t = (text: { en: string; 'zh-CN': string }, values: Record<string, string | number> = {}) =>
    fill(text[language], values);
  const join = (items: string[]) => items.join(zh ? '、' : ', ');
  const num = (value: number, digits = 2) => formatNumber(value, digits);
  const money = (value: number) =>
    zh && doc.currency === 'CNY' ? `${num(value)} 元` : `${num(value)} ${doc.currency}`;
  const date = (iso: string) => formatDate(iso, language);
  const range = (start: string, end: string) => formatRange(start, end, language);
  const dash = '—';
  const orDash = (text: string | null | undefined) => (text?.trim() ? text.trim() : dash);
  const paragraphs = (text: string): Block[] =>
    text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => ({ kind: 'paragraph', text: line }));
  const empty = (): Block => ({ kind: 'paragraph', tone: 'muted', text: t(T.nothingYet) });

  const s = doc.sections;
  const { feasibility, budget, goalWarnings, channelRecommendations, gantt } = analysis;
  const horizon = s.purpose.horizon;
  const statusLabel = t(T.status[meta.status] ?? T.status.draft);
  let headingCounter = 0;
  const heading = (chapterId: string, text: string, level: 2 | 3 = 2): Block => ({
    kind: 'heading',
    level,
    id: `${chapterId}-${++headingCounter}`,
    text,
  });

  const chapters: DocumentChapter[] = [];
  const chapter = (key: PlanSectionKey, build: (id: string) => Block[]) => {
    const id = `section-${key}`;
    chapters.push({
      id,
      number: String(chapters.length + 1),
      title: SECTION_LABELS[key][language],
      blocks: build(id),
    });
  };

  // 1. Purpose and scope ------------------------------------------------------------------------
  chapter('purpose', () => {
    const purposes = s.purpose.purposes.map((p) =>
      p === 'other' && s.purpose.otherPurpose?.trim()
        ? `${PURPOSE_LABELS.other[language]}${zh ? '：' : ': '}${s.purpose.otherPurpose.trim()}`
        : PURPOSE_LABELS[p][language],
    );
    const months = monthsBetween(horizon.start, horizon.end).length;
    const blocks: Block[] = [
      {
        kind: 'facts',
        rows: [
          { label: t(T.purposes), value: join(purposes) },
          {
            label: t(T.planPeriod),
            value: `${range(horizon.start, horizon.end)}${t(T.monthsCount, { n: months })}`,
          },
          { label: t(T.markets), value: s.purpose.markets.length ? join(s.purpose.markets) : dash },
          { label: t(T.company), value: meta.companyName ?? dash },
        ],
      },
    ];
    if (s.purpose.summary.trim()) blocks.push(...paragraphs(s.purpose.summary));
    return blocks;
  });

  // 2. Feasibility ------------------------------------------------------------------------------
  chapter('feasibility', (id) => {
    const blocks: Block[] = [
      {
        kind: 'callout',
        tone: VERDICT_TONES[feasibility.verdict] ?? 'info',
        title:
          feasibility.readiness === null
            ? t(T.verdictTitleUnscored, { verdict: feasibility.verdictLabel })
            : t(T.verdictTitle, {
                verdict: feasibility.verdictLabel,
                readiness: num(feasibility.readiness, 1),
              }),
        paragraphs: [feasibility.verdictReason],
      },
      {
        kind: 'table',
        caption: t(T.dimensionScores),
        columns: [
          { header: t(T.dimension), width: 3 },
          { header: t(T.score15), align: 'right', width: 1.4 },
          { header: t(T.readiness100), align: 'right', width: 1.6 },
          { header: t(T.criteriaScored), align: 'right', width: 1.6 },
        ],
        rows: feasibility.dimensions.map((d) => [
          d.label,
          d.score === null ? dash : num(d.score),
          d.readiness === null ? dash : num(d.readiness, 1),
          `${d.criteria.filter((c) => c.score !== null).length} / ${d.criteria.length}`,
        ]),
        totals: [t(T.overall), '', feasibility.readiness === null ? dash : num(feasibility.readiness, 1), ''],
      },
    ];
    for (const d of feasibility.dimensions) {
      blocks.push(heading(id, d.label, 3));
      if (d.criteria.length === 0) {
        blocks.push(empty());
        continue;
      }
      blocks.push({
        kind: 'table',
        columns: [
          { header: t(T.criterion), width: 4 },
          { header: t(T.weight), align: 'right', width: 1 },
          { header: t(T.score), align: 'right', width: 1 },
          { header: t(T.contribution), align: 'right', width: 1.3 },
          { header: t(T.note), width: 4.5 },
        ],
        rows: d.criteria.map((c) => [
          c.label,
          num(c.weight),
          c.score === null ? dash : `${c.score}/5`,
          c.score === null || c.share === 0 ? dash : num(c.contribution, 1),
          orDash(c.note),
        ]),
      });
      blocks.push({ kind: 'paragraph', tone: 'muted', text: d.explanation });
    }
    blocks.push(heading(id, t(T.strengths)));
    blocks.push(
      feasibility.strengths.length
        ? { kind: 'list', ordered: false, items: feasibility.strengths.map((f) => f.text) }
        : { kind: 'paragraph', tone: 'muted', text: t(T.noStrengths) },
    );
    blocks.push(heading(id, t(T.shortcomings)));
    blocks.push(
      feasibility.shortcomings.length
        ? { kind: 'list', ordered: false, items: feasibility.shortcomings.map((f) => f.text) }
        : { kind: 'paragraph', tone: 'muted', text: t(T.noShortcomings) },
    );
    blocks.push(heading(id, t(T.recommendations)));
    blocks.push(
      feasibility.recommendations.length
        ? {
            kind: 'list',
            ordered: true,
            items: feasibility.recommendations.map(
              (r) => `${t(r.priority === 'high' ? T.highPriority : T.mediumPriority)}${r.text}`,
            ),
          }
        : { kind: 'paragraph', tone: 'muted', text: t(T.noRecommendations) },
    );
    if (s.feasibility.conclusion.trim()) {
      blocks.push(heading(id, t(T.conclusion)));
      blocks.push(...paragraphs(s.feasibility.conclusion));
    }
    blocks.push({ kind: 'paragraph', tone: 'muted', text: `${t(T.method)}${feasibility.method}` });
    return blocks;
  });

  // 3. Market research --------------------------------------------------------------------------
  chapter('marketResearch', (id) => {
    const r = s.marketResearch;
    const blocks: Block[] = [];
    blocks.push(heading(id, t(T.researchQuestions)));
    blocks.push(r.questions.length ? { kind: 'list', ordered: true, items: r.questions } : empty());
    blocks.push(heading(id, t(T.researchMethods)));
    const methods = r.methods.map((m) =>
      m === 'other' && r.otherMethod?.trim()
        ? `${RESEARCH_METHOD_LABELS.other[language]}${zh ? '：' : ': '}${r.otherMethod.trim()}`
        : RESEARCH_METHOD_LABELS[m][language],
    );
    blocks.push(methods.length ? { kind: 'list', ordered: false, items: methods } : empty());
    blocks.push(heading(id, t(T.findings)));
    blocks.push(
      r.findings.length
        ? {
            kind: 'table',
            columns: [
              { header: '#', align: 'right', width: 0.7 },
              { header: t(T.finding), width: 6 },
              { header: t(T.source), width: 3 },
            ],
            rows: r.findings.map((f, i) => [
              String(i + 1),
              f.text,
              [f.source.trim(), f.url ?? ''].filter(Boolean).join('\n') || dash,
            ]),
          }
        : empty(),
    );
    blocks.push(heading(id, t(T.competitors)));
    blocks.push(
      r.competitors.length
        ? {
            kind: 'table',
            columns: [
              { header: t(T.competitor), width: 2.2 },
              { header: t(T.channelsSeen), width: 2.6 },
              { header: t(T.strengthsCol), width: 3 },
              { header: t(T.weaknessesCol), width: 3 },
            ],
            rows: r.competitors.map((c) => [
              c.website ? `${c.name}\n${c.website}` : c.name,
              c.channelsSeen.length ? join(c.channelsSeen.map((ch) => channelLabel(ch, language))) : dash,
              orDash(c.strengths),
              orDash(c.weaknesses),
            ]),
          }
        : empty(),
    );
    return blocks;
  });

  // 4. Positioning and target groups ------------------------------------------------------------
  chapter('positioning', (id) => {
    const p = s.positioning;
    const blocks: Block[] = [];
    if (p.statement.trim()) {
      blocks.push({
        kind: 'callout',
        tone: 'info',
        title: t(T.positioningStatement),
        paragraphs: p.statement
          .split(/\r?\n/)
          .map((x) => x.trim())
          .filter(Boolean),
      });
    }
    blocks.push(heading(id, t(T.segments)));
    if (p.segments.length === 0) {
      blocks.push(empty());
      return blocks;
    }
    blocks.push({
      kind: 'table',
      columns: [
        { header: t(T.segment), width: 3 },
        { header: t(T.priority), width: 1.2 },
        { header: t(T.estimatedSize), align: 'right', width: 1.6 },
        { header: t(T.region), width: 2.4 },
        { header: t(T.ageRange), width: 1.3 },
      ],
      rows: p.segments.map((seg) => [
        seg.name,
        PRIORITY_LABELS[seg.priority][language],
        seg.estimatedSize === null ? dash : num(seg.estimatedSize, 0),
        orDash(seg.attributes.region),
        orDash(seg.attributes.ageRange),
      ]),
    });
    for (const seg of p.segments) {
      blocks.push(heading(id, seg.name, 3));
      const a = seg.attributes;
      blocks.push({
        kind: 'facts',
        rows: [
          { label: t(T.occupation), value: orDash(a.occupation) },
          { label: t(T.income), value: orDash(a.income) },
          { label: t(T.ageRange), value: orDash(a.ageRange) },
          { label: t(T.level), value: orDash(a.level) },
          { label: t(T.consumptionHabits), value: orDash(a.consumptionHabits) },
          { label: t(T.region), value: orDash(a.region) },
        ],
      });
      if (seg.purchaseRoles.length) {
        blocks.push({
          kind: 'table',
          columns: [
            { header: t(T.purchaseRole), width: 1.6 },
            { header: t(T.who), width: 4 },
            { header: t(T.reachedAt), width: 3 },
          ],
          rows: seg.purchaseRoles.map((role) => [
            PURCHASE_ROLE_LABELS[role.role][language],
            orDash(role.description),
            role.reachedAt.length
              ? join(role.reachedAt.map((place) => REACH_PLACE_LABELS[place][language]))
              : dash,
          ]),
        });
      }
    }
    return blocks;
  });

  // 5. Goals ------------------------------------------------------------------------------------
  const segmentNames = new Map(s.positioning.segments.map((seg) => [seg.id, seg.name]));
  const goalLabel = (goal: Goal) => goalName(goal, language);
  chapter('goals', () => {
    const goals = s.goals.items;
    const blocks: Block[] = [];
    if (goals.length === 0) return [empty()];
    blocks.push({
      kind: 'table',
      columns: [
        { header: t(T.goal), width: 2.6 },
        { header: t(T.baseline), align: 'right', width: 1.4 },
        { header: t(T.target), align: 'right', width: 1.4 },
        { header: t(T.unit), width: 1.4 },
        { header: t(T.deadline), width: 1.6 },
        { header: t(T.stage), width: 1.4 },
        { header: t(T.channelSegment), width: 2.4 },
      ],
      rows: goals.map((goal) => [
        goalLabel(goal),
        goal.baseline === null ? dash : num(goal.baseline),
        goal.target === null ? dash : num(goal.target),
        orDash(goal.unit),
        goal.deadline ? date(goal.deadline) : dash,
        orDash(goal.stage),
        [
          goal.channel ? channelLabel(goal.channel, language) : '',
          goal.segmentId ? (segmentNames.get(goal.segmentId) ?? '') : '',
        ]
          .filter(Boolean)
          .join('\n') || dash,
      ]),
    });
    const charted = goals.filter((goal) => goal.target !== null && goal.target !== 0);
    if (charted.length) {
      // '8 %' reads wrong; a unit starting with a symbol sticks to the number.
      const withUnit = (value: number, unit: string) =>
        `${num(value)}${!unit.trim() ? '' : /^[%‰°]/.test(unit.trim()) ? unit.trim() : ` ${unit.trim()}`}`;
      blocks.push({
        kind: 'chart',
        caption: t(T.kpiChartCaption),
        description: t(T.kpiChartDescription),
        chart: kpiChart({
          id: 'kpi-targets',
          title: t(T.kpiChartCaption),
          baselineName: t(T.baseline),
          targetName: t(T.target),
          axisName: t(T.shareOfTarget),
          items: charted.map((goal) => ({
            label: goalLabel(goal),
            baseline: goal.baseline,
            target: goal.target!,
            baselineText: goal.baseline === null ? t(T.noBaseline) : withUnit(goal.baseline, goal.unit),
            targetText: withUnit(goal.target!, goal.unit),
          })),
        }),
      });
    }
    blocks.push(
      goalWarnings.length
        ? {
            kind: 'callout',
            tone: goalWarnings.some((w) => w.severity === 'warning') ? 'warning' : 'info',
            title: t(T.goalWarnings),
            paragraphs: [t(T.goalWarningsIntro)],
            items: goalWarnings.map((w) => w.message),
          }
        : { kind: 'callout', tone: 'success', title: t(T.goalWarnings), paragraphs: [t(T.noGoalWarnings)] },
    );
    return blocks;
  });

  // 6. Channels and strategy --------------------------------------------------------------------
  chapter('channels', (id) => {
    const c = s.channels;
    const blocks: Block[] = [];
    if (c.strategy.trim()) {
      blocks.push(heading(id, t(T.strategy)));
      blocks.push(...paragraphs(c.strategy));
    }
    blocks.push(heading(id, t(T.selectedChannels)));
    blocks.push(
      c.selected.length
        ? {
            kind: 'table',
            columns: [
              { header: t(T.channel), width: 2.6 },
              { header: t(T.costModel), width: 1.8 },
              { header: t(T.objective), width: 3.4 },
              { header: t(T.notes), width: 3 },
            ],
            rows: c.selected.map((sel) => {
              const assumptions = resolveChannelAssumptions(sel.channel as ChannelId, sel.rates);
              return [
                channelLabel(sel.channel, language),
                t(T.costModels[assumptions.costModel]),
                orDash(sel.objective),
                orDash(sel.notes),
              ];
            }),
          }
        : empty(),
    );
    const top = channelRecommendations.filter((r) => !r.excluded).slice(0, 6);
    if (top.length) {
      blocks.push(heading(id, t(T.recommendedChannels)));
      blocks.push({ kind: 'paragraph', tone: 'muted', text: t(T.recommendedIntro) });
      blocks.push({
        kind: 'table',
        columns: [
          { header: '#', align: 'right', width: 0.7 },
          { header: t(T.channel), width: 2.4 },
          { header: t(T.fitScore), align: 'right', width: 1 },
          { header: t(T.inPlan), align: 'center', width: 1 },
          { header: t(T.why), width: 6 },
        ],
        rows: top.map((r) => [
          String(r.rank),
          r.label,
          num(r.score, 1),
          r.selected ? t(T.yes) : t(T.no),
          r.reasons
            .filter((reason) => reason.effect !== 'neutral')
            .slice(0, 3)
            .map((reason) => reason.text)
            .join('\n') || dash,
        ]),
      });
    }
    return blocks;
  });

  // 7. Website and platform ---------------------------------------------------------------------
  chapter('website', () => {
    const w = s.website;
    const blocks: Block[] = [];
    const done = w.items.filter((item) => item.status === 'done').length;
    const applicable = w.items.filter((item) => item.status !== 'not_applicable').length;
    blocks.push({
      kind: 'facts',
      rows: [
        { label: t(T.siteAddress), value: w.url ?? dash },
        { label: t(T.checklistProgress), value: t(T.checklistDone, { done, total: applicable }) },
      ],
    });
    if (w.items.length === 0) return [...blocks, empty()];
    const ordered = [...w.items].sort(
      (a, b) => WEBSITE_GROUPS.indexOf(a.group) - WEBSITE_GROUPS.indexOf(b.group),
    );
    const withNotes = w.items.some((item) => item.notes.trim());
    blocks.push({
      kind: 'table',
      columns: [
        { header: t(T.area), width: 2 },
        { header: t(T.checkItem), width: 5 },
        { header: t(T.status2), width: 1.4 },
        { header: t(T.owner), width: 1.8 },
        ...(withNotes ? [{ header: t(T.notes), width: 2.6 }] : []),
      ],
      // The area is named once, on the first item of its group, like a grouped list.
      rows: ordered.map((item, i) => [
        i > 0 && ordered[i - 1].group === item.group ? '' : WEBSITE_GROUP_LABELS[item.group][language],
        item.label,
        CHECKLIST_STATUS_LABELS[item.status][language],
        orDash(item.owner),
        ...(withNotes ? [orDash(item.notes)] : []),
      ]),
    });
    return blocks;
  });

  // 8. Budget -----------------------------------------------------------------------------------
  const usedCategories = BUDGET_CATEGORIES.filter((cat) => budget.byCategory[cat] !== 0);
  chapter('budget', (id) => {
    const blocks: Block[] = [];
    if (budget.lineCount === 0) {
      blocks.push(empty());
      if (s.budget.notes.trim()) blocks.push(...paragraphs(s.budget.notes));
      return blocks;
    }
    blocks.push({
      kind: 'figures',
      items: [
        { label: t(T.totalBudget), value: money(budget.grandTotal) },
        { label: t(T.perMonth), value: money(budget.averagePerMonth) },
        { label: t(T.promotionPerMonth), value: money(budget.averagePromotionPerMonth) },
        { label: t(T.budgetLines), value: num(budget.lineCount, 0) },
      ],
    });
    if (s.budget.notes.trim()) blocks.push(...paragraphs(s.budget.notes));
    blocks.push({
      kind: 'chart',
      caption: t(T.budgetChartCaption, { currency: doc.currency }),
      description: t(T.budgetChartDescription),
      chart: stackedBarChart({
        id: 'budget-by-month',
        title: t(T.budgetChartCaption, { currency: doc.currency }),
        labels: budget.byMonth.map((m) => formatMonth(m.month, language, budget.byMonth.length <= 12)),
        valueAxisName: doc.currency,
        series: BUDGET_CATEGORIES.map((cat) => ({
          name: BUDGET_CATEGORY_LABELS[cat][language],
          color: CATEGORY_COLORS[cat],
          values: budget.byMonth.map((m) => m.byCategory[cat]),
        })),
      }),
    });
    const share = (value: number) =>
      budget.grandTotal === 0 ? dash : `${num((value / budget.grandTotal) * 100, 1)}%`;
    blocks.push(heading(id, t(T.byCategory)));
    blocks.push({
      kind: 'table',
      columns: [
        { header: t(T.category), width: 3 },
        { header: t(T.amountIn, { currency: doc.currency }), align: 'right', width: 2 },
        { header: t(T.share), align: 'right', width: 1.2 },
      ],
      rows: BUDGET_CATEGORIES.map((cat) => [
        BUDGET_CATEGORY_LABELS[cat][language],
        num(budget.byCategory[cat]),
        share(budget.byCategory[cat]),
      ]),
      totals: [t(T.total), num(budget.grandTotal), '100%'],
    });
    blocks.push(heading(id, t(T.byMonth)));
    const outside = budget.byMonth.some((m) => m.outsideHorizon);
    blocks.push({
      kind: 'table',
      columns: [
        { header: t(T.month), width: 1.6 },
        ...usedCategories.map((cat) => ({
          header: BUDGET_CATEGORY_LABELS[cat][language],
          align: 'right' as const,
          width: 1.4,
        })),
        { header: t(T.total), align: 'right', width: 1.5 },
      ],
      rows: budget.byMonth.map((m) => [
        `${formatMonth(m.month, language)}${m.outsideHorizon ? ' *' : ''}`,
        ...usedCategories.map((cat) => (m.byCategory[cat] === 0 ? dash : num(m.byCategory[cat]))),
        num(m.total),
      ]),
      totals: [
        t(T.total),
        ...usedCategories.map((cat) => num(budget.byCategory[cat])),
        num(budget.grandTotal),
      ],
      caption: t(T.amountsIn, { currency: doc.currency }),
    });
    if (outside) blocks.push({ kind: 'paragraph', tone: 'muted', text: t(T.outsideHorizon) });
    if (budget.byChannel.length) {
      blocks.push(heading(id, t(T.byChannel)));
      blocks.push({
        kind: 'table',
        columns: [
          { header: t(T.channel), width: 3 },
          { header: t(T.amountIn, { currency: doc.currency }), align: 'right', width: 1.6 },
          { header: t(T.ofWhichAdvertising), align: 'right', width: 1.6 },
        ],
        rows: budget.byChannel.map((c) => [
          channelLabel(c.channel, language),
          num(c.total),
          num(c.advertising),
        ]),
        totals: [
          t(T.total),
          num(budget.byChannel.reduce((sum, c) => sum + c.total, 0)),
          num(budget.byChannel.reduce((sum, c) => sum + c.advertising, 0)),
        ],
      });
      if (budget.unassigned > 0) {
        blocks.push({
          kind: 'paragraph',
          tone: 'muted',
          text: t(T.unassigned, { amount: money(budget.unassigned) }),
        });
      }
    }
    blocks.push({ kind: 'paragraph', tone: 'muted', text: t(T.linesInAppendix) });
    return blocks;
  });

  // 9. Effect prediction ------------------------------------------------------------------------
  chapter('effectPrediction', (id) => {
    const e = s.effectPrediction;
    if (e.status !== 'forecast') {
      return [
        {
          kind: 'callout',
          tone: 'info',
          title: t(T.notForecastTitle),
          paragraphs: [t(T.notForecastText)],
        },
      ];
    }
    const band = (
      b: { likely: number; p10: number; p90: number } | null,
      digits = 0,
      scale = 1,
      suffix = '',
    ) =>
      b === null
        ? [dash, dash]
        : [
            `${num(b.likely * scale, digits)}${suffix}`,
            `${num(b.p10 * scale, digits)}${suffix} – ${num(b.p90 * scale, digits)}${suffix}`,
          ];
    const total = e.total as EffectFigures;
    const direct = total.direct;
    const indirect = total.indirect;
    const columns: TableColumn[] = [
      { header: t(T.figure), width: 3 },
      { header: t(T.likely), align: 'right', width: 2 },
      { header: t(T.rangeP10P90), align: 'right', width: 3 },
    ];
    const blocks: Block[] = [
      {
        kind: 'paragraph',
        text: t(T.forecastIntro, {
          date: date(e.generatedAt),
          simulations: num(e.simulations, 0),
          seed: e.seed,
        }),
      },
      heading(id, t(T.directEffects)),
      {
        kind: 'table',
        columns,
        caption: t(T.amountsIn, { currency: doc.currency }),
        rows: [
          [t(T.fig.spend), num(total.spend), dash],
          [t(T.fig.revenue), ...band(direct.revenue)],
          [t(T.fig.profit), ...band(direct.profit)],
          [t(T.fig.customers), ...band(direct.customers)],
          [t(T.fig.leads), ...band(direct.leads)],
          [t(T.fig.roi), ...band(direct.roi, 0, 100, '%')],
          [t(T.fig.roas), ...band(direct.roas, 2, 1, '×')],
          [t(T.fig.costPerLead), ...band(direct.costPerLead, 2)],
          [t(T.fig.costPerCustomer), ...band(direct.costPerCustomer, 2)],
        ],
      },
      heading(id, t(T.indirectEffects)),
      {
        kind: 'table',
        columns,
        rows: [
          [t(T.fig.impressions), ...band(indirect.impressions)],
          [t(T.fig.reach), ...band(indirect.reach)],
          [t(T.fig.frequency), ...band(indirect.frequency, 1)],
          [t(T.fig.awareness), ...band(indirect.awareness)],
          [t(T.fig.clicks), ...band(indirect.clicks)],
          [t(T.fig.visits), ...band(indirect.visits)],
        ],
      },
    ];
    if (e.channels.length) {
      blocks.push(heading(id, t(T.byChannel)));
      blocks.push({
        kind: 'table',
        columns: [
          { header: t(T.channel), width: 3 },
          { header: t(T.fig.spend), align: 'right', width: 1.5 },
          { header: t(T.fig.leads), align: 'right', width: 1.3 },
          { header: t(T.fig.customers), align: 'right', width: 1.3 },
          { header: t(T.fig.revenue), align: 'right', width: 1.6 },
          { header: t(T.fig.roi), align: 'right', width: 1.2 },
        ],
        caption: t(T.likelyValues),
        rows: e.channels.map((c) => {
          const f = c.total as EffectFigures;
          return [
            channelLabel(c.channel, language),
            num(f.spend),
            num(f.direct.leads.likely, 0),
            num(f.direct.customers.likely, 0),
            num(f.direct.revenue.likely, 0),
            f.direct.roi === null ? dash : `${num(f.direct.roi.likely * 100, 0)}%`,
          ];
        }),
      });
    }
    if (e.notes.length) {
      blocks.push(heading(id, t(T.forecastNotes)));
      blocks.push({ kind: 'list', ordered: false, items: e.notes });
    }
    return blocks;
  });

  // 10. Implementation --------------------------------------------------------------------------
  chapter('implementation', (id) => {
    const blocks: Block[] = [];
    const { tasks, milestones } = gantt;
    if (tasks.length === 0 && milestones.length === 0) return [empty()];
    const number = new Map(tasks.map((task, i) => [task.id, `${i + 1}`]));
    const months = monthsBetween(gantt.start, gantt.end);
    blocks.push({
      kind: 'chart',
      caption: t(T.ganttCaption),
      description: t(T.ganttDescription),
      chart: ganttChart({
        id: 'gantt',
        title: t(T.ganttCaption),
        totalDays: gantt.totalDays,
        months: months.map((m, i) => {
          const first = i === 0 ? gantt.start : `${m}-01`;
          const next = i + 1 < months.length ? `${months[i + 1]}-01` : null;
          const offset = daysBetween(gantt.start, first);
          const days = next ? daysBetween(first, next) : gantt.totalDays - offset;
          return {
            offset,
            days,
            label: formatMonth(m, language, true),
            year: i === 0 || m.endsWith('-01') ? (zh ? `${m.slice(0, 4)}年` : m.slice(0, 4)) : undefined,
          };
        }),
        groups: IMPLEMENTATION_STAGES.map((stage) => ({
          name: STAGE_LABELS[stage][language],
          color: STAGE_COLORS[stage],
        })),
        milestoneLegend: t(T.milestone),
        rows: [
          ...tasks.map((task) => ({
            kind: 'task' as const,
            label: `${number.get(task.id)}. ${task.title}`,
            group: IMPLEMENTATION_STAGES.indexOf(task.stage),
            startOffset: task.startOffset,
            durationDays: task.durationDays,
            done: task.status === 'done',
          })),
          ...milestones.map((m) => ({
            kind: 'milestone' as const,
            label: m.title,
            offset: m.offset,
            dateLabel: date(m.date),
          })),
        ],
      }),
    });
    if (gantt.stages.length) {
      blocks.push(heading(id, t(T.stages)));
      blocks.push({
        kind: 'table',
        columns: [
          { header: t(T.stage), width: 2.4 },
          { header: t(T.period), width: 3.6 },
          { header: t(T.tasksDone), align: 'right', width: 1.6 },
        ],
        rows: gantt.stages.map((stage) => [
          STAGE_LABELS[stage.stage][language],
          range(stage.start, stage.end),
          `${stage.doneCount} / ${stage.taskCount}`,
        ]),
      });
    }
    for (const stage of IMPLEMENTATION_STAGES) {
      const inStage = tasks.filter((task) => task.stage === stage);
      if (inStage.length === 0) continue;
      blocks.push(heading(id, STAGE_LABELS[stage][language], 3));
      blocks.push({
        kind: 'table',
        columns: [
          { header: '#', align: 'right', width: 0.7 },
          { header: t(T.task), width: 3.4 },
          { header: t(T.owner), width: 1.6 },
          { header: t(T.period), width: 2.2 },
          { header: t(T.dependsOn), width: 1 },
          { header: t(T.status2), width: 1.2 },
          { header: t(T.deliverable), width: 2.4 },
        ],
        rows: inStage.map((task) => [
          number.get(task.id)!,
          task.title,
          orDash(task.owner),
          range(task.start, task.end),
          task.dependsOn.map((dep) => number.get(dep) ?? dep).join(', ') || dash,
          TASK_STATUS_LABELS[task.status][language],
          orDash(task.deliverable),
        ]),
      });
    }
    if (gantt.conflicts.length) {
      blocks.push({
        kind: 'callout',
        tone: 'warning',
        title: t(T.scheduleConflicts),
        paragraphs: [],
        items: gantt.conflicts.map((c) =>
          t(T.conflict, {
            task: number.get(c.taskId) ?? c.taskId,
            dependency: number.get(c.dependsOn) ?? c.dependsOn,
            start: date(c.start),
            end: date(c.dependencyEnd),
          }),
        ),
      });
    }
    blocks.push(heading(id, t(T.milestones)));
    blocks.push(
      milestones.length
        ? {
            kind: 'table',
            columns: [
              { header: t(T.milestone), width: 5 },
              { header: t(T.date), width: 2 },
            ],
            rows: milestones.map((m) => [m.title, date(m.date)]),
          }
        : empty(),
    );
    return blocks;
  });

  // 11. Evaluation ------------------------------------------------------------------------------
  chapter('evaluation', () => {
    const metrics = s.evaluation.metrics;
    if (metrics.length === 0) return [empty()];
    const goalsById = new Map(s.goals.items.map((goal) => [goal.id, goal]));
    return [
      {
        kind: 'table',
        columns: [
          { header: t(T.metric), width: 2.6 },
          { header: t(T.linkedGoal), width: 1.8 },
          { header: t(T.dataSource), width: 1.5 },
          { header: t(T.cadence), width: 1.2 },
          { header: t(T.adjustWhen), width: 4 },
        ],
        rows: metrics.map((m) => {
          const goal = m.goalId ? goalsById.get(m.goalId) : undefined;
          return [
            m.metric,
            goal ? goalLabel(goal) : dash,
            EVALUATION_SOURCE_LABELS[m.source][language],
            CADENCE_LABELS[m.cadence][language],
            orDash(m.adjustmentCriterion),
          ];
        }),
      },
    ];
  });

  // 12. Risks -----------------------------------------------------------------------------------
  chapter('risks', () => {
    const risks = [...s.risks.items].sort((a, b) => b.likelihood * b.impact - a.likelihood * a.impact);
    const blocks: Block[] = [];
    const level = (n: number) => t(T.levels[n - 1] ?? T.levels[0]);
    if (risks.length) {
      blocks.push({
        kind: 'table',
        columns: [
          { header: t(T.risk), width: 2.6 },
          { header: t(T.category), width: 1.6 },
          { header: t(T.likelihood), width: 1.5 },
          { header: t(T.impact), width: 1.3 },
          { header: t(T.rating), width: 1.3 },
          { header: t(T.mitigation), width: 3.8 },
          { header: t(T.owner), width: 1.5 },
        ],
        rows: risks.map((r) => {
          const score = r.likelihood * r.impact;
          return [
            r.title,
            RISK_CATEGORY_LABELS[r.category][language],
            level(r.likelihood),
            level(r.impact),
            t(score >= 6 ? T.ratingHigh : score >= 3 ? T.ratingMedium : T.ratingLow),
            orDash(r.mitigation),
            orDash(r.owner),
          ];
        }),
      });
      blocks.push({ kind: 'paragraph', tone: 'muted', text: t(T.ratingExplained) });
    } else {
      blocks.push(empty());
    }
    const covered = new Set<RiskCategory>(risks.map((r) => r.category));
    const missing = (['security', 'privacy'] as const).filter((cat) => !covered.has(cat));
    if (missing.length) {
      blocks.push({
        kind: 'callout',
        tone: 'warning',
        title: t(T.attention),
        paragraphs: [
          t(T.missingRiskCategories, {
            categories: join(missing.map((cat) => RISK_CATEGORY_LABELS[cat][language])),
          }),
        ],
      });
    }
    return blocks;
  });

  // Appendix: every budget line, so the totals can be checked by hand --------------------------
  if (s.budget.lines.length) {
    const lines = [...s.budget.lines].sort(
      (a, b) =>
        a.month.localeCompare(b.month) ||
        BUDGET_CATEGORIES.indexOf(a.category) - BUDGET_CATEGORIES.indexOf(b.category) ||
        a.label.localeCompare(b.label),
    );
    chapters.push({
      id: 'appendix-budget-lines',
      number: 'A',
      title: t(T.appendixBudget),
      blocks: [
        {
          kind: 'table',
          columns: [
            { header: t(T.month), width: 1.4 },
            { header: t(T.category), width: 1.6 },
            { header: t(T.channel), width: 2.2 },
            { header: t(T.item), width: 3.6 },
            { header: t(T.amountIn, { currency: doc.currency }), align: 'right', width: 1.5 },
          ],
          rows: lines.map((line) => [
            formatMonth(line.month, language),
            BUDGET_CATEGORY_LABELS[line.category][language],
            line.channel ? channelLabel(line.channel, language) : dash,
            line.label,
            num(line.planned),
          ]),
          totals: [t(T.total), '', '', '', num(budget.grandTotal)],
        },
      ],
    });
  }

  // Summary page ----------------------------------------------------------------------------------
  const warningCount = goalWarnings.filter((w) => w.severity === 'warning').length;
  const summaryBlocks: Block[] = [
    {
      kind: 'figures',
      items: [
        {
          label: t(T.readiness),
          value: feasibility.readiness === null ? dash : `${num(feasibility.readiness, 1)} / 100`,
          detail: feasibility.verdictLabel,
          tone: VERDICT_TONES[feasibility.verdict],
        },
        {
          label: t(T.totalBudget),
          value: money(budget.grandTotal),
          detail: t(T.perMonthShort, { amount: money(budget.averagePerMonth) }),
        },
        {
          label: t(T.goalsFigure),
          value: num(s.goals.items.length, 0),
          detail: warningCount ? t(T.warningsCount, { n: warningCount }) : t(T.allMeasurable),
          tone: warningCount ? 'warning' : undefined,
        },
        {
          label: t(T.channelsFigure),
          value: num(s.channels.selected.length, 0),
          detail: t(T.tasksMilestones, { tasks: gantt.tasks.length, milestones: gantt.milestones.length }),
        },
      ],
    },
  ];
  // The forecast line sits right under the figures; long user text below it may run onto the next page.
  summaryBlocks.push({
    kind: 'paragraph',
    tone: 'muted',
    text:
      s.effectPrediction.status === 'forecast'
        ? t(T.summaryForecast, {
            revenue: money((s.effectPrediction.total as EffectFigures).direct.revenue.likely),
            low: money((s.effectPrediction.total as EffectFigures).direct.revenue.p10),
            high: money((s.effectPrediction.total as EffectFigures).direct.revenue.p90),
          })
        : t(T.summaryNotForecast),
  });
  if (s.purpose.summary.trim()) summaryBlocks.push(...paragraphs(s.purpose.summary));
  if (feasibility.recommendations.length) {
    summaryBlocks.push({
      kind: 'callout',
      tone: 'info',
      title: t(T.nextSteps),
      paragraphs: [],
      items: feasibility.recommendations.slice(0, 3).map((r) => r.text),
    });
  }

  const approval = meta.approval
    ? t(T.approvedBy, {
        name: meta.approval.approvedByName ?? t(T.unknownPerson),
        date: formatTimestamp(meta.approval.approvedAt, language),
        version: meta.approval.version,
      })
    : t(T.notApproved);
  const generatedAt =
    typeof meta.generatedAt === 'string' ? meta.generatedAt : meta.generatedAt.toISOString();

  return {
    language,
    title: doc.title,
    companyName: meta.companyName,
    cover: {
      kicker: t(T.kicker),
      title: doc.title,
      company: meta.companyName,
      facts: [
        { label: t(T.planPeriod), value: range(horizon.start, horizon.end) },
        { label: t(T.statusLabel), value: statusLabel },
        { label: t(T.versionLabel), value: t(T.versionValue, { version: meta.version }) },
        { label: t(T.approval), value: approval },
        { label: t(T.documentDate), value: formatTimestamp(generatedAt, language) },
      ],
      verdict:
        feasibility.readiness === null
          ? null
          : {
              label: t(T.verdictTitle, {
                verdict: feasibility.verdictLabel,
                readiness: num(feasibility.readiness, 1),
              }),
              tone: VERDICT_TONES[feasibility.verdict] ?? 'info',
            },
      footer: t(T.coverFooter),
    },
    contentsTitle: t(T.contents),
    summary: { id: 'summary', title: t(T.atAGlance), blocks: summaryBlocks },
    chapters,
    text: {
      pageOf: t(T.pageOf),
      chartsNotInMarkdown: t(T.chartsNotInMarkdown),
      chartPlaceholder: T.chartPlaceholder[language],
      chartNotDrawn: T.chartNotDrawn[language],
      generated: t(T.generated, { date: formatTimestamp(generatedAt, language) }),
      figure: T.figureLabel[language],
      sentenceEnd: t(T.sentenceEnd),
    },
    runningHeader: meta.companyName ? `${doc.title} · ${meta.companyName}` : doc.title,
    runningStatus: t(T.runningStatus, { status: statusLabel, version: meta.version }),
    fileBaseName: safeFileBaseName(doc.title),
    generatedAt,
  };
}
