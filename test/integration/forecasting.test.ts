import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyToCsv, simulateHistory } from '../../src/modules/forecasting/simulator';
import { addMember, setupOwner, startTestApp, type TestApp, type TestClient } from '../support/test-app';

let t: TestApp;
let owner: TestClient;
let viewer: TestClient;
let editor: TestClient;
let ws: string;
let planId: string;

beforeAll(async () => {
  t = await startTestApp();
  const s = await setupOwner(t);
  owner = s.client;
  ws = `/api/workspaces/${s.workspace.id}`;
  viewer = (await addMember(t, owner, s.workspace.id, 'vera@example.com', 'viewer')).client;
  editor = (await addMember(t, owner, s.workspace.id, 'ed@example.com', 'editor')).client;
  planId = (
    await owner.post(`${ws}/plans`, { language: 'en', templateId: 'ecommerce-tea', start: '2027-01-01' })
  ).data.id;
});
afterAll(async () => t?.close());

const csvOf = (channels: number, periods: number, seed = 1) =>
  historyToCsv(simulateHistory({ seed, channels, periods, noise: 0.02 }).history);

function upload(client: TestClient, csv: string, query = 'outcome=revenue') {
  return client.request('POST', `${ws}/forecast/calibrations?${query}`, undefined, {
    rawBody: csv,
    headers: { 'content-type': 'text/csv' },
  });
}

