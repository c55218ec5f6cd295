import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshotDir } from '../support/browser';
import { startServerProcess } from '../support/server-process';

/**
 * The analytics dashboard against the real built server: a site created in the UI, events with
 * stored-XSS payloads sent through the real `/api/collect`, the dashboard showing them as text,
 * click-to-filter, CSV export and the public link (signed out, then revoked).
 */

let server: Awaited<ReturnType<typeof startServerProcess>>;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let workspaceId: string;
let siteId: string;
const dialogs: string[] = [];

const EMAIL = 'zhou@example.com';
const PASSWORD = 'a long enough password';
const HOST = 'shop.example.com';

// What a hostile page (or anyone posting to /api/collect) can put into the store.
const XSS_PATH = '/<img src=x onerror=window.__xss=1>';
const XSS_CAMPAIGN = '"><img src=x onerror=window.__xss=2>';
const XSS_REFERRER = 'https://evil.example/"><script>window.__xss=3</script>';
const XSS_TITLE = '</title><script>window.__xss=4</script>';
const XSS_PROP = '<svg onload=window.__xss=5>';
const XSS_GOAL = '<b onmouseover=window.__xss=6>Signup</b>';

const userAgent = (n: number) =>
  `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.${n}.0 Safari/537.36`;

async function collect(visitor: number, event: Record<string, unknown>) {
  const res = await fetch(`${server.baseUrl}/api/collect`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': userAgent(visitor) },
    body: JSON.stringify({ d: siteId, w: 1366, r: null, ...event }),
  });
  expect(res.status).toBe(202);
  expect(res.headers.get('x-marketloop-dropped')).toBeNull();
}

const url = (p: string) => `https://${HOST}${p}`;

/** A report as the signed-in browser sees it. */
function report<T>(name: string, query = 'period=30d'): Promise<T> {
  return page.evaluate(
    ([w, s, n, q]) => fetch(`/api/workspaces/${w}/sites/${s}/stats/${n}?${q}`).then((r) => r.json()),
    [workspaceId, siteId, name, query],
  );
}

