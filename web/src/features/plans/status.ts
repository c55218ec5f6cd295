import type { PlanStatus } from '../../api/plans';
import type { Role } from '../../api/types';
import { atLeast } from '../../lib/roles';

export const statusColor: Record<PlanStatus, string> = {
  draft: 'gray',
  in_review: 'yellow',
  approved: 'teal',
  in_execution: 'blue',
  closed: 'dark',
};

export function verdictColor(verdict: string | null | undefined): string {
  switch (verdict) {
    case 'ready':
      return 'teal';
    case 'ready_with_gaps':
      return 'yellow';
    case 'not_ready':
      return 'red';
    default:
      return 'gray';
  }
}

export function readinessColor(readiness: number | null | undefined): string {
  if (readiness === null || readiness === undefined) return 'gray';
  if (readiness >= 70) return 'teal';
  if (readiness >= 50) return 'yellow';
  if (readiness >= 40) return 'orange';
  return 'red';
}

export interface Transition {
  to: PlanStatus;
  /** i18n key under plans.workflow */
  action: 'submit' | 'approve' | 'start' | 'close' | 'backToDraft';
  testId: string;
  minimumRole: Role;
  variant: 'filled' | 'light' | 'default';
}

/** The server's workflow: draft -> in review -> approved -> in execution -> closed; review -> draft; approved -> closed. */
const TRANSITIONS: Record<PlanStatus, Transition[]> = {
  draft: [
    {
      to: 'in_review',
      action: 'submit',
      testId: 'plan-submit-review',
      minimumRole: 'editor',
      variant: 'filled',
    },
  ],
  in_review: [
    { to: 'approved', action: 'approve', testId: 'plan-approve', minimumRole: 'admin', variant: 'filled' },
    {
      to: 'draft',
      action: 'backToDraft',
      testId: 'plan-back-to-draft',
      minimumRole: 'editor',
      variant: 'default',
    },
  ],
  approved: [
    { to: 'in_execution', action: 'start', testId: 'plan-start', minimumRole: 'editor', variant: 'filled' },
    { to: 'closed', action: 'close', testId: 'plan-close', minimumRole: 'editor', variant: 'default' },
  ],
  in_execution: [
    { to: 'closed', action: 'close', testId: 'plan-close', minimumRole: 'editor', variant: 'default' },
  ],
  closed: [],
};

export function transitionsFor(status: PlanStatus, role: Role): Transition[] {
  return TRANSITIONS[status].filter((transition) => atLeast(role, transition.minimumRole));
}
