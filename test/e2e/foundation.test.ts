import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshotDir } from '../support/browser';
import { startServerProcess } from '../support/server-process';

let server: Awaited<ReturnType<typeof startServerProcess>>;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;

beforeAll(async () => {
  server = await startServerProcess();
  browser = await launchBrowser();
  page = await browser.context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const shot = (name: string) =>
  page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });

describe('a newcomer on a fresh install', () => {
  it('sets up, adds a company, switches to Chinese and back', async () => {
    await page.goto(server.baseUrl);
    await page.waitForURL(/\/setup$/);
    await page.getByTestId('setup-name').fill('Mei Lin');
    await page.getByTestId('setup-email').fill('mei@example.com');
    await page.getByTestId('setup-password').fill('a long enough password');
    await page.getByTestId('setup-workspace-name').fill('Lumen Agency');
    await shot('setup');
    await page.getByTestId('setup-submit').click();
    await page.waitForURL(/\/w\/[0-9a-f-]{36}/);

    await page.getByTestId('nav-companies').click();
    await page.getByTestId('companies-empty').waitFor();
    await page.getByTestId('company-create').first().click();
    await page.getByTestId('company-name').fill('Hangzhou Glass Art <b>Co</b>');
    await page.getByTestId('company-website').fill('https://glass.example.cn');
    await page.getByTestId('company-save').click();
    await expect
      .poll(() => page.getByTestId('company-row-name').first().textContent())
      .toContain('Hangzhou Glass Art <b>Co</b>');
    await shot('companies-en');

    await page.getByTestId('lang-switch').click();
    await page.getByTestId('lang-zh-CN').click();
    await expect.poll(() => page.getByTestId('nav-companies').textContent()).toContain('公司');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.reload();
    await expect.poll(() => page.getByTestId('nav-companies').textContent()).toContain('公司');
    await shot('companies-zh');

    await page.getByTestId('lang-switch').click();
    await page.getByTestId('lang-en').click();
    await expect.poll(() => page.getByTestId('nav-companies').textContent()).toContain('Companies');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    const me = await page.evaluate(() => fetch('/api/me').then((r) => r.json()));
    expect(me.user.locale).toBe('en');
    expect(me.workspaces[0]).toMatchObject({ name: 'Lumen Agency', role: 'owner' });
  });

  it('works at phone width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByTestId('company-row-name').first().waitFor();
    await shot('companies-phone');
    await page.getByTestId('nav-burger').click();
    await page.getByTestId('nav-settings').waitFor({ state: 'visible' });
    await shot('nav-phone');
  });
});
