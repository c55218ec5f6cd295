import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupOwner, startTestApp, type TestApp, type TestClient } from '../support/test-app';

let t: TestApp;
let owner: TestClient;
let base: string;
beforeAll(async () => {
  t = await startTestApp();
  const s = await setupOwner(t);
  owner = s.client;
  base = `/api/workspaces/${s.workspace.id}/plans`;
});
afterAll(async () => t?.close());

const economics = { averageOrderValue: { low: 40, likely: 60, high: 90 }, grossMargin: 0.55 };

describe('plan effect prediction', () => {
  it('stores a seeded forecast with ranges for every selected channel, and is deterministic', async () => {
    const plan = (
      await owner.post(base, { language: 'en', templateId: 'ecommerce-tea', start: '2027-01-01' })
    ).data;
    expect(plan.document.sections.effectPrediction).toEqual({ status: 'not_forecast' });
    const res = await owner.post(`${base}/${plan.id}/forecast`, {
      revision: plan.revision,
      ...economics,
      seed: 7,
      simulations: 300,
    });
    expect(res.statusCode).toBe(200);
    const effect = res.data.document.sections.effectPrediction;
    expect(effect.status).toBe('forecast');
    expect(effect.seed).toBe(7);
    expect(effect.months).toHaveLength(12);
    expect(effect.channels.map((c: { channel: string }) => c.channel)).toEqual(
      plan.document.sections.channels.selected.map((c: { channel: string }) => c.channel),
    );
    const revenue = effect.total.direct.revenue;
    expect(revenue.p10).toBeLessThanOrEqual(revenue.p50);
    expect(revenue.p50).toBeLessThanOrEqual(revenue.p90);
    expect(revenue.p90).toBeGreaterThan(0);
    const plannedPromotion = plan.analysis.budget.byChannel.reduce(
      (s: number, c: { total: number }) => s + c.total,
      0,
    );
    expect(effect.total.spend).toBeCloseTo(plannedPromotion, 2);

    const again = await owner.post(`${base}/${plan.id}/forecast`, {
      revision: res.data.revision,
      ...economics,
      seed: 7,
      simulations: 300,
    });
    expect(again.data.document.sections.effectPrediction.total).toEqual(effect.total);

    const stale = await owner.post(`${base}/${plan.id}/forecast`, { revision: plan.revision, ...economics });
    expect(stale.statusCode).toBe(409);
  });

  it('refuses bad economics and plans without channels', async () => {
    const blank = (await owner.post(base, { language: 'en', title: 'Empty' })).data;
    const none = await owner.post(`${base}/${blank.id}/forecast`, { revision: 1, ...economics });
    expect(none.statusCode).toBe(400);
    expect(none.data.error.code).toBe('nothing_to_forecast');
    const badRange = await owner.post(`${base}/${blank.id}/forecast`, {
      revision: 1,
      averageOrderValue: { low: 90, likely: 60, high: 40 },
      grossMargin: 0.5,
    });
    expect(badRange.statusCode).toBe(400);
    expect(badRange.data.error.field).toMatch(/^averageOrderValue/);
    const badMargin = await owner.post(`${base}/${blank.id}/forecast`, {
      revision: 1,
      ...economics,
      grossMargin: 3,
    });
    expect(badMargin.data.error.field).toBe('grossMargin');
    expect((await owner.get(`${base}/${blank.id}`)).data.revision).toBe(1);
  });
});
