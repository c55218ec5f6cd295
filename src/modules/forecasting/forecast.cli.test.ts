import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTemplate } from '../plans/templates';
import { allocateBudget } from './allocation';
import { resolveChannelAssumptions } from './channel-catalog';
import { forecastCommand } from './forecast.cli';
import { benchmarkCurve, likelyRates } from './response-model';
import { historyToCsv, simulateHistory } from './simulator';

let dir: string;
let historyPath: string;
let fitPath: string;

/** Runs the command and captures what it writes, restoring the exit code afterwards. */
async function run(args: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout.push(String(chunk));
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr.push(String(chunk));
    return true;
  });
  const before = process.exitCode;
  try {
    await forecastCommand().exitOverride().parseAsync(args, { from: 'user' });
    return { stdout: stdout.join(''), stderr: stderr.join(''), exitCode: process.exitCode ?? 0 };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = before;
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marketloop-forecast-'));
  historyPath = join(dir, 'history.csv');
  fitPath = join(dir, 'fit.json');
  const { history } = simulateHistory({
    seed: 8,
    channels: 3,
    noise: 0.02,
    controls: true,
    patterns: ['flighted', 'bursts'],
  });
  writeFileSync(historyPath, historyToCsv(history));
  const fit = await run([
    'fit',
    historyPath,
    '--outcome',
    'revenue',
    '--controls',
    'price,promotion',
    '--json',
  ]);
  writeFileSync(fitPath, fit.stdout);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

describe('forecast fit', () => {
  it('prints the documented JSON', async () => {
    const { stdout, exitCode } = await run([
      'fit',
      historyPath,
      '--outcome',
      'revenue',
      '--controls',
      'price,promotion',
      '--json',
    ]);
    expect(exitCode).toBe(0);
    const json = JSON.parse(stdout);
    expect(Object.keys(json.fit)).toEqual(expect.arrayContaining(['r2', 'nrmse', 'holdout_mape']));
    expect(json.channels.map((c: { name: string }) => c.name)).toEqual(['sem', 'portal_ads', 'social']);
    for (const channel of json.channels) {
      expect(Object.keys(channel)).toEqual(
        expect.arrayContaining([
          'name',
          'roi',
          'roi_low',
          'roi_high',
          'contribution_share',
          'adstock',
          'saturation',
        ]),
      );
      expect(channel.roi).toBeGreaterThan(0);
      expect(channel.adstock.type).toBe('geometric');
      expect(channel.saturation.type).toBe('hill');
    }
  });

  it('prints a readable table without --json', async () => {
    const { stdout, exitCode } = await run([
      'fit',
      historyPath,
      '--outcome',
      'revenue',
      '--controls',
      'price,promotion',
    ]);
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/Calibrated revenue on 156 weeks/);
    expect(stdout).toMatch(/channel\s+spend share\s+ROI/);
    expect(stdout).toMatch(/^portal_ads\s/m);
  });

  it('fails with one line and exit code 1 on a bad file', async () => {
    const missing = await run(['fit', join(dir, 'nope.csv'), '--outcome', 'revenue']);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toBe(`forecast fit: cannot read history ${join(dir, 'nope.csv')}: no such file\n`);
    const misspelled = await run(['fit', historyPath, '--outcome', 'revenu']);
    expect(misspelled.exitCode).toBe(1);
    expect(misspelled.stderr.trim().split('\n')).toHaveLength(1);
    expect(misspelled.stderr).toMatch(/no outcome column 'revenu' \(did you mean 'revenue'\?\)/);
    const uncontrolled = await run(['fit', historyPath, '--outcome', 'revenue']);
    expect(uncontrolled.stderr).toMatch(/column 'price' is not the date/);
  });
});

