import type { AllocationObjective } from './allocation';
import type { Band } from './effect-prediction';

export type RecommendationLanguage = 'en' | 'zh-CN';

/** Money taken from one channel and given to another, over the same period as the allocations. */
export interface SpendMove {
  from: string;
  to: string;
  amount: number;
}

/**
 * Splits the change from one allocation to another into moves from the channels that lose money to
 * the channels that gain it, largest first (greedy matching of the biggest cut with the biggest
 * increase). Changes smaller than `minShare` of the total are left out: nobody acts on them.
 */
export function reallocationMoves(
  current: Record<string, number>,
  recommended: Record<string, number>,
  minShare = 0.01,
): SpendMove[] {
  const names = [...new Set([...Object.keys(current), ...Object.keys(recommended)])];
  const total = names.reduce((sum, name) => sum + (current[name] ?? 0), 0);
  const threshold = Math.max(minShare * total, 1e-9);
  const delta = names.map((name) => ({ name, change: (recommended[name] ?? 0) - (current[name] ?? 0) }));
  const losers = delta.filter((d) => d.change < 0).map((d) => ({ name: d.name, left: -d.change }));
  const gainers = delta.filter((d) => d.change > 0).map((d) => ({ name: d.name, left: d.change }));
  const moves: SpendMove[] = [];
  const biggest = (list: { left: number }[]) => list.reduce((a, b, i) => (b.left > list[a].left ? i : a), 0);
  while (losers.length > 0 && gainers.length > 0) {
    const l = biggest(losers);
    const g = biggest(gainers);
    const amount = Math.min(losers[l].left, gainers[g].left);
    if (amount < threshold) break;
    moves.push({ from: losers[l].name, to: gainers[g].name, amount });
    losers[l].left -= amount;
    gainers[g].left -= amount;
    if (losers[l].left < threshold) losers.splice(l, 1);
    if (gainers[g].left < threshold) gainers.splice(g, 1);
  }
  return moves;
}

export interface WordingContext {
  language: RecommendationLanguage;
  objective: AllocationObjective;
  /** The plan's currency (ISO 4217), for money amounts and money objectives. */
  currency: string;
  /** Readable name of a channel in the wording's language. */
  label: (channel: string) => string;
  /** Budget the move's share is taken of. */
  budget: number;
}

/** Rounds to what a reader can act on: 2 significant digits above 100, whole numbers below. */
function roundForReading(value: number): number {
  const magnitude = Math.abs(value);
  if (magnitude < 100) return Math.round(value);
  const step = 10 ** (Math.floor(Math.log10(magnitude)) - 1);
  return Math.round(value / step) * step;
}

function grouped(value: number): string {
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(value);
}

const MONEY_OBJECTIVES: readonly AllocationObjective[] = ['revenue', 'profit'];

/** "38 customers" / "CNY 12,000 of revenue" / "38 位客户" / "12,000 CNY 收入". */
function quantity(value: number, context: WordingContext): string {
  const n = grouped(roundForReading(Math.abs(value)));
  const { objective, currency, language } = context;
  if (language === 'zh-CN') {
    if (objective === 'customers') return `${n} 位客户`;
    if (objective === 'leads') return `${n} 条线索`;
    return `${n} ${currency}${objective === 'revenue' ? '收入' : '利润'}`;
  }
  if (objective === 'customers')
    return `${n} ${Math.abs(roundForReading(value)) === 1 ? 'customer' : 'customers'}`;
  if (objective === 'leads') return `${n} ${Math.abs(roundForReading(value)) === 1 ? 'lead' : 'leads'}`;
  return `${currency} ${n} of ${objective}`;
}

function range(band: Band, context: WordingContext): string {
  const money = MONEY_OBJECTIVES.includes(context.objective);
  const show = (v: number) => `${v < 0 ? '-' : ''}${grouped(roundForReading(Math.abs(v)))}`;
  const text = `${show(band.p10)}${context.language === 'zh-CN' ? ' 至 ' : ' to '}${show(band.p90)}`;
  return money && context.language === 'en' ? `${context.currency} ${text}` : text;
}

function changeVerb(band: Band, context: WordingContext): string {
  const gain = band.p50 >= 0;
  const what = quantity(band.p50, context);
  if (context.language === 'zh-CN') return gain ? `可多获得约 ${what}` : `会减少约 ${what}`;
  return gain ? `adds ~${what}` : `loses ~${what}`;
}

function percentOf(amount: number, budget: number): string {
  const share = budget > 0 ? (100 * amount) / budget : 0;
  return share >= 1 ? `${Math.round(share)}%` : '<1%';
}

/**
 * "Moving 20% of the budget (CNY 12,000) from portal ads to search keywords adds ~38 customers
 * (p10-p90: 21 to 55)." The band is the paired difference the move makes (same draws in both).
 */
export function describeMove(move: SpendMove, effect: Band, context: WordingContext): string {
  const share = percentOf(move.amount, context.budget);
  const amount = `${context.currency} ${grouped(roundForReading(move.amount))}`;
  const from = context.label(move.from);
  const to = context.label(move.to);
  if (context.language === 'zh-CN') {
    return `将预算的 ${share}（${amount}）从${from}转到${to}，${changeVerb(effect, context)}（p10–p90：${range(effect, context)}）。`;
  }
  return `Moving ${share} of the budget (${amount}) from ${from} to ${to} ${changeVerb(effect, context)} (p10-p90: ${range(effect, context)}).`;
}

/** The headline: what the whole recommended split changes for the same budget. */
export function describeReallocation(effect: Band, context: WordingContext): string {
  if (context.language === 'zh-CN') {
    return `在相同预算下，推荐的分配方案${changeVerb(effect, context)}（p10–p90：${range(effect, context)}）。`;
  }
  return `For the same budget, the recommended split ${changeVerb(effect, context)} (p10-p90: ${range(effect, context)}).`;
}

/** Said when the plan's split is already as good as the engine can make it. */
export function describeAlreadyOptimal(context: Pick<WordingContext, 'language'>): string {
  return context.language === 'zh-CN'
    ? '当前的预算分配已接近该预算下的最优方案，无需调整。'
    : 'The current split is already close to the best for this budget; no move is worth making.';
}

/** What a larger budget would add if spent as recommended. */
export function describeBudgetIncrease(
  increase: number,
  effect: Band,
  context: Pick<WordingContext, 'language' | 'objective' | 'currency' | 'label' | 'budget'>,
): string {
  const full = { ...context };
  const share = percentOf(increase, context.budget);
  const amount = `${context.currency} ${grouped(roundForReading(increase))}`;
  if (context.language === 'zh-CN') {
    return `预算增加 ${share}（${amount}）并按推荐分配，${changeVerb(effect, full)}（p10–p90：${range(effect, full)}）。`;
  }
  return `Adding ${share} to the budget (${amount}), split as recommended, ${changeVerb(effect, full)} (p10-p90: ${range(effect, full)}).`;
}
