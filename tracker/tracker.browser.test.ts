import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type TrackerEvent, trackerEventSchema } from '../src/shared/contracts/tracker-event';
import { buildTracker } from './build';
import { type FixtureServer, startFixtureServer } from './fixture-server';

let server: FixtureServer;
let context: BrowserContext;
let profileDir: string;
const openPages: Page[] = [];

beforeAll(async () => {
  const { code } = await buildTracker({ write: false });
  server = await startFixtureServer(code);
  profileDir = await mkdtemp(join(tmpdir(), 'marketloop-tracker-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterEach(async () => {
  await Promise.all(openPages.splice(0).map((page) => page.close()));
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  if (profileDir) await rm(profileDir, { recursive: true, force: true });
});

async function newPage() {
  const page = await context.newPage();
  openPages.push(page);
  return page;
}

/** Polls until `read` returns something truthy; requests arrive asynchronously. */
async function until<T>(read: () => T | undefined | null | false, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

/** Every event a site sent so far; each one must satisfy the contract the server validates with. */
function eventsOf(site: string): TrackerEvent[] {
  const events = server.collected.filter((request) => request.body.d === site).map((request) => request.body);
  for (const event of events) expect(trackerEventSchema.safeParse(event).error).toBeUndefined();
  return events as TrackerEvent[];
}

function waitForEvent(site: string, match: (event: TrackerEvent) => boolean, what: string) {
  return until(() => eventsOf(site).find(match), `${what} from site ${site}`);
}

function waitForEvents(site: string, name: string, count: number) {
  return until(() => {
    const events = eventsOf(site).filter((event) => event.n === name);
    return events.length >= count && events;
  }, `${count} "${name}" events from site ${site}`);
}

/** Headless pages never get hidden; fake the Page Visibility API the way a tab switch drives it. */
function setVisibility(page: Page, state: 'hidden' | 'visible') {
  return page.evaluate((next) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => next });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => next === 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);
}

type Tracker = (name: string, options?: Record<string, unknown>) => void;

/** Sends a custom event from the page and resolves once the tracker called back. */
function track(page: Page, name: string, options: Record<string, unknown> = {}) {
  return page.evaluate(
    ([eventName, eventOptions]) =>
      new Promise<void>((resolve) =>
        (window as unknown as { marketloop: Tracker }).marketloop(eventName, {
          ...eventOptions,
          callback: resolve,
        }),
      ),
    [name, options] as const,
  );
}

async function openFixture(file: string, site: string, origin = server.origin) {
  const page = await newPage();
  const url = `${origin}/${file}?site=${site}`;
  await page.goto(url);
  await waitForEvent(site, (event) => event.n === 'pageview' && event.u === url, `the pageview of ${url}`);
  return { page, url, width: await page.evaluate(() => innerWidth) };
}

describe('tracker in Chromium', () => {
  it('sends a pageview with url, referrer, title and width as a text/plain beacon, storing nothing', async () => {
    const page = await newPage();
    const url = `${server.origin}/page.html?site=pv`;
    await page.goto(`${url}#pricing-table`, { referer: 'https://www.google.com/' });

    const [pageview] = await waitForEvents('pv', 'pageview', 1);
    expect(pageview).toEqual({
      n: 'pageview',
      u: url,
      d: 'pv',
      r: 'https://www.google.com/',
      t: 'Pricing | Fixture Shop',
      w: await page.evaluate(() => innerWidth),
    });
    const request = server.collected.find((r) => r.body.d === 'pv');
    expect(request?.contentType).toBe('text/plain;charset=UTF-8');
    expect(request?.port).toBe(Number(new URL(server.origin).port));
    expect(await page.evaluate(() => [document.cookie, localStorage.length, sessionStorage.length])).toEqual([
      '',
      0,
      0,
    ]);
  });

  it('tracks SPA navigation through pushState, replaceState and popstate, once per URL', async () => {
    const { page, url, width } = await openFixture('spa.html', 'spa');
    const pricing = `${server.origin}/spa/pricing?site=spa`;
    const checkout = `${server.origin}/spa/checkout?site=spa`;

    await page.evaluate(() => {
      history.pushState({}, '', '/spa/pricing?site=spa');
      history.replaceState({ step: 1 }, '', '/spa/pricing?site=spa');
      // Without data-hash a fragment is not a page of its own.
      history.pushState({}, '', '/spa/pricing?site=spa#faq');
      location.hash = 'plans';
      history.replaceState({}, '', '/spa/checkout?site=spa');
    });
    await waitForEvents('spa', 'pageview', 3);
    // Back from checkout lands on the pricing#faq entry: a popstate to a new URL again.
    await page.evaluate(() => history.back());
    const pageviews = await waitForEvents('spa', 'pageview', 4);
    await track(page, 'sentinel');
    await waitForEvents('spa', 'sentinel', 1);

    const base = { n: 'pageview', d: 'spa', t: 'SPA Home', w: width };
    expect(eventsOf('spa').filter((event) => event.n === 'pageview')).toHaveLength(4);
    expect(pageviews).toEqual(
      expect.arrayContaining([
        { ...base, u: url, r: null },
        { ...base, u: pricing, r: url },
        { ...base, u: checkout, r: pricing },
        { ...base, u: pricing, r: checkout },
      ]),
    );
  });

  it('tracks hash routes as pages when data-hash="true"', async () => {
    const { page, url, width } = await openFixture('hash.html', 'hash');

    await page.evaluate(() => {
      location.hash = '#/pricing';
    });
    await waitForEvents('hash', 'pageview', 2);
    // hashchange and popstate both fire for one change; still one pageview.
    await track(page, 'sentinel');
    await waitForEvents('hash', 'sentinel', 1);

    const pageviews = eventsOf('hash').filter((event) => event.n === 'pageview');
    expect(pageviews).toEqual(
      expect.arrayContaining([
        { n: 'pageview', u: url, d: 'hash', r: null, t: 'Hash Router', w: width, h: true },
        { n: 'pageview', u: `${url}#/pricing`, d: 'hash', r: url, t: 'Hash Router', w: width, h: true },
      ]),
    );
    expect(pageviews).toHaveLength(2);
  });

  it('sends engagement time and scroll depth when the page is hidden', async () => {
    const { page, url, width } = await openFixture('page.html', 'engage');
    // Engagement is time; it has to pass.
    await sleep(1200);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await setVisibility(page, 'hidden');

    const [engagement] = await waitForEvents('engage', 'engagement', 1);
    expect(engagement).toEqual({
      n: 'engagement',
      u: url,
      d: 'engage',
      r: null,
      w: width,
      e: expect.any(Number),
      sd: 100,
    });
    expect(engagement.e).toBeGreaterThanOrEqual(1150);
    expect(engagement.e).toBeLessThan(10_000);
  });

  it('pauses engagement while hidden and sends nothing under one second', async () => {
    const { page } = await openFixture('page.html', 'pause');
    await sleep(600);
    // 0.6 s visible: too little to send, kept for later.
    await setVisibility(page, 'hidden');
    await sleep(2000);
    await setVisibility(page, 'visible');
    await sleep(700);
    await setVisibility(page, 'hidden');

    const [engagement] = await waitForEvents('pause', 'engagement', 1);
    await track(page, 'sentinel');
    await waitForEvents('pause', 'sentinel', 1);
    expect(eventsOf('pause').filter((event) => event.n === 'engagement')).toHaveLength(1);
    // 1.3 s visible plus test overhead; counting the 2 s hidden would make it at least 3.3 s.
    expect(engagement.e).toBeGreaterThanOrEqual(1250);
    expect(engagement.e).toBeLessThan(3000);
    // Scrolled nowhere: the first screen of a 3000 px page.
    expect(engagement.sd).toBeGreaterThan(0);
    expect(engagement.sd).toBeLessThan(50);
  });

  it('sends the engagement of the page being left before an SPA navigation', async () => {
    const { page, url, width } = await openFixture('spa.html', 'spa-engage');
    await sleep(1100);
    await page.evaluate(() => history.pushState({}, '', '/spa/next?site=spa-engage'));

    const [engagement] = await waitForEvents('spa-engage', 'engagement', 1);
    expect(engagement).toEqual({
      n: 'engagement',
      u: url,
      d: 'spa-engage',
      r: null,
      w: width,
      e: expect.any(Number),
      sd: 100,
    });
    expect(engagement.e).toBeGreaterThanOrEqual(1050);
    const next = await waitForEvent(
      'spa-engage',
      (event) => event.n === 'pageview' && event.u !== url,
      'the pageview after pushState',
    );
    expect(next).toEqual({
      n: 'pageview',
      u: `${server.origin}/spa/next?site=spa-engage`,
      d: 'spa-engage',
      r: url,
      t: 'SPA Home',
      w: width,
    });
  });

  it('sends engagement on pagehide when navigating away, and the next page names it as referrer', async () => {
    const { page, url, width } = await openFixture('page.html', 'leave');
    await sleep(1100);
    await page.click('#internal');

    const [engagement] = await waitForEvents('leave', 'engagement', 1);
    expect(engagement).toMatchObject({ n: 'engagement', u: url, d: 'leave', r: null, w: width });
    expect(engagement.e).toBeGreaterThanOrEqual(1050);
    const about = await waitForEvent(
      'leave',
      (event) => event.n === 'pageview' && event.u !== url,
      'the pageview of about.html',
    );
    expect(about).toEqual({
      n: 'pageview',
      u: `${server.origin}/about.html?site=leave`,
      d: 'leave',
      r: url,
      t: 'About | Fixture Shop',
      w: width,
    });
  });

  it('tracks outbound link clicks without query or fragment', async () => {
    const { page, url, width } = await openFixture('page.html', 'outbound');
    await page.click('#outbound');

    const [click] = await waitForEvents('outbound', 'Outbound Link: Click', 1);
    expect(click).toEqual({
      n: 'Outbound Link: Click',
      u: url,
      d: 'outbound',
      r: null,
      t: 'Pricing | Fixture Shop',
      w: width,
      p: { url: `${server.altOrigin}/away` },
    });
  });

  it('tracks file downloads without the query (signed links stay private)', async () => {
    const { page, url, width } = await openFixture('page.html', 'download');
    await page.click('#download');

    const [download] = await waitForEvents('download', 'File Download', 1);
    expect(download).toEqual({
      n: 'File Download',
      u: url,
      d: 'download',
      r: null,
      t: 'Pricing | Fixture Shop',
      w: width,
      p: { url: `${server.origin}/files/price-list.pdf` },
    });
    expect(eventsOf('download').some((event) => event.n === 'Outbound Link: Click')).toBe(false);
  });

  it('sends custom events with properties and revenue, keeping only valid properties', async () => {
    const { page, url, width } = await openFixture('page.html', 'custom');
    await track(page, 'Consultation booked', {
      props: { plan: 'gold', seats: 3, trial: true, nested: { no: 1 }, missing: null, nan: Number.NaN },
      revenue: { amount: '49.90', currency: 'eur' },
    });

    const [custom] = await waitForEvents('custom', 'Consultation booked', 1);
    expect(custom).toEqual({
      n: 'Consultation booked',
      u: url,
      d: 'custom',
      r: null,
      t: 'Pricing | Fixture Shop',
      w: width,
      p: { plan: 'gold', seats: 3, trial: true },
      $: { a: 49.9, c: 'EUR' },
    });
  });

  it('replays calls queued by the stub before the script loaded, after the pageview', async () => {
    const page = await newPage();
    const url = `${server.origin}/queue.html?site=queue`;
    await page.goto(url);

    const [signup] = await waitForEvents('queue', 'Early signup', 1);
    const [purchase] = await waitForEvents('queue', 'Early purchase', 1);
    await page.waitForFunction(
      () => (window as unknown as { earlyCallback?: boolean }).earlyCallback === true,
    );
    const width = await page.evaluate(() => innerWidth);
    const base = { u: url, d: 'queue', r: null, t: 'Queue Stub', w: width };
    expect(signup).toEqual({ ...base, n: 'Early signup', p: { source: 'hero' } });
    expect(purchase).toEqual({ ...base, n: 'Early purchase', $: { a: 12, c: 'USD' } });
    expect(eventsOf('queue').filter((event) => event.n === 'pageview')).toEqual([{ ...base, n: 'pageview' }]);
  });

  it('sends nothing while localStorage.marketloop_ignore is "true"', async () => {
    const page = await newPage();
    // The other origin, so the flag cannot leak into other tests if this one fails midway.
    await page.addInitScript(() => localStorage.setItem('marketloop_ignore', 'true'));
    await page.goto(`${server.altOrigin}/page.html?site=optout`);
    await track(page, 'Ignored event', { props: { a: 1 } });
    await page.click('#download');
    await page.evaluate(() => localStorage.removeItem('marketloop_ignore'));
    await track(page, 'sentinel');

    await waitForEvents('optout', 'sentinel', 1);
    expect(eventsOf('optout').map((event) => event.n)).toEqual(['sentinel']);
  });

  it('sends nothing from localhost without data-allow-localhost', async () => {
    const page = await newPage();
    await page.goto(`${server.origin}/no-localhost.html?site=local`);
    // The callback proves the script ran and took the event.
    await track(page, 'Local event');
    // From the page itself, so the next page's referrer shows the local page really was left.
    await page.evaluate((next) => {
      location.href = next;
    }, `${server.origin}/page.html?site=local-control`);

    const [control] = await waitForEvents('local-control', 'pageview', 1);
    expect(control.r).toBe(`${server.origin}/no-localhost.html?site=local`);
    expect(eventsOf('local')).toEqual([]);
  });

  it('posts to data-api on another origin without a CORS preflight', async () => {
    const { url } = await openFixture('api.html', 'api');

    const requests = server.collected.filter((request) => request.body.d === 'api');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      port: Number(new URL(server.altOrigin).port),
      contentType: 'text/plain;charset=UTF-8',
      body: { n: 'pageview', u: url },
    });
    expect(server.preflights).toBe(0);
  });

  it('falls back to fetch with keepalive when sendBeacon is unavailable', async () => {
    const page = await newPage();
    await page.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'sendBeacon', { configurable: true, value: undefined });
    });
    const url = `${server.origin}/page.html?site=fetch`;
    await page.goto(url);

    const [pageview] = await waitForEvents('fetch', 'pageview', 1);
    expect(pageview).toMatchObject({ n: 'pageview', u: url, d: 'fetch' });
    expect(server.collected.find((request) => request.body.d === 'fetch')?.contentType).toBe(
      'text/plain;charset=UTF-8',
    );
  });
});