async function waitFor(client: TestClient, id: string, timeoutMs = 60_000) {
  const started = Date.now();
  for (;;) {
    const res = await client.get(`${ws}/forecast/calibrations/${id}`);
    if (!['queued', 'running'].includes(res.data.status)) return res;
    if (Date.now() - started > timeoutMs) throw new Error(`calibration ${id} still ${res.data.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('calibration jobs', () => {
  it('fits a simulated history in a worker and reports it in the `forecast fit --json` shape', async () => {
    const res = await upload(editor, csvOf(2, 60));
    expect(res.statusCode, res.body).toBe(202);
    expect(res.data).toMatchObject({ outcome: 'revenue', rows: 60, channels: ['sem', 'portal_ads'] });
    expect(['queued', 'running']).toContain(res.data.status);
    const done = await waitFor(viewer, res.data.id);
    expect(done.data.status, JSON.stringify(done.data.error)).toBe('done');
    expect(done.data.progress).toBe(1);
    const fit = done.data.result;
    expect(fit.fit.r2).toBeGreaterThan(0.9);
    expect(fit.fit).toHaveProperty('nrmse');
    expect(fit.fit).toHaveProperty('holdout_mape');
    expect(fit.channels.map((c: { name: string }) => c.name)).toEqual(['sem', 'portal_ads']);
    for (const c of fit.channels) {
      expect(c.roi_low).toBeLessThanOrEqual(c.roi);
      expect(c.roi_high).toBeGreaterThanOrEqual(c.roi);
      expect(c.saturation).toMatchObject({ type: 'hill' });
      expect(c.adstock.type).toBe('geometric');
    }
    expect(fit.decomposition.dates).toHaveLength(60);
    expect(fit.response_curves).toHaveLength(2);
    const list = await viewer.get(`${ws}/forecast/calibrations`);
    expect(list.data.items[0]).toMatchObject({ id: res.data.id, status: 'done' });
    expect(list.data.items[0].fit.r2).toBe(fit.fit.r2);
  });

  it('keeps the event loop free while a calibration runs', async () => {
    const res = await upload(editor, csvOf(6, 156, 4));
    expect(res.statusCode, res.body).toBe(202);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    let healthChecks = 0;
    let slowest = 0;
    let sawRunning = false;
    const latencies: number[] = [];
    for (;;) {
      const status = (await viewer.get(`${ws}/forecast/calibrations/${res.data.id}`)).data;
      if (status.status === 'running') sawRunning = true;
      if (!['queued', 'running'].includes(status.status)) {
        expect(status.status).toBe('done');
        break;
      }
      const started = performance.now();
      const health = await t.client().get('/healthz');
      slowest = Math.max(slowest, performance.now() - started);
      latencies.push(performance.now() - started);
      expect(health.statusCode).toBe(200);
      healthChecks++;
      await new Promise((r) => setTimeout(r, 20));
    }
    delay.disable();
    expect(sawRunning).toBe(true);
    // The calibration takes seconds of CPU; on the main thread it would block /healthz for all of it
    // (one check at most, taking the whole run). Bounds are loose: the test machine is shared.
    latencies.sort((x, y) => x - y);
    const median = latencies[Math.floor(latencies.length / 2)];
    expect(healthChecks).toBeGreaterThan(10);
    expect(median).toBeLessThan(250);
    expect(delay.max / 1e6).toBeLessThan(1000);
    void slowest;
  });

  it('refuses bad CSVs at once, naming the row and column', async () => {
    const good = csvOf(2, 60).split('\n');
    const negative = [...good];
    const cells = negative[5].split(',');
    cells[1] = '-20';
    negative[5] = cells.join(',');
    const neg = await upload(editor, negative.join('\n'));
    expect(neg.statusCode).toBe(400);
    expect(neg.data.error.code).toBe('negative_spend');
    expect(neg.data).toMatchObject({ row: 5, column: 'spend_sem' });
    expect(neg.data.error.message).toBe('line 6, column spend_sem: negative spend -20');

    const missing = await upload(editor, good.join('\n'), 'outcome=revenu');
    expect(missing.statusCode).toBe(400);
    expect(missing.data.error.code).toBe('missing_column');
    expect(missing.data.error.message).toMatch(/revenue/);

    const short = await upload(editor, good.slice(0, 12).join('\n'));
    expect(short.statusCode).toBe(400);
    expect(short.data.error.code).toBe('too_few_rows');

    const json = await editor.post(`${ws}/forecast/calibrations?outcome=revenue`, { csv: 'no' });
    expect(json.statusCode).toBe(415);

    const huge = await upload(editor, `date,spend_a,revenue\n${'2024-01-01,1,2\n'.repeat(400_000)}`);
    expect(huge.statusCode).toBe(413);
    expect(huge.data.error.code).toBe('payload_too_large');
    const none = await viewer.get(`${ws}/forecast/calibrations/00000000-0000-4000-8000-000000000000`);
    expect(none.statusCode).toBe(404);
  });

  it('lets viewers read but not run calibrations', async () => {
    const res = await upload(viewer, csvOf(2, 60));
    expect(res.statusCode).toBe(403);
    expect(res.data.error.code).toBe('forbidden');
  });
});

describe('allocate', () => {
  const curve = (scale: number, halfSaturation: number) => ({ scale, halfSaturation, shape: 1 });

  it('splits a budget over given curves and catalog channels, with an explanation', async () => {
    const res = await viewer.post(`${ws}/forecast/allocate`, {
      objective: 'customers',
      budget: 10_000,
      channels: [
        { name: 'a', curves: { customers: curve(500, 4000) } },
        { name: 'b', curves: { customers: curve(300, 2000) }, max: 2500 },
        { name: 'sem', channel: 'sem' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.data.status).toBe('optimal');
    expect(res.data.allocated).toBeCloseTo(10_000, 6);
    const b = res.data.channels.find((c: { name: string }) => c.name === 'b');
    expect(b.spend).toBeLessThanOrEqual(2500 + 1e-6);
    expect(res.data.explanation.join('\n')).toMatch(/next unit returns the most/);
    expect(res.data.objectiveValue).toBeCloseTo(res.data.totals.customers, 6);
  });

  it('finds the least budget for a target and answers infeasible constraints with 422', async () => {
    const target = await viewer.post(`${ws}/forecast/allocate`, {
      mode: 'target',
      target: { metric: 'customers', value: 300 },
      channels: [{ name: 'a', curves: { customers: curve(500, 4000) } }],
    });
    expect(target.statusCode, target.body).toBe(200);
    expect(target.data.totals.customers).toBeCloseTo(300, 3);
    expect(target.data.allocated).toBeCloseTo(6000, 0);

    const infeasible = await viewer.post(`${ws}/forecast/allocate`, {
      budget: 1000,
      objective: 'customers',
      channels: [
        { name: 'a', curves: { customers: curve(500, 4000) }, min: 800 },
        { name: 'b', curves: { customers: curve(500, 4000) }, locked: 600 },
      ],
    });
    expect(infeasible.statusCode).toBe(422);
    expect(infeasible.data.error.code).toBe('infeasible');
    expect(infeasible.data.error.message).toBe(
      'infeasible because the minimum and locked spends add up to 1,400, more than the budget of 1,000 (a 800, b 600 (locked))',
    );
    const unreachable = await viewer.post(`${ws}/forecast/allocate`, {
      mode: 'target',
      target: { metric: 'customers', value: 900 },
      channels: [{ name: 'a', curves: { customers: curve(500, 4000) } }],
    });
    expect(unreachable.statusCode).toBe(422);
    expect(unreachable.data.error.message).toMatch(
      /^infeasible because the target of 900 customers is out of reach/,
    );
  });

  it('rejects malformed bodies with the field at fault', async () => {
    const bad = await viewer.post(`${ws}/forecast/allocate`, {
      budget: -5,
      channels: [{ name: 'a', curves: { customers: curve(500, 4000) } }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.data.error.field).toBe('budget');
    const noCurve = await viewer.post(`${ws}/forecast/allocate`, {
      budget: 100,
      channels: [{ name: 'mystery' }],
    });
    expect(noCurve.statusCode).toBe(400);
    expect(noCurve.data.error.field).toBe('channels.0');
    const revenueWithoutValue = await viewer.post(`${ws}/forecast/allocate`, {
      budget: 100,
      objective: 'revenue',
      channels: [{ name: 'sem', channel: 'sem' }],
    });
    expect(revenueWithoutValue.statusCode).toBe(400);
    expect(revenueWithoutValue.data.error.field).toBe('averageOrderValue');
    const twice = await viewer.post(`${ws}/forecast/allocate`, {
      budget: 100,
      objective: 'customers',
      channels: [
        { name: 'a', curves: { customers: curve(5, 40) } },
        { name: 'a', curves: { customers: curve(5, 40) } },
      ],
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.data.error.message).toMatch(/listed twice/);
  });

  it('uses a finished calibration by channel name', async () => {
    const job = await upload(editor, csvOf(2, 60, 2));
    await waitFor(editor, job.data.id);
    const res = await viewer.post(`${ws}/forecast/allocate`, {
      budget: 40_000,
      objective: 'revenue',
      calibrationId: job.data.id,
      channels: [{ name: 'sem' }, { name: 'portal_ads' }],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.data.totals.revenue).toBeGreaterThan(0);
  });
});

describe('plan allocation', () => {
  it('compares the plan split with the recommended one and explains the moves', async () => {
    const res = await viewer.post(`${ws}/plans/${planId}/allocation`, {
      objective: 'customers',
      simulations: 200,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.data.status).toBe('optimal');
    expect(res.data.scenarios.map((s: { id: string }) => s.id)).toEqual([
      'current',
      'recommended',
      'larger_budget',
    ]);
    const [current, recommended, larger] = res.data.scenarios;
    expect(recommended.spend).toBeCloseTo(current.spend, 4);
    expect(larger.spend).toBeCloseTo(current.spend * 1.2, 4);
    expect(recommended.objective.likely).toBeGreaterThanOrEqual(current.objective.likely);
    for (const s of res.data.scenarios) expect(s.objective.p10).toBeLessThanOrEqual(s.objective.p90);
    expect(res.data.recommendations[0]).toMatch(
      /^For the same budget, the recommended split adds ~[\d,]+ customers \(p10-p90: /,
    );
    expect(
      res.data.recommendations.some((r: string) => /^Moving \d+% of the budget \(USD [\d,]+\) from /.test(r)),
    ).toBe(true);
    expect(res.data.channels[0].curve.spend).toHaveLength(25);
    // Nothing is stored: the plan's revision is unchanged.
    expect((await owner.get(`${ws}/plans/${planId}`)).data.revision).toBe(1);
  });

  it('words recommendations in Chinese for a Chinese plan and needs an order value for revenue', async () => {
    const zh = (
      await owner.post(`${ws}/plans`, { language: 'zh-CN', templateId: 'ecommerce-tea', start: '2027-01-01' })
    ).data.id;
    const res = await viewer.post(`${ws}/plans/${zh}/allocation`, { objective: 'leads', simulations: 200 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.data.recommendations[0]).toMatch(/^在相同预算下，推荐的分配方案可多获得约 [\d,]+ 条线索/);
    const revenue = await viewer.post(`${ws}/plans/${zh}/allocation`, { objective: 'revenue' });
    expect(revenue.statusCode).toBe(400);
    expect(revenue.data.error.field).toBe('averageOrderValue');
    const withValue = await viewer.post(`${ws}/plans/${zh}/allocation`, {
      objective: 'profit',
      averageOrderValue: { low: 300, likely: 450, high: 700 },
      grossMargin: 0.6,
      simulations: 200,
    });
    expect(withValue.statusCode, withValue.body).toBe(200);
  });

  it('answers contradictory limits with 422 and plans without channels with 400', async () => {
    const tight = await viewer.post(`${ws}/plans/${planId}/allocation`, {
      limits: { sem: { min: 1_000_000 } },
      simulations: 200,
    });
    expect(tight.statusCode, tight.body).toBe(422);
    expect(tight.data.error.message).toMatch(
      /^infeasible because 2027-01: the minimum and locked spends add up to/,
    );
    const blank = (await owner.post(`${ws}/plans`, { language: 'en', title: 'Empty' })).data.id;
    const none = await viewer.post(`${ws}/plans/${blank}/allocation`, {});
    expect(none.statusCode).toBe(400);
    expect(none.data.error.code).toBe('nothing_to_allocate');
    const unknown = await viewer.post(`${ws}/plans/${planId}/allocation`, { limits: { tv: { min: 1 } } });
    expect(unknown.statusCode).toBe(400);
  });
});