describe('forecast allocate', () => {
  it('splits a budget using the fitted curves and honours minimums', async () => {
    const { stdout, exitCode } = await run([
      'allocate',
      '--curves',
      fitPath,
      '--budget',
      '30000',
      '--min',
      'social=5000',
      '--json',
    ]);
    expect(exitCode).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.status).toBe('optimal');
    expect(json.objective).toBe('revenue');
    expect(json.allocated).toBeCloseTo(30_000, 0);
    const social = json.channels.find((c: { name: string }) => c.name === 'social');
    expect(social.spend).toBeGreaterThanOrEqual(5000 - 1e-6);
  });

  it('prints a readable split without --json', async () => {
    const { stdout } = await run(['allocate', '--curves', fitPath, '--budget', '30000']);
    expect(stdout).toMatch(/Best split of 30,000.00 per week to maximise revenue/);
    expect(stdout).toMatch(/^sem\s/m);
  });

  it('reports infeasible constraints and unknown channels on stderr', async () => {
    const infeasible = await run([
      'allocate',
      '--curves',
      fitPath,
      '--budget',
      '1000',
      '--min',
      'sem=800',
      '--min',
      'social=800',
    ]);
    expect(infeasible.exitCode).toBe(1);
    expect(infeasible.stderr).toMatch(
      /^forecast allocate: infeasible: the minimum and locked spends add up to 1,600/,
    );
    const unknown = await run(['allocate', '--curves', fitPath, '--budget', '1000', '--max', 'tv=10']);
    expect(unknown.stderr).toMatch(/--max tv: no such channel .* \(channels: sem, portal_ads, social\)/);
    const wrongObjective = await run([
      'allocate',
      '--curves',
      fitPath,
      '--budget',
      '1000',
      '--objective',
      'leads',
    ]);
    expect(wrongObjective.stderr).toMatch(/does not match the fit's outcome 'revenue'/);
    const notFit = join(dir, 'plan.json');
    writeFileSync(notFit, '{"sections": []}');
    const plan = await run(['allocate', '--curves', notFit, '--budget', '1000']);
    expect(plan.exitCode).toBe(1);
    expect(plan.stderr).toMatch(/is not a valid plan export: schemaVersion: /);
  });
});

describe('forecast allocate with a plan export', () => {
  let planPath: string;
  beforeAll(() => {
    const doc = buildTemplate('ecommerce-tea', { language: 'en', start: '2027-01-01' });
    // The plan's own rate override applies: SEM clicks at a tenth of the benchmark price.
    const sem = doc.sections.channels.selected.find((c) => c.channel === 'sem');
    if (!sem) throw new Error('the template has no SEM');
    const cpc = resolveChannelAssumptions('sem').unitCost;
    sem.rates = { unitCost: { low: cpc.low / 10, likely: cpc.likely / 10, high: cpc.high / 10 } };
    planPath = join(dir, 'tea-plan.json');
    writeFileSync(planPath, JSON.stringify(doc));
  });

  it('splits a monthly budget over the plan channels on benchmark rates with its overrides', async () => {
    const { stdout, exitCode, stderr } = await run([
      'allocate',
      '--curves',
      planPath,
      '--budget',
      '5000',
      '--max',
      'email=1000',
      '--json',
    ]);
    expect(stderr).toBe('');
    expect(exitCode).toBe(0);
    const json = JSON.parse(stdout);
    expect(json).toMatchObject({ status: 'optimal', objective: 'customers', period: 'month' });
    expect(json.allocated).toBeCloseTo(5000, 3);
    const names = json.channels.map((c: { name: string }) => c.name);
    expect(names).toEqual(['social', 'sem', 'seo', 'content', 'email', 'sms', 'affiliate', 'forums']);
    const spend = (name: string) => json.channels.find((c: { name: string }) => c.name === name).spend;
    expect(spend('email')).toBeLessThanOrEqual(1000 + 1e-6);
    // Same split as the engine on the same curves, the override included.
    const curves = Object.fromEntries(
      json.channels.map((c: { name: string }) => {
        const selected = JSON.parse(readFileSync(planPath, 'utf8')).sections.channels.selected.find(
          (s: { channel: string }) => s.channel === c.name,
        );
        const a = resolveChannelAssumptions(c.name, selected.rates);
        return [c.name, benchmarkCurve(a, likelyRates(a, { low: 1, likely: 1, high: 1 }), 'customers')];
      }),
    );
    const direct = allocateBudget(
      Object.entries(curves).map(([name, curve]) => ({
        name,
        curves: { customers: curve },
        max: name === 'email' ? 1000 : undefined,
      })),
      { budget: 5000, objective: 'customers' },
    );
    if (direct.status !== 'optimal') throw new Error('infeasible');
    for (const c of direct.channels) expect(spend(c.name)).toBeCloseTo(c.spend, 0);
    expect(spend('sem')).toBeGreaterThan(0);
  });

  it('reads revenue with an order value and says what is missing without one', async () => {
    const withValue = await run([
      'allocate',
      '--curves',
      planPath,
      '--budget',
      '5000',
      '--objective',
      'profit',
      '--margin',
      '0.5',
      '--order-value',
      '300',
    ]);
    expect(withValue.exitCode).toBe(0);
    expect(withValue.stdout).toMatch(
      /Best split of 5,000.00 per month to maximise profit \(revenue from the plan's channels on benchmark rates\)/,
    );
    const without = await run([
      'allocate',
      '--curves',
      planPath,
      '--budget',
      '5000',
      '--objective',
      'revenue',
    ]);
    expect(without.exitCode).toBe(1);
    expect(without.stderr).toMatch(/needs --order-value/);
    const unknown = await run(['allocate', '--curves', planPath, '--budget', '5000', '--min', 'tv=1']);
    expect(unknown.stderr).toMatch(/--min tv: no such channel/);
  });
});
