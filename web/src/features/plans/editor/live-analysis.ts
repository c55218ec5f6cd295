import { useMemo } from 'react';
import { summarizeBudget } from '../../../../../src/modules/plans/budget';
import { isValidIsoDate } from '../../../../../src/modules/plans/dates';
import { scoreFeasibility } from '../../../../../src/modules/plans/feasibility';
import { checkGoals } from '../../../../../src/modules/plans/goal-checks';
import { buildGantt } from '../../../../../src/modules/plans/implementation';
import type { PlanDocument, PlanSections } from '../../../../../src/shared/contracts/plan';
import type { Plan, PlanAnalysis } from '../../../api/plans';

export interface LiveAnalysis extends PlanAnalysis {
  /** Parts recomputed in the browser from unsaved edits (the server confirms them on save). */
  preview: Partial<Record<keyof PlanAnalysis, boolean>>;
}

function validHorizon(document: PlanDocument) {
  const { start, end } = document.sections.purpose.horizon;
  return isValidIsoDate(start) && isValidIsoDate(end) && start < end;
}

/**
 * The server's analysis, with the pure parts (feasibility, goal checks, budget totals, Gantt) recomputed
 * from unsaved edits by the same modules the server runs, so the panels answer while the user types.
 * Channel recommendations depend on workspace rates only the server knows; they update after a save.
 */
export function useLiveAnalysis(plan: Plan, drafts: Partial<PlanSections>): LiveAnalysis {
  return useMemo(() => {
    const analysis: LiveAnalysis = { ...plan.analysis, preview: {} };
    if (Object.keys(drafts).length === 0) return analysis;
    const document: PlanDocument = { ...plan.document, sections: { ...plan.document.sections, ...drafts } };
    const language = document.language;
    const { sections } = document;
    const horizonOk = validHorizon(document);

    if (drafts.feasibility) {
      try {
        analysis.feasibility = scoreFeasibility(
          sections.feasibility,
          language,
          plan.analysis.feasibility.rules,
        );
        analysis.preview.feasibility = true;
      } catch {
        // Keep the saved figures while the edit is incomplete.
      }
    }
    if ((drafts.goals || drafts.channels || drafts.purpose) && horizonOk) {
      try {
        analysis.goalWarnings = checkGoals(
          sections.goals.items,
          {
            horizon: sections.purpose.horizon,
            selectedChannels: sections.channels.selected.map((c) => c.channel),
          },
          language,
        );
        analysis.preview.goalWarnings = true;
      } catch {
        // idem
      }
    }
    if ((drafts.budget || drafts.purpose) && horizonOk) {
      try {
        analysis.budget = summarizeBudget(sections.budget.lines, sections.purpose.horizon);
        analysis.preview.budget = true;
      } catch {
        // idem
      }
    }
    const tasksOk = sections.implementation.tasks.every(
      (task) => isValidIsoDate(task.start) && isValidIsoDate(task.end),
    );
    const milestonesOk = sections.implementation.milestones.every((m) => isValidIsoDate(m.date));
    if ((drafts.implementation || drafts.purpose) && horizonOk && tasksOk && milestonesOk) {
      try {
        analysis.gantt = buildGantt(sections.implementation, sections.purpose.horizon);
        analysis.preview.gantt = true;
      } catch {
        // idem
      }
    }
    return analysis;
  }, [plan, drafts]);
}
