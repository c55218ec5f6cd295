import { type TrackerEvent, trackerEventSchema } from '../../../../shared/contracts/tracker-event';
import { drop, pass, type StepResult } from '../types';

/** Step 2: the tracker contract; property and revenue faults get their own reason so owners can tell. */
export function validateEvent(value: unknown): StepResult<TrackerEvent> {
  const parsed = trackerEventSchema.safeParse(value);
  if (parsed.success) return pass(parsed.data);
  const issues = parsed.error.issues;
  const detail = issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
  const onlyProps = issues.every((issue) => issue.path[0] === 'p' || issue.path[0] === '$');
  return drop(onlyProps ? 'invalid_props' : 'invalid_payload', detail);
}
