import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
      name: 'Wang Fang',
      email: 'wang@example.com',
      password: 'a long enough password',
      workspaceName: 'Crystal Agency',
      workspaceKind: 'agency',
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

const shot = (name: string) => page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
const saved = () =>
  expect
    .poll(() => page.getByTestId('save-status').getAttribute('data-state'), { timeout: 20_000 })
    .toBe('saved');

describe('a planner writes a plan', () => {
  it('creates a plan from a template, scores feasibility, adds a task, approves and exports', async () => {
    await page.goto(`${server.baseUrl}/login`);
    await page.getByTestId('login-email').fill('wang@example.com');
    await page.getByTestId('login-password').fill('a long enough password');
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/w\//);

    await page.goto(`${server.baseUrl}/w/${workspaceId}/plans`);
    await page.getByTestId('plan-new').first().click();
    await page.getByTestId('plan-template-agency-art-glass').click();
    await page.getByTestId('plan-title-input').fill('Crystal studio online plan 2027');
    await page.getByTestId('plan-create').click();
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}$/);
    const planId = page.url().split('/').pop()!;

    await page.getByTestId('plan-section-feasibility').click();
    const verdict = page.getByTestId('feasibility-verdict');
    const before = await verdict.getAttribute('data-verdict');
    expect(before).toBe('not_ready');
    const scores = page.locator('[data-testid^="feasibility-score-"]');
    const count = await scores.count();
    expect(count).toBeGreaterThanOrEqual(12);
    for (let i = 0; i < count; i++) await scores.nth(i).getByText('5', { exact: true }).click();
    await expect.poll(() => verdict.getAttribute('data-verdict')).toBe('ready');
    await saved();
    await shot('plan-feasibility');

    await page.getByTestId('plan-section-implementation').click();
    await page.getByTestId('task-title-0').waitFor();
    const tasksBefore = await page.locator('[data-testid^="task-title-"]').count();
    expect(tasksBefore).toBeGreaterThan(5);
    await page.getByTestId('task-add').click();
    await page.getByTestId(`task-title-${tasksBefore}`).fill('Shoot the new catalogue photos');
    await saved();
    await page.getByTestId('gantt').scrollIntoViewIfNeeded();
    await shot('plan-implementation');

    await page.getByTestId('plan-submit-review').click();
    await expect.poll(() => page.getByTestId('plan-status').getAttribute('data-status')).toBe('in_review');
    await page.getByTestId('plan-approve').click();
    await page.getByTestId('confirm-action').click();
    await expect.poll(() => page.getByTestId('plan-status').getAttribute('data-status')).toBe('approved');
    await shot('plan-approved');

    const plan = await page.evaluate(
      ([w, p]) => fetch(`/api/workspaces/${w}/plans/${p}`).then((r) => r.json()),
      [workspaceId, planId],
    );
    expect(plan.status).toBe('approved');
    expect(plan.approval.approvedByName).toBe('Wang Fang');
    expect(plan.analysis.feasibility.readiness).toBe(100);
    expect(plan.document.sections.implementation.tasks.map((t: { title: string }) => t.title)).toContain(
      'Shoot the new catalogue photos',
    );

    const download = async (format: 'pdf' | 'docx') => {
      const bytes = await page.evaluate(
        ([w, p, f]) =>
          fetch(`/api/workspaces/${w}/plans/${p}/render.${f}`).then(async (r) =>
            Array.from(new Uint8Array(await r.arrayBuffer())),
          ),
        [workspaceId, planId, format],
      );
      return Buffer.from(bytes);
    };
    const pdf = await download('pdf');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pdfPath = path.join(screenshotDir, 'plan.pdf');
    writeFileSync(pdfPath, pdf);
    execFileSync('pdftoppm', [
      '-r',
      '50',
      '-png',
      '-f',
      '1',
      '-l',
      '3',
      pdfPath,
      path.join(screenshotDir, 'plan-pdf-page'),
    ]);
    const docx = await download('docx');
    expect(docx.subarray(0, 2).toString()).toBe('PK');
    expect(docx.length).toBeGreaterThan(10_000);
  });
});

describe('an admin tunes channel rates', () => {
  it('saves a workspace CTR for search keywords from Settings', async () => {
    await page.goto(`${server.baseUrl}/w/${workspaceId}/settings`);
    await page.getByTestId('settings-tab-channel-rates').click();
    const row = page.locator('[data-testid="channel-rate-row"][data-channel="sem"]');
    await row.getByTestId('channel-rate-edit').click();
    const modal = page.getByTestId('channel-rate-modal');
    await modal.getByTestId('channel-rate-ctr-high').waitFor();
    await modal.getByTestId('channel-rate-ctr-high').fill('12');
    await modal.getByTestId('channel-rate-ctr-likely').fill('7');
    await modal.getByTestId('channel-rate-save').click();
    await row.getByTestId('channel-rate-custom').waitFor();
    await shot('channel-rates');
    const rates = await page.evaluate(
      (w) => fetch(`/api/workspaces/${w}/channel-rates`).then((r) => r.json()),
      workspaceId,
    );
    const sem = rates.items.find((r: { channel: string }) => r.channel === 'sem');
    expect(sem.override.ctr.likely).toBeCloseTo(0.07, 6);
    expect(sem.override.ctr.high).toBeCloseTo(0.12, 6);
    expect(sem.override.unitCost).toBeUndefined();
  });
});
