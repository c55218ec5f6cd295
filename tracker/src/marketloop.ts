/**
 * Marketloop browser tracker, served at /js/marketloop.js. Dependency-free and under 2 KB gzipped
 * (tracker/tracker.test.ts measures the build). Install with:
 *   <script defer data-site="SITE_ID" src="https://HOST/js/marketloop.js"></script>
 * The payload contract lives in src/shared/contracts/tracker-event.ts; see docs/tracker.md.
 */
import type { TrackerEvent, TrackerProps } from '../../src/shared/contracts/tracker-event';

export interface TrackOptions {
  props?: Record<string, unknown>;
  revenue?: { amount: number | string; currency: string };
  callback?: () => void;
}
type Marketloop = ((name: string, options?: TrackOptions) => void) & { q?: ArrayLike<unknown>[]; l?: 1 };

const win = window as Window & { marketloop?: Marketloop };
const doc = document;
const loc = location;
// A tag manager may run us outside of script execution, where currentScript is null.
const script = (doc.currentScript || doc.querySelector('script[data-site]')) as HTMLScriptElement | null;
const data = (key: string) => (script ? script.getAttribute(`data-${key}`) : null);
const site = data('site');
const hashMode = data('hash') === 'true';
const endpoint = `${(data('api') || (script ? new URL(script.src, loc.href).origin : '')).replace(/\/+$/, '')}/api/collect`;
// Development and saved copies of a page would pollute a site's figures.
const skip =
  !site ||
  (data('allow-localhost') === null &&
    (/^(localhost|127(\.\d+){3}|\[::1\])$/.test(loc.hostname) || loc.protocol === 'file:'));

let pageUrl = '';
let pageRef: string | null = doc.referrer.slice(0, 2048) || null;
let engagedMs = 0;
// performance.now() when the page last became visible, 0 while hidden.
let visibleSince = 0;
let scrollDepth = 0;

const ignored = () => {
  try {
    return localStorage.getItem('marketloop_ignore') === 'true';
  } catch {
    // Storage is blocked in some sandboxed iframes; without it nobody can have opted out.
    return false;
  }
};

const currentUrl = () => (hashMode ? loc.href : loc.href.split('#')[0]).slice(0, 2048);

function send(name: string, extra: Partial<TrackerEvent>, callback?: () => void) {
  const done = callback || (() => {});
  if (skip || ignored()) return done();
  const event: TrackerEvent = Object.assign(
    {
      n: name,
      u: pageUrl || currentUrl(),
      d: site as string,
      r: pageRef,
      t: doc.title.slice(0, 512),
      w: innerWidth,
    },
    extra,
  );
  if (hashMode) event.h = true;
  const body = JSON.stringify(event);
  try {
    // A beacon survives the page unloading, so clicks and hides need no delay.
    if (navigator.sendBeacon(endpoint, body)) return done();
  } catch {}
  // A string body is text/plain and no-cors needs no CORS headers: no preflight, ever.
  fetch(endpoint, { method: 'POST', body, keepalive: true, mode: 'no-cors' }).then(done, done);
}

function measureScroll() {
  const height = doc.documentElement.scrollHeight;
  const depth = height ? Math.min(100, Math.round(((scrollY + innerHeight) / height) * 100)) : 100;
  if (depth > scrollDepth) scrollDepth = depth;
}

function restartEngagement() {
  engagedMs = 0;
  visibleSince = doc.visibilityState === 'visible' ? performance.now() : 0;
}

// Adds the visible time since the last call and sends it once it is worth a second.
function flush() {
  const now = performance.now();
  if (visibleSince) engagedMs += now - visibleSince;
  visibleSince = doc.visibilityState === 'visible' ? now : 0;
  measureScroll();
  if (pageUrl && engagedMs >= 1000) {
    // The title is the pageview's; at an SPA navigation document.title may already be the next page's.
    send('engagement', { e: Math.round(engagedMs), sd: scrollDepth, t: undefined });
    engagedMs = 0;
  }
}

function pageview() {
  const url = currentUrl();
  if (url === pageUrl) return;
  if (pageUrl) {
    flush();
    // Same referrer a full page load would report, so SPAs and classic sites read alike.
    pageRef = pageUrl;
  }
  pageUrl = url;
  restartEngagement();
  scrollDepth = 0;
  measureScroll();
  send('pageview', {});
}

function cleanProps(props: Record<string, unknown>) {
  const clean: TrackerProps = {};
  let count = 0;
  for (const key in props) {
    const value = props[key];
    const type = typeof value;
    if (
      count < 30 &&
      key &&
      key.length <= 64 &&
      (type === 'string' || type === 'boolean' || (type === 'number' && Number.isFinite(value)))
    ) {
      clean[key] = type === 'string' ? (value as string).slice(0, 256) : (value as number | boolean);
      count++;
    }
  }
  return clean;
}

const track: Marketloop = (name, options) => {
  const { props, revenue, callback } = options || {};
  const extra: Partial<TrackerEvent> = {};
  if (props) extra.p = cleanProps(props);
  if (revenue) {
    const amount = +revenue.amount;
    if (Number.isFinite(amount) && revenue.currency)
      extra.$ = { a: amount, c: `${revenue.currency}`.toUpperCase() };
  }
  send(`${name}`.slice(0, 120), extra, callback);
};
track.l = 1;

function onClick(event: MouseEvent) {
  const target = event.target as Element;
  const link = target.closest ? (target.closest('a[href],area[href]') as HTMLAnchorElement | null) : null;
  if (!link || (event.type === 'auxclick' && event.button !== 1)) return;
  const name =
    link.hasAttribute('download') ||
    /\.(pdf|xlsx?|docx?|pptx?|od[tsp]|csv|txt|rtf|epub|zip|rar|7z|t?gz|dmg|exe|msi|pkg|apk|mp[34]|mov|avi|wav)$/i.test(
      link.pathname,
    )
      ? 'File Download'
      : link.host && link.host !== loc.host && /^https?:$/.test(link.protocol)
        ? 'Outbound Link: Click'
        : '';
  // Query and fragment stay out: signed download links and tokens live there.
  if (name) send(name, { p: { url: (link.origin + link.pathname).slice(0, 256) } });
}

function start() {
  pageview();
  const queue = stub?.q;
  if (queue) for (let i = 0; i < queue.length; i++) track.apply(null, queue[i] as Parameters<Marketloop>);
}

const stub = win.marketloop;
// A second copy of the snippet must not double every event.
if (!stub?.l) {
  win.marketloop = track;
  const history = win.history;
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      original.apply(this, args);
      pageview();
    };
  }
  addEventListener('popstate', pageview);
  if (hashMode) addEventListener('hashchange', pageview);
  doc.addEventListener('visibilitychange', flush);
  addEventListener('pagehide', flush);
  // A page restored from the back/forward cache is viewed again but runs no script.
  addEventListener('pageshow', (event) => {
    if (event.persisted) {
      restartEngagement();
      send('pageview', {});
    }
  });
  addEventListener('scroll', measureScroll, { passive: true });
  doc.addEventListener('click', onClick);
  doc.addEventListener('auxclick', onClick);
  // A prerendered page may never be shown; count it when it is.
  if ((doc as { prerendering?: boolean }).prerendering) doc.addEventListener('prerenderingchange', start);
  else start();
}