async function shot(name: string) {
  await page.mouse.move(0, 0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  server = await startServerProcess();
  const res = await fetch(`${server.baseUrl}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Zhou Min',
      email: EMAIL,
      password: PASSWORD,
      workspaceName: 'Lotus Tea House',
      workspaceKind: 'company',
    }),
  });
  workspaceId = (await res.json()).workspace.id;
  browser = await launchBrowser({ width: 1366, height: 900 });
  page = await browser.context.newPage();
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('analytics dashboard', () => {
  it('adds a site in the UI and shows the snippet to install, also on its empty dashboard', async () => {
    await page.goto(`${server.baseUrl}/login`);
    await page.getByTestId('login-email').fill(EMAIL);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/w\//);

    await page.getByTestId('nav-analytics').click();
    await page.getByTestId('sites-empty').waitFor();
    await page.getByTestId('sites-empty').getByTestId('site-add').click();
    await page.getByTestId('site-name').fill('Lotus web shop');
    await page.getByTestId('site-hostnames').fill(`https://${HOST}/`);
    await page.getByTestId('site-hostnames').press('Enter');
    await page.getByTestId('site-save').click();

    const snippetInput = page.getByTestId('install-modal').getByTestId('site-snippet');
    await snippetInput.waitFor();
    const snippet = await snippetInput.inputValue();
    const match =
      /^<script defer data-site="([0-9a-f-]{36})" src="(.+)\/js\/marketloop\.js"><\/script>$/.exec(snippet);
    expect(match, snippet).not.toBeNull();
    siteId = match![1];
    expect(match![2]).toBe(server.baseUrl);
    await expect.poll(() => page.getByTestId('install-modal').textContent()).toContain('/api/event');
    await shot('analytics-site-created');
    await page.keyboard.press('Escape');

    const card = page.locator(`[data-testid="site-card"][data-site-id="${siteId}"]`);
    await expect.poll(() => card.textContent()).toContain(HOST);
    await card.getByTestId('site-dashboard').click();
    await page.getByTestId('no-events').waitFor();
    expect(await page.getByTestId('no-events').getByTestId('site-snippet').inputValue()).toBe(snippet);
  });

  it('shows what tracked pages sent as text, never running it', async () => {
    // Six visitors (one user agent each); three of them see /pricing.
    for (let v = 0; v < 6; v++) {
      const landing =
        v === 1
          ? `/?utm_source=newsletter&utm_medium=email&utm_campaign=${encodeURIComponent(XSS_CAMPAIGN)}`
          : '/';
      await collect(v, {
        n: 'pageview',
        u: url(landing),
        r: v === 2 ? XSS_REFERRER : v === 4 ? 'https://www.google.com/' : null,
        t: XSS_TITLE,
      });
      if (v < 3) await collect(v, { n: 'pageview', u: url('/pricing'), t: 'Pricing' });
    }
    await collect(0, { n: 'pageview', u: url(`/${encodeURIComponent(XSS_PATH.slice(1))}`), t: XSS_TITLE });
    await collect(3, {
      n: 'Signup',
      u: url('/signup'),
      t: XSS_TITLE,
      p: { plan: XSS_PROP, [XSS_PROP]: 'key' },
      $: { a: 49.9, c: 'EUR' },
    });
    await collect(0, { n: 'engagement', u: url('/pricing'), e: 42_000, sd: 80 });
    // A page on a host the site does not allow: dropped, and counted for the site's settings.
    const foreign = await fetch(`${server.baseUrl}/api/collect`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': userAgent(9) },
      body: JSON.stringify({ n: 'pageview', d: siteId, u: 'https://copycat.example/', r: null, w: 1366 }),
    });
    expect(foreign.headers.get('x-marketloop-dropped')).toBe('hostname_not_allowed');

    // The loader stores events in batches (about a second): wait for them instead of sleeping.
    await expect
      .poll(
        async () => (await report<{ metrics: { visitors: number; pageviews: number } }>('summary')).metrics,
        {
          timeout: 30_000,
        },
      )
      .toEqual(expect.objectContaining({ visitors: 6, pageviews: 10 }));

    await page.reload();
    const dashboard = page.getByTestId('dashboard');
    await dashboard.waitFor();
    await expect.poll(() => page.getByTestId('metric-visitors').getAttribute('data-value')).toBe('6');
    expect(await page.getByTestId('metric-pageviews').getAttribute('data-value')).toBe('10');
    expect(await page.getByTestId('metric-visits').getAttribute('data-value')).toBe('6');
    expect(
      Number(await page.getByTestId('metric-engagementTime').getAttribute('data-value')),
    ).toBeGreaterThan(0);

    // The payloads appear as the literal text they are.
    const pages = page.getByTestId('panel-pages');
    await pages.getByText(XSS_PATH, { exact: true }).waitFor();
    const sources = page.getByTestId('panel-sources');
    await sources.getByTestId('panel-sources-tab-sources').click();
    await sources.getByText('evil.example', { exact: true }).waitFor();
    await sources.getByTestId('panel-sources-tab-UTM').click();
    await page.getByTestId('panel-sources-tab-utm_campaign').click();
    await sources.getByText(XSS_CAMPAIGN, { exact: true }).waitFor();

    // Page titles sit under their path, as the text they are (the most recent non-empty one).
    const titleOf = (p: string) =>
      pages.locator(`[data-testid="breakdown-row"][data-value="${p}"]`).getByTestId('breakdown-title');
    await expect.poll(() => titleOf('/').textContent()).toBe(XSS_TITLE);
    expect(await titleOf('/pricing').textContent()).toBe('Pricing');
    expect(await titleOf('/').getAttribute('title')).toBe(XSS_TITLE);

    // Custom properties: keys and values are page-sent text too. Both keys have one visitor, so
    // the first in byte order ('<svg…') is shown first.
    const props = page.getByTestId('panel-props');
    await expect.poll(() => props.getByTestId('props-key').inputValue()).toBe(XSS_PROP);
    await props.getByTestId('props-label').filter({ hasText: /^key$/ }).waitFor();
    await props.getByTestId('props-key').click();
    await page.getByRole('option', { name: 'plan', exact: true }).click();
    const planRow = props.getByTestId('props-row').filter({ hasText: XSS_PROP });
    await planRow.getByText(XSS_PROP, { exact: true }).waitFor();
    expect(await planRow.textContent()).toContain('49.90');
    // Clicking a value filters the dashboard by it.
    await planRow.click();
    const propChip = page.getByTestId('filter-chip');
    await propChip.waitFor();
    expect(await propChip.getAttribute('data-dimension')).toBe('prop:plan');
    expect(await propChip.textContent()).toContain(XSS_PROP);
    await expect.poll(() => page.getByTestId('metric-visitors').getAttribute('data-value')).toBe('1');
    await shot('analytics-dashboard-prop-filter');
    await page.getByTestId('filter-chip-remove').click();
    await expect.poll(() => page.getByTestId('metric-visitors').getAttribute('data-value')).toBe('6');

    // A goal whose name is markup too (editors type it; it is shown as text like the rest).
    await page.getByTestId('goal-add').click();
    await page.getByTestId('goal-match').fill('Signup');
    await page.getByTestId('goal-name').fill(XSS_GOAL);
    await page.getByTestId('goal-save').click();
    const goal = page.getByTestId('goal-row').filter({ hasText: XSS_GOAL });
    await expect
      .poll(() => goal.getByTestId('goal-conversions').textContent(), { timeout: 15_000 })
      .toBe('1');
    expect(await goal.getByTestId('goal-revenue').textContent()).toContain('49.90');

    // Hover what could carry handlers, let the charts draw their tooltips.
    await goal.hover();
    await page.getByTestId('timeseries-chart').hover();
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('img[src="x"], svg[onload], b[onmouseover]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await shot('analytics-dashboard-desktop');
  });

  it('filters by clicking a row, keeps the filter in the URL, and exports CSV', async () => {
    const pages = page.getByTestId('panel-pages');
    await pages.getByTestId('breakdown-row').and(page.locator('[data-value="/pricing"]')).click();
    const chip = page.getByTestId('filter-chip');
    await chip.waitFor();
    expect(await chip.getAttribute('data-dimension')).toBe('page');
    expect(await chip.textContent()).toContain('/pricing');
    await expect.poll(() => page.getByTestId('metric-visitors').getAttribute('data-value')).toBe('3');
    expect(new URL(page.url()).searchParams.get('filters')).toBe(
      JSON.stringify([['is', 'page', ['/pricing']]]),
    );

    // The filtered view survives a reload (it is in the URL).
    await page.reload();
    await expect.poll(() => page.getByTestId('metric-visitors').getAttribute('data-value')).toBe('3');

    // Another period keeps the filter; today holds every visit of this test.
    await page.getByTestId('period-picker').click();
    await page.getByTestId('period-day').click();
    await expect.poll(() => page.getByTestId('period-picker').getAttribute('data-period')).toBe('day');
    expect(new URL(page.url()).searchParams.get('period')).toBe('day');
    await expect.poll(() => page.getByTestId('metric-visitors').getAttribute('data-value')).toBe('3');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('panel-pages-csv').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\n')[0]).toMatch(/visitors/i);
    // The export has the filter applied: only the three visits that saw /pricing.
    const rows = csv.trim().split('\n').slice(1);
    expect(rows.find((r) => r.startsWith('/pricing,'))).toMatch(/^\/pricing,3,/);
    expect(rows.find((r) => r.startsWith('/,'))).toMatch(/^\/,3,/);

    const summaryCsv = new URL((await page.getByTestId('summary-csv').getAttribute('href'))!, server.baseUrl);
    expect(summaryCsv.pathname).toBe(`/api/workspaces/${workspaceId}/sites/${siteId}/stats/summary.csv`);
    expect(summaryCsv.searchParams.get('filters')).toBe(JSON.stringify([['is', 'page', ['/pricing']]]));

    // Comparison on: every card shows a change against the previous period.
    await page.getByTestId('compare-toggle').click();
    await expect.poll(() => page.getByTestId('metric-change').count()).toBe(7);
    await shot('analytics-dashboard-filtered');

    await page.getByTestId('filter-chip-remove').click();
    await expect.poll(() => page.getByTestId('metric-visitors').getAttribute('data-value')).toBe('6');
    expect(await page.getByTestId('filter-chip').count()).toBe(0);
  });

  it('works at phone width, in dark mode and in Chinese', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('metric-visitors').waitFor();
    await page.waitForTimeout(500);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot('analytics-dashboard-phone');

    await page.getByTestId('theme-toggle').click();
    await page.waitForTimeout(300);
    await shot('analytics-dashboard-phone-dark');
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.waitForTimeout(300);
    await shot('analytics-dashboard-dark');

    await page.getByTestId('lang-switch').click();
    await page.getByTestId('lang-zh-CN').click();
    await expect.poll(() => page.getByTestId('summary-visitors').textContent()).toContain('独立访客');
    await shot('analytics-dashboard-zh');
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('lang-en').click();
    await page.getByTestId('theme-toggle').click();
  });

  it('shares a read-only public link that works signed out and 404s once revoked', async () => {
    // A saved funnel, to be shown read-only on the public page.
    await page.goto(`${server.baseUrl}/w/${workspaceId}/analytics/${siteId}`);
    await page.getByTestId('funnel-add').click();
    await page.getByTestId('funnel-name').fill('Landing to pricing');
    await page.getByTestId('funnel-step-match').nth(0).fill('/');
    await page.getByTestId('funnel-step-match').nth(1).fill('/pricing');
    await page.getByTestId('funnel-save').click();
    await expect.poll(() => page.getByTestId('funnel-step-row').count()).toBe(2);

    await page.goto(`${server.baseUrl}/w/${workspaceId}/analytics/${siteId}/settings`);
    await page.getByTestId('public-link-create').click();
    const linkInput = page.getByTestId('public-link-url');
    await linkInput.waitFor();
    const publicUrl = await linkInput.inputValue();
    expect(publicUrl).toMatch(new RegExp(`^${server.baseUrl}/share/[^/]+$`));
    const token = publicUrl.split('/').pop()!;
    // The drop from the foreign host shows with its reason.
    await page.locator('[data-testid="drops-row"][data-reason="hostname_not_allowed"]').waitFor();
    await shot('analytics-site-settings');

    const anonymous = await launchBrowser({ width: 1280, height: 900 });
    try {
      const visitor = await anonymous.context.newPage();
      visitor.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await visitor.goto(publicUrl);
      await visitor.getByTestId('public-dashboard').waitFor();
      expect(await visitor.getByTestId('page-title').textContent()).toBe('Lotus web shop');
      await expect.poll(() => visitor.getByTestId('metric-visitors').getAttribute('data-value')).toBe('6');
      await visitor.getByTestId('panel-pages').getByText(XSS_PATH, { exact: true }).waitFor();
      // The saved funnel, read-only: steps and counts, no way to add or delete one.
      const funnel = visitor.getByTestId('panel-funnel');
      await expect.poll(() => funnel.getByTestId('funnel-select').inputValue()).toBe('Landing to pricing');
      await expect.poll(() => funnel.getByTestId('funnel-step-row').count()).toBe(2);
      expect(await funnel.getByTestId('funnel-step-row').nth(1).textContent()).toContain('/pricing');
      expect(await visitor.getByTestId('funnel-add').count()).toBe(0);
      expect(await visitor.getByTestId('funnel-delete').count()).toBe(0);
      // Properties on the public page too: the hostile key is the picker's literal text.
      await expect
        .poll(() => visitor.getByTestId('panel-props').getByTestId('props-key').inputValue())
        .toBe(XSS_PROP);
      // Read-only: no management controls, no way into the workspace.
      expect(await visitor.getByTestId('goal-add').count()).toBe(0);
      expect(await visitor.getByTestId('dashboard-settings').count()).toBe(0);
      expect(await visitor.getByTestId('goal-delete').count()).toBe(0);
      expect(await visitor.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
      await visitor.screenshot({ path: path.join(screenshotDir, 'analytics-public.png'), fullPage: true });

      await page.getByTestId('public-link-revoke').click();
      await page.getByTestId('confirm-action').click();
      await page.getByTestId('public-link-create').waitFor();

      expect((await fetch(`${server.baseUrl}/api/public/${token}/site`)).status).toBe(404);
      expect((await fetch(`${server.baseUrl}/api/public/${token}/stats/summary`)).status).toBe(404);
      await visitor.reload();
      await visitor.getByTestId('public-not-found').waitFor();
    } finally {
      await anonymous.close();
    }
    expect(dialogs).toEqual([]);
  });

  it("edits the workspace's channel rules: errors on the field, saved rules survive a reload", async () => {
    await page.goto(`${server.baseUrl}/w/${workspaceId}/analytics/${siteId}/settings`);
    const section = page.getByTestId('channel-rules');
    await section.getByTestId('channel-rules-empty').waitFor();
    await section.getByTestId('channel-rule-add').click();
    // A rule that matches nothing is refused by the server; the message sits on the rule.
    await section.getByTestId('channel-rules-save').click();
    await section
      .getByTestId('channel-rule')
      .getByText('a rule needs at least one of source, medium, campaign, referrerHost')
      .waitFor();
    await section.getByTestId('channel-rule-source').fill('partner*');
    await section.getByTestId('channel-rule-channel').click();
    await page.getByRole('option', { name: 'Affiliate', exact: true }).click();
    await section.getByTestId('channel-hosts-social').fill('Forum.Example');
    await section.getByTestId('channel-hosts-social').press('Enter');
    await section.getByTestId('channel-rules-save').click();
    const saved = () =>
      page.evaluate((w) => fetch(`/api/workspaces/${w}/channel-rules`).then((r) => r.json()), workspaceId);
    await expect.poll(saved).toEqual({
      rules: [{ channel: 'Affiliate', source: 'partner*' }],
      hosts: { search: [], social: ['forum.example'], email: [], sms: [] },
    });

    await page.reload();
    await section.getByTestId('channel-rule').waitFor();
    expect(await section.getByTestId('channel-rule-source').inputValue()).toBe('partner*');
    expect(await section.getByTestId('channel-rule-channel').inputValue()).toBe('Affiliate');
    await section.getByText('forum.example', { exact: true }).waitFor();
    await shot('analytics-channel-rules');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot('analytics-channel-rules-phone');
    await page.setViewportSize({ width: 1366, height: 900 });

    // Removing the rule and saving leaves none.
    await section.getByTestId('channel-rule-remove').click();
    await section.getByTestId('channel-rules-save').click();
    await expect.poll(async () => (await saved()).rules).toEqual([]);
  });
});
