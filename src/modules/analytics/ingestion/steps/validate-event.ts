import {
  TRACKER_EVENT_NAMES,
  TRACKER_LIMITS,
  type TrackerEvent,
  trackerEventSchema,
} from '../../../../shared/contracts/tracker-event';
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

// No whitespace anywhere, so zod's trim and tab/newline stripping would not change the value.
const SIMPLE_HTTP_URL = /^https?:\/\/\S+$/i;
const CURRENCY = /^[A-Z]{3}$/;
const L = TRACKER_LIMITS;

const isInt = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;
const isText = (v: unknown, min: number, max: number): v is string =>
  typeof v === 'string' && v.length >= min && v.length <= max;

/**
 * The hot path of step 2: a hand-written check that accepts only what `trackerEventSchema` accepts
 * and returns the same value, plus the parsed page URL (so it is parsed once). Anything unusual
 * (whitespace in the URL, a missing field ...) returns null and goes through zod, which then
 * accepts or explains. Saves the zod walk on nearly every event.
 */
export function fastTrackerEvent(value: unknown): { event: TrackerEvent; url: URL } | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const o = value as Record<string, unknown>;
  const { n, u, d, r, t, w, h, p, $, e, sd } = o;
  if (!isText(n, 1, L.nameLength) || !isText(d, 1, L.siteIdLength)) return null;
  if (typeof u !== 'string' || u.length > L.urlLength || !SIMPLE_HTTP_URL.test(u)) return null;
  if (r !== null && !isText(r, 0, L.urlLength)) return null;
  if (!isInt(w, 0, L.viewportWidth)) return null;
  const event: TrackerEvent = { n, u, d, r: r as string | null, w };
  if (t !== undefined) {
    if (!isText(t, 0, L.titleLength)) return null;
    event.t = t;
  }
  if (h !== undefined) {
    if (typeof h !== 'boolean') return null;
    event.h = h;
  }
  if (e !== undefined) {
    if (!isInt(e, 0, L.engagementMs)) return null;
    event.e = e;
  } else if (n === TRACKER_EVENT_NAMES.engagement) return null;
  if (sd !== undefined) {
    if (!isInt(sd, 0, 100)) return null;
    event.sd = sd;
  }
  if (p !== undefined) {
    if (typeof p !== 'object' || p === null || Array.isArray(p)) return null;
    const props: Record<string, string | number | boolean> = {};
    let count = 0;
    for (const key of Object.keys(p)) {
      if (++count > L.propCount || key.length < 1 || key.length > L.propKeyLength) return null;
      const v = (p as Record<string, unknown>)[key];
      if (typeof v === 'string') {
        if (v.length > L.propValueLength) return null;
      } else if (!(typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)))) return null;
      props[key] = v as string | number | boolean;
    }
    event.p = props;
  }
  if ($ !== undefined) {
    if (typeof $ !== 'object' || $ === null || Array.isArray($)) return null;
    const { a, c } = $ as Record<string, unknown>;
    if (typeof a !== 'number' || !Number.isFinite(a) || a < -L.revenueAmount || a > L.revenueAmount)
      return null;
    if (typeof c !== 'string' || !CURRENCY.test(c)) return null;
    event.$ = { a, c };
  }
  const url = URL.parse(u);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return null;
  return { event, url };
}
