import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyToCsv, simulateHistory } from '../../src/modules/forecasting/simulator';
import { launchBrowser, screenshotDir } from '../support/browser';
import { startServerProcess } from '../support/server-process';

let server: Awaited<ReturnType<typeof startServerProcess>>;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let workspaceId: string;

beforeAll(async () => {
  server = await startServerProcess();
  const res = await fetch(`${server.baseUrl}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Li Ming',
      email: 'li@example.com',
      password: 'a long enough password',
      workspaceName: 'Tea House',
      workspaceKind: 'company',
    }),
  });
  workspaceId = (await res.json()).workspace.id;
  browser = await launchBrowser({ width: 1366, height: 900 });
  page = await browser.context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const shot = (name: string, fullPage = false) =>
  page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage });
const recommendations = () => page.getByTestId('forecast-recommendation');

describe('forecasting in the plan editor', () => {
  it('shows the recommended allocation with explained moves, switches the objective and calibrates from history', async () => {
    await page.goto(`${server.baseUrl}/login`);
    await page.getByTestId('login-email').fill('li@example.com');
    await page.getByTestId('login-password').fill('a long enough password');
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/w\//);

    await page.goto(`${server.baseUrl}/w/${workspaceId}/plans`);
    await page.getByTestId('plan-new').first().click();
    await page.getByTestId('plan-template-ecommerce-tea').click();
    await page.getByTestId('plan-create').click();
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}$/);

    await page.getByTestId('plan-section-budget').click();
    const panel = page.getByTestId('forecast-panel-budget');
    await panel.scrollIntoViewIfNeeded();
    await recommendations().first().waitFor({ timeout: 30_000 });
    await expect
      .poll(() => recommendations().first().textContent())
      .toMatch(/^For the same budget, the recommended split adds ~[\d,]+ customers \(p10-p90: /);
    const texts = await recommendations().allTextContents();
    expect(
      texts.some((t) => /^Moving \d+% of the budget \(USD [\d,]+\) from .+ to .+ (adds|loses) ~/.test(t)),
    ).toBe(true);
    const rows = page.locator('[data-testid^="forecast-allocation-"][data-testid$="sem"]');
    expect(await rows.count()).toBe(1);
    expect(await page.getByTestId('forecast-scenario-larger_budget').textContent()).toMatch(/\+20% budget/);
    await page.getByTestId('forecast-allocation-chart').locator('svg').waitFor();
    await panel.screenshot({ path: path.join(screenshotDir, 'forecast-budget-desktop.png') });

    // Another objective: the sentences follow it.
    await page.getByTestId('forecast-objective').getByText('Leads', { exact: true }).click();
    await expect
      .poll(() => recommendations().first().textContent(), { timeout: 30_000 })
      .toMatch(/ leads \(p10-p90: /);
    // Money objectives ask for the order value first; nothing is made up.
    await page.getByTestId('forecast-objective').getByText('Revenue', { exact: true }).click();
    await page.getByTestId('forecast-needs-input').waitFor();
    await page.getByTestId('forecast-order-value-low').fill('40');
    await page.getByTestId('forecast-order-value-likely').fill('60');
    await page.getByTestId('forecast-order-value-high').fill('90');
    await expect
      .poll(() => recommendations().first().textContent(), { timeout: 30_000 })
      .toMatch(/USD [\d,]+ of revenue/);

    await page.getByTestId('plan-section-effectPrediction').click();
    const effect = page.getByTestId('forecast-panel-effect');
    await effect.getByTestId('forecast-curve-chart').locator('svg').waitFor({ timeout: 30_000 });
    await effect.scrollIntoViewIfNeeded();
    await effect.screenshot({ path: path.join(screenshotDir, 'forecast-effect-desktop.png') });

    // Calibrate from a simulated history whose spend columns match the plan's channels.
    const csvPath = path.join(tmpdir(), `ml-history-${Date.now()}.csv`);
    writeFileSync(
      csvPath,
      historyToCsv(simulateHistory({ seed: 3, channels: 3, periods: 104, noise: 0.02 }).history),
    );
    await page.getByTestId('calibrate-open').click();
    await page.locator('input[type="file"]').setInputFiles(csvPath);
    await page.getByTestId('calibration-outcome').waitFor();
    await page.getByTestId('calibration-run').click();
    await page.getByTestId('calibration-result').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('calibration-roi').locator('tbody tr').count()).toBe(3);
    await page.getByTestId('calibration-decomposition').locator('svg').waitFor();
    await page
      .getByTestId('calibration-drawer')
      .locator('.mantine-Drawer-content')
      .screenshot({
        path: path.join(screenshotDir, 'forecast-calibration-desktop.png'),
      });
    await page.getByTestId('calibration-use').click();
    await page.keyboard.press('Escape');
    await effect.getByText('Calibrated curves in use').waitFor();
    await page.getByTestId('forecast-curve-channel').click();
    await page.getByRole('option', { name: /SEM/ }).click();
    await expect
      .poll(() => effect.textContent(), { timeout: 30_000 })
      .toMatch(/From the calibration of your own history/);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('plan-section-select').click();
    await page.getByRole('option', { name: /Budget/ }).click();
    await page.getByTestId('forecast-panel-budget').scrollIntoViewIfNeeded();
    await recommendations().first().waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await page
      .getByTestId('forecast-panel-budget')
      .screenshot({ path: path.join(screenshotDir, 'forecast-budget-390.png') });
    await page.getByTestId('plan-section-select').click();
    await page.getByRole('option', { name: /Effect prediction/ }).click();
    await page.getByTestId('forecast-panel-effect').scrollIntoViewIfNeeded();
    await page.getByTestId('forecast-curve-chart').locator('svg').waitFor();
    await page
      .getByTestId('forecast-panel-effect')
      .screenshot({ path: path.join(screenshotDir, 'forecast-effect-390.png') });
    void shot;
  });
});
