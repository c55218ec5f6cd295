import { drop, pass, type StepResult } from '../types';

export interface TimestampLimits {
  /** How far ahead of the server clock an event may claim to be (client clocks drift). */
  maxFutureMs: number;
  /** How old an event may be when it arrives (API imports and WAL replays carry their own time). */
  maxAgeMs: number;
}

export const DEFAULT_TIMESTAMP_LIMITS: TimestampLimits = {
  maxFutureMs: 5 * 60_000,
  maxAgeMs: 7 * 24 * 60 * 60_000,
};

/**
 * Step 3: the event's time is the time it was received unless the caller supplies one (compatible
 * APIs, replays); a time far outside the receiving moment is a broken clock or a forged body.
 */
export function checkTimestamp(
  occurredAt: number | undefined,
  receivedAt: number,
  limits: TimestampLimits = DEFAULT_TIMESTAMP_LIMITS,
): StepResult<number> {
  const timestamp = occurredAt ?? receivedAt;
  if (!Number.isFinite(timestamp)) return drop('absurd_timestamp', 'not a finite time');
  if (timestamp > receivedAt + limits.maxFutureMs) return drop('absurd_timestamp', 'in the future');
  if (timestamp < receivedAt - limits.maxAgeMs) return drop('absurd_timestamp', 'too old');
  return pass(Math.trunc(timestamp));
}
