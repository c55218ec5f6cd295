import type {
  BudgetCategory,
  BudgetLine,
  ChecklistStatus,
  FeasibilitySection,
  PlanLanguage,
  WebsiteChecklistItem,
} from '../../../shared/contracts/plan';
import type { ChannelId } from '../../forecasting/channel-catalog';
import { addDays, addMonths, addMonthsToMonth, isValidIsoDate, monthOf } from '../dates';
import { defaultFeasibilitySection } from '../feasibility';
import { defaultWebsiteChecklist } from '../website-checklist';

export interface TemplateOptions {
  language: PlanLanguage;
  /** First day of the plan (YYYY-MM-DD); every date in a template is relative to it. */
  start: string;
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export type TemplateKit = ReturnType<typeof templateKit>;

/** Helpers every template uses: the language switch, dates relative to the start, money in the plan's currency. */
export function templateKit({ language, start }: TemplateOptions) {
  if (!isValidIsoDate(start)) throw new RangeError(`start must be a date as YYYY-MM-DD, got '${start}'`);
  const zh = language === 'zh-CN';
  const end = addDays(addMonths(start, 12), -1);
  const firstMonth = monthOf(start);
  // Chinese templates plan in yuan; English ones in dollars, the scale the channel catalog's default rates assume.
  const currency = zh ? 'CNY' : 'USD';

  const kit = {
    language,
    zh,
    currency,
    horizon: { start, end },
    /** Picks the text of the template's language. */
    t: (en: string, zhText: string) => (zh ? zhText : en),
    /** The date `offset` days after the start, never past the horizon's last day. */
    day: (offset: number) => {
      const date = addDays(start, offset);
      return date.localeCompare(end) > 0 ? end : date;
    },
    end,
    /** The `index`-th month of the plan (0 = the start's month) as YYYY-MM. */
    month: (index: number) => addMonthsToMonth(firstMonth, index),
    /** The calendar month (1-12) of the plan's `index`-th month, for seasonal budgets. */
    calendarMonth: (index: number) => Number(addMonthsToMonth(firstMonth, index).slice(5, 7)),
    monthName: (month: string) => {
      const [y, m] = month.split('-').map(Number);
      return zh ? `${y}年${m}月` : `${MONTHS_EN[m - 1]} ${y}`;
    },
    /** Amounts are written in yuan; the English plan gets a rounded dollar figure of the same size. */
    money: (yuan: number) => {
      if (zh) return yuan;
      const dollars = yuan / 7;
      const step = dollars >= 1000 ? 50 : 10;
      return Math.round(dollars / step) * step;
    },
  };

  return {
    ...kit,
    /** One budget line per month with the given yuan amounts (index = month of the plan; 0 or missing = no line). */
    monthlyLines(spec: {
      id: string;
      category: BudgetCategory;
      channel?: ChannelId;
      label: string;
      amounts: (index: number) => number;
    }): BudgetLine[] {
      const lines: BudgetLine[] = [];
      for (let index = 0; index < 12; index++) {
        const amount = spec.amounts(index);
        if (!amount) continue;
        const month = kit.month(index);
        lines.push({
          id: `${spec.id}-${String(index + 1).padStart(2, '0')}`,
          category: spec.category,
          ...(spec.channel ? { channel: spec.channel } : {}),
          label: `${spec.label} ${kit.monthName(month)}`,
          month,
          planned: kit.money(amount),
          currency,
        });
      }
      return lines;
    },
    /** The default criteria with this plan's scores and notes ([score, English note, Chinese note]). */
    feasibility(scores: Record<string, [number, string, string]>, conclusion: string): FeasibilitySection {
      const section = defaultFeasibilitySection(language);
      for (const dimension of Object.values(section.dimensions)) {
        for (const criterion of dimension.criteria) {
          const scored = scores[criterion.id];
          if (!scored) continue;
          criterion.score = scored[0];
          criterion.note = zh ? scored[2] : scored[1];
        }
      }
      section.conclusion = conclusion;
      return section;
    },
    /** The default website checklist with this plan's statuses and owners. */
    website(status: Record<string, [ChecklistStatus, string]>): WebsiteChecklistItem[] {
      return defaultWebsiteChecklist(language).map((item) => {
        const set = status[item.id];
        return set ? { ...item, status: set[0], owner: set[1] } : item;
      });
    },
  };
}
