import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotDir } from '../support/browser';
import { startServerProcess } from '../support/server-process';

/**
 * The whole path in a real browser: static pages on their own origin load the built tracker from
 * the Marketloop server (`/js/marketloop.js`), which posts to the real `/api/collect`; the
 * dashboard then shows those visits. Headless Chromium's own user agent is dropped as a bot, so the
 * context uses a normal desktop Chrome one.
 */

const USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const EMAIL = 'chen@example.com';
const PASSWORD = 'a long enough password';

let server: Awaited<ReturnType<typeof startServerProcess>>;
let fixtures: Server;
let fixtureOrigin: string;
let context: BrowserContext;
let profile: string;
let app: Page;
let workspaceId: string;
let siteId: string;

function fixturePage(title: string, body: string, scriptAttributes = '') {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${title}</title>
    <script defer data-site="${siteId}" data-allow-localhost ${scriptAttributes} src="${server.baseUrl}/js/marketloop.js"></script>
  </head>
  <body>${body}</body>
</html>`;
}

/** A tiny static site on 127.0.0.1; `localhost` on the same port is "another host" for outbound links. */
async function startFixtures() {
  const port = () => (fixtures.address() as AddressInfo).port;
  fixtures = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fixture');
    if (url.pathname === '/shop/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
        fixturePage(
          'Tea shop',
          `<h1>Tea shop</h1>
           <p><a id="partner" href="http://localhost:${port()}/away">Our tea farm partner</a></p>
           <button id="book">Book a tasting</button>`,
        ),
      );
    } else if (url.pathname === '/hash.html') {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(fixturePage('Hash router', '<h1>Hash-routed app</h1>', 'data-hash="true"'));
    } else if (url.pathname === '/away') {
      // 204: the browser stays on the page that sent the outbound click.
      res.writeHead(204).end();
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => fixtures.listen(0, '127.0.0.1', resolve));
  fixtureOrigin = `http://127.0.0.1:${port()}`;
}

/** Headless pages are never hidden; drive the Page Visibility API the way a tab switch does. */
function setVisibility(page: Page, state: 'hidden' | 'visible') {
  return page.evaluate((next) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => next });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => next === 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);
}

/** A signed-in API call from the Marketloop tab (session cookie + CSRF double-submit). */
function apiCall<T>(method: string, url: string, body?: unknown): Promise<T> {
  return app.evaluate(
    async ([m, u, b]) => {
      const csrf = /(?:^|; )ml_csrf=([^;]+)/.exec(document.cookie)?.[1];
      const res = await fetch(u, {
        method: m,
        headers: {
          'content-type': 'application/json',
          ...(csrf ? { 'x-csrf-token': decodeURIComponent(csrf) } : {}),
        },
        body: b === undefined ? undefined : JSON.stringify(b),
      });
      return res.json();
    },
    [method, url, body] as const,
  );
}

const stats = <T>(report: string, query = 'period=30d&limit=50') =>
  apiCall<T>('GET', `/api/workspaces/${workspaceId}/sites/${siteId}/stats/${report}?${query}`);

