import type { DropReason } from '../ingestion/types';

/**
 * Maps the payloads of Plausible's Events API and Umami's collect API onto the tracker contract
 * (`shared/contracts/tracker-event.ts`), so a site running either tracker can point it at
 * Marketloop unchanged. Mapping only reshapes; the pipeline's validation still decides.
 */

type Json = Record<string, unknown>;
export type TrackerShape = Record<string, unknown>;

export type Mapped<T> = { ok: true; value: T } | { ok: false; reason: DropReason; detail: string };

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (reason: DropReason, detail: string) => ({ ok: false as const, reason, detail });

/** Scalars stay; nested objects flatten to dotted keys (Umami's event data); arrays become JSON text. */
function flattenProps(data: Json, prefix = '', out: Record<string, unknown> = {}, depth = 0) {
  for (const [key, value] of Object.entries(data)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value === null || value === undefined) continue;
    if (isObject(value) && depth < 3) flattenProps(value, name, out, depth + 1);
    else if (typeof value === 'object') out[name] = JSON.stringify(value);
    else out[name] = value;
  }
  return out;
}

function revenueOf(value: unknown): Mapped<{ a: number; c: string } | undefined> {
  if (value === undefined || value === null) return { ok: true, value: undefined };
  if (!isObject(value)) return fail('invalid_props', 'revenue: must be {amount, currency}');
  const amount = typeof value.amount === 'string' ? Number(value.amount) : value.amount;
  const currency = typeof value.currency === 'string' ? value.currency.trim().toUpperCase() : value.currency;
  if (typeof amount !== 'number' || !Number.isFinite(amount)) {
    return fail('invalid_props', 'revenue.amount: must be a number');
  }
  return { ok: true, value: { a: amount, c: currency as string } };
}

export interface PlausibleEvent {
  /** Site ids or hostnames named in `domain` (Plausible allows a comma-separated list). */
  domains: string[];
  /** Tracker-shaped event without `d`. */
  event: TrackerShape;
}

/**
 * Plausible's Events API body: `{name, url, domain, referrer?, props?, revenue?, interactive?}`, or
 * the short keys its own script sends (`n, u, d, r, p|m, h, $, e, sd, w`).
 */
export function mapPlausibleEvent(body: unknown): Mapped<PlausibleEvent> {
  if (!isObject(body)) return fail('invalid_payload', '(body): must be a JSON object');
  const domain = body.domain ?? body.d;
  if (typeof domain !== 'string' || domain.trim() === '') {
    return fail('invalid_payload', 'domain: is required (a site id or a hostname the site lists)');
  }
  const domains = [
    ...new Set(
      domain
        .split(',')
        .map((d) => d.trim())
        .filter(Boolean),
    ),
  ];
  if (domains.length > 10) return fail('invalid_payload', 'domain: at most 10 domains');

  let props = body.props ?? body.p ?? body.meta ?? body.m;
  // Older Plausible scripts send props as a JSON string.
  if (typeof props === 'string') {
    try {
      props = JSON.parse(props);
    } catch {
      return fail('invalid_props', 'props: not valid JSON');
    }
  }
  if (props !== undefined && props !== null && !isObject(props)) {
    return fail('invalid_props', 'props: must be an object');
  }
  if (isObject(props)) {
    for (const [key, value] of Object.entries(props)) {
      if (value !== null && typeof value === 'object') {
        return fail('invalid_props', `props.${key}: must be a string, number or boolean`);
      }
    }
  }
  const revenue = revenueOf(body.revenue ?? body.$);
  if (!revenue.ok) return revenue;

  const event: TrackerShape = {
    n: body.name ?? body.n,
    u: body.url ?? body.u,
    r: body.referrer ?? body.r ?? null,
    w: body.screen_width ?? body.w ?? 0,
  };
  const hash = body.hashMode ?? body.h;
  if (hash === 1 || hash === true) event.h = true;
  if (isObject(props)) {
    const clean = Object.fromEntries(Object.entries(props).filter(([, v]) => v !== null && v !== undefined));
    if (Object.keys(clean).length > 0) event.p = clean;
  }
  if (revenue.value) event.$ = revenue.value;
  // Plausible's engagement events: engagement time and scroll depth.
  const engagement = body.engagement_time ?? body.e;
  if (engagement !== undefined) event.e = engagement;
  const scroll = body.scroll_depth ?? body.sd;
  if (typeof scroll === 'number' && scroll >= 0 && scroll <= 100) event.sd = Math.round(scroll);
  return { ok: true, value: { domains, event } };
}

export type UmamiSend =
  | { kind: 'event'; website: string; event: TrackerShape; occurredAt?: number }
  /** `identify` calls and the like: accepted, nothing to store. */
  | { kind: 'ignored' };

/**
 * Umami's `POST /api/send`: `{type: 'event', payload: {website, hostname, url, referrer, title,
 * name?, data?, screen?, language?}}`. `url` is usually a path; `name` makes it a custom event;
 * `data` becomes properties, and `data.revenue` with `data.currency` also the event's revenue;
 * `timestamp` (unix seconds) is the event's own time.
 */
export function mapUmamiSend(body: unknown): Mapped<UmamiSend> {
  if (!isObject(body)) return fail('invalid_payload', '(body): must be a JSON object');
  if (body.type === 'identify') return { ok: true, value: { kind: 'ignored' } };
  if (body.type !== 'event') return fail('invalid_payload', "type: must be 'event' or 'identify'");
  const p = body.payload;
  if (!isObject(p)) return fail('invalid_payload', 'payload: must be an object');
  if (typeof p.website !== 'string' || p.website === '') {
    return fail('invalid_payload', 'payload.website: is required (the site id)');
  }
  if (typeof p.url !== 'string') return fail('invalid_payload', 'payload.url: is required');
  let url = p.url;
  if (!/^https?:\/\//i.test(url)) {
    if (typeof p.hostname !== 'string' || p.hostname === '') {
      return fail('invalid_payload', 'payload.hostname: is required when url is a path');
    }
    url = `https://${p.hostname}${url.startsWith('/') ? '' : '/'}${url}`;
  }
  const event: TrackerShape = {
    n: p.name === undefined || p.name === null || p.name === '' ? 'pageview' : p.name,
    u: url,
    r: typeof p.referrer === 'string' && p.referrer !== '' ? p.referrer : null,
    w: 0,
  };
  if (typeof p.title === 'string' && p.title !== '') event.t = p.title;
  if (typeof p.screen === 'string') {
    const width = Number.parseInt(p.screen.split('x', 1)[0], 10);
    if (Number.isInteger(width) && width > 0 && width <= 100_000) event.w = width;
  }
  if (p.data !== undefined && p.data !== null) {
    if (!isObject(p.data)) return fail('invalid_props', 'payload.data: must be an object');
    const props = flattenProps(p.data);
    if (Object.keys(props).length > 0) event.p = props;
    if (p.data.revenue !== undefined) {
      const revenue = revenueOf({ amount: p.data.revenue, currency: p.data.currency });
      if (!revenue.ok) return revenue;
      event.$ = revenue.value;
    }
  }
  // Umami accepts the event's own time (unix seconds) for imports; the pipeline judges it.
  if (p.timestamp !== undefined) {
    if (typeof p.timestamp !== 'number' || !Number.isFinite(p.timestamp)) {
      return fail('invalid_payload', 'payload.timestamp: must be unix seconds');
    }
    return { ok: true, value: { kind: 'event', website: p.website, event, occurredAt: p.timestamp * 1000 } };
  }
  return { ok: true, value: { kind: 'event', website: p.website, event } };
}
