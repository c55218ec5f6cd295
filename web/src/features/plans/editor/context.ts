import { createContext, useContext } from 'react';
import type {
  PlanDocument,
  PlanLanguage,
  PlanSectionKey,
  PlanSections,
} from '../../../../../src/shared/contracts/plan';
import type { ForecastInput, Plan } from '../../../api/plans';
import type { LiveAnalysis } from './live-analysis';
import type { WriteResult } from './use-plan-editor';

export interface PlanIssue {
  path: string;
  message: string;
}

export interface PlanEditorContextValue {
  workspaceId: string;
  plan: Plan;
  /** The document as the user sees it: the saved plan with the unsaved section edits applied. */
  document: PlanDocument;
  /** Labels of vocabularies and the UI follow the interface language. */
  uiLanguage: PlanLanguage;
  readOnly: boolean;
  analysis: LiveAnalysis;
  /** The first problem at or inside a JSON path of the document, already translated. */
  issueAt: (path: string) => string | undefined;
  goToSection: (section: PlanSectionKey) => void;
  /** Runs the forecasting engine on the saved plan (after pending edits are saved). */
  forecast: (input: ForecastInput) => Promise<WriteResult>;
}

export const PlanEditorContext = createContext<PlanEditorContextValue | null>(null);

export function usePlanEditorContext(): PlanEditorContextValue {
  const value = useContext(PlanEditorContext);
  if (!value) throw new Error('usePlanEditorContext must be used inside the plan editor');
  return value;
}

/** What every input needs; kept apart from the plan so typing in one field does not re-render them all. */
export interface FieldState {
  readOnly: boolean;
  issueAt: (path: string) => string | undefined;
}

export const FieldStateContext = createContext<FieldState>({ readOnly: true, issueAt: () => undefined });

export function useFieldState(): FieldState {
  return useContext(FieldStateContext);
}

/** How inputs show their label: visibly (cards, forms) or only to assistive tech (table cells under a header). */
export type LabelMode = 'visible' | 'hidden';
export const LabelModeContext = createContext<LabelMode>('visible');

/** True when `issuePath` is `path` itself or a value inside it (`a.b[2]` is inside `a.b`). */
export function pathMatches(path: string, issuePath: string): boolean {
  return issuePath === path || issuePath.startsWith(`${path}.`) || issuePath.startsWith(`${path}[`);
}

/** What each section form receives: its data (local draft or saved) and a functional updater. */
export interface SectionProps<K extends PlanSectionKey> {
  data: PlanSections[K];
  edit: (updater: (previous: PlanSections[K]) => PlanSections[K]) => void;
}