beforeAll(async () => {
  server = await startServerProcess();
  const res = await fetch(`${server.baseUrl}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Chen Jie',
      email: EMAIL,
      password: PASSWORD,
      workspaceName: 'Hill Tea Co',
      workspaceKind: 'company',
    }),
  });
  workspaceId = (await res.json()).workspace.id;
  await startFixtures();
  profile = mkdtempSync(path.join(tmpdir(), 'ml-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    userAgent: USER_AGENT,
    viewport: { width: 1366, height: 900 },
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
  app = await context.newPage();
});

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  await new Promise<void>((resolve) => (fixtures ? fixtures.close(() => resolve()) : resolve()));
  await server?.stop();
});

describe('tracker to dashboard', () => {
  it('tracks pageviews, SPA and hash navigation, engagement, an outbound click and revenue, and the dashboard shows them', async () => {
    await app.goto(`${server.baseUrl}/login`);
    await app.getByTestId('login-email').fill(EMAIL);
    await app.getByTestId('login-password').fill(PASSWORD);
    await app.getByTestId('login-submit').click();
    await app.waitForURL(/\/w\//);
    const site = await apiCall<{ id: string }>('POST', `/api/workspaces/${workspaceId}/sites`, {
      name: 'Hill Tea shop',
      hostnames: ['127.0.0.1'],
    });
    siteId = site.id;
    expect(siteId).toMatch(/^[0-9a-f-]{36}$/);

    const shop = await context.newPage();
    await shop.goto(`${fixtureOrigin}/shop/index.html`);
    await shop.waitForFunction(
      () => typeof (window as unknown as { marketloop?: unknown }).marketloop === 'function',
    );

    // Single-page-app navigation through the history API.
    await shop.evaluate(() => history.pushState({}, '', '/shop/pricing'));
    await shop.waitForTimeout(1200);
    await shop.evaluate(() => history.pushState({}, '', '/shop/checkout'));

    // Visible time is sent when the page is hidden (needs at least a second on the page).
    await shop.waitForTimeout(1500);
    await setVisibility(shop, 'hidden');
    await setVisibility(shop, 'visible');

    await shop.click('#partner');
    await shop.evaluate(
      () =>
        new Promise<void>((resolve) =>
          (window as unknown as { marketloop: (name: string, options: object) => void }).marketloop(
            'consultation',
            {
              props: { tea: 'oolong', guests: 2 },
              revenue: { amount: 120, currency: 'EUR' },
              callback: resolve,
            },
          ),
        ),
    );

    // A hash-routed app counts fragments as pages.
    await shop.goto(`${fixtureOrigin}/hash.html`);
    await shop.waitForFunction(
      () => typeof (window as unknown as { marketloop?: unknown }).marketloop === 'function',
    );
    await shop.evaluate(() => {
      location.hash = '#/contact';
    });
    await shop.waitForTimeout(300);
    await shop.close();

    // Events reach the store through the write-ahead log and the batch loader: poll, don't sleep.
    type Breakdown = { rows: { value: string; visitors: number; pageviews: number }[] };
    await expect
      .poll(async () => (await stats<Breakdown>('pages')).rows.map((r) => r.value).sort(), {
        timeout: 30_000,
      })
      .toEqual(['/hash.html', '/hash.html#/contact', '/shop/checkout', '/shop/index.html', '/shop/pricing']);
    await expect
      .poll(
        async () => (await stats<{ metrics: { engagementTime: number } }>('summary')).metrics.engagementTime,
        {
          timeout: 30_000,
        },
      )
      .toBeGreaterThan(0);
    const summary = await stats<{ metrics: { visitors: number; visits: number; pageviews: number } }>(
      'summary',
    );
    expect(summary.metrics).toEqual(expect.objectContaining({ visitors: 1, visits: 1, pageviews: 5 }));

    // The dashboard: goals defined in the UI count the custom event (with revenue) and the outbound click.
    await app.goto(`${server.baseUrl}/w/${workspaceId}/analytics/${siteId}`);
    await expect.poll(() => app.getByTestId('metric-pageviews').getAttribute('data-value')).toBe('5');
    expect(await app.getByTestId('metric-visitors').getAttribute('data-value')).toBe('1');
    expect(Number(await app.getByTestId('metric-engagementTime').getAttribute('data-value'))).toBeGreaterThan(
      0,
    );

    const pages = app.getByTestId('panel-pages');
    for (const page of ['/shop/index.html', '/shop/pricing', '/shop/checkout', '/hash.html#/contact']) {
      await pages.getByText(page, { exact: true }).waitFor();
    }

    for (const [name, match] of [
      ['Tasting booked', 'consultation'],
      ['Partner click', 'Outbound Link: Click'],
    ]) {
      await app.getByTestId('goal-add').click();
      await app.getByTestId('goal-match').fill(match);
      await app.getByTestId('goal-name').fill(name);
      await app.getByTestId('goal-save').click();
      await app.getByTestId('goal-modal').waitFor({ state: 'detached' });
    }
    const booked = app.getByTestId('goal-row').filter({ hasText: 'Tasting booked' });
    await expect
      .poll(() => booked.getByTestId('goal-conversions').textContent(), { timeout: 15_000 })
      .toBe('1');
    expect(await booked.getByTestId('goal-rate').textContent()).toBe('100%');
    expect(await booked.getByTestId('goal-revenue').textContent()).toMatch(/120\.00/);
    const partner = app.getByTestId('goal-row').filter({ hasText: 'Partner click' });
    await expect.poll(() => partner.getByTestId('goal-conversions').textContent()).toBe('1');

    // A funnel from the landing page through checkout to the booking.
    await app.getByTestId('funnel-add').click();
    await app.getByTestId('funnel-name').fill('Shop to tasting');
    const steps = app.getByTestId('funnel-step-match');
    await steps.nth(0).fill('/shop/index.html');
    await steps.nth(1).fill('/shop/checkout');
    await app.getByTestId('funnel-step-add').click();
    await app.getByTestId('funnel-step-kind').nth(2).click();
    await app.getByRole('option', { name: 'Event' }).click();
    await steps.nth(2).fill('consultation');
    await app.getByTestId('funnel-save').click();
    const funnelRows = app.getByTestId('funnel-step-row');
    await expect.poll(() => funnelRows.count(), { timeout: 15_000 }).toBe(3);
    expect(await funnelRows.nth(2).textContent()).toContain('consultation');

    // Deleting a goal asks once, then removes it from the panel.
    await partner.getByTestId('goal-delete').click();
    await app.getByTestId('confirm-action').click();
    await expect.poll(() => partner.count(), { timeout: 15_000 }).toBe(0);
    expect(await booked.count()).toBe(1);

    await app.mouse.move(0, 0);
    await app.evaluate(() => window.scrollTo(0, 0));
    await app.screenshot({ path: path.join(screenshotDir, 'tracker-to-dashboard.png'), fullPage: true });
  });
});
