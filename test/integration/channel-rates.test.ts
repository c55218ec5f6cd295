import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, setupOwner, startTestApp, type TestApp, type TestClient } from '../support/test-app';

let t: TestApp;
let owner: TestClient;
let editor: TestClient;
let wid: string;
beforeAll(async () => {
  t = await startTestApp();
  const s = await setupOwner(t);
  owner = s.client;
  wid = s.workspace.id;
  editor = (await addMember(t, owner, wid, 'editor@example.com', 'editor')).client;
});
afterAll(async () => t?.close());

describe('workspace channel rates', () => {
  it('lists benchmarks, stores admin overrides, validates, and resets', async () => {
    const url = `/api/workspaces/${wid}/channel-rates`;
    const list = (await editor.get(url)).data.items;
    expect(list).toHaveLength(14);
    const sem = list.find((r: { channel: string }) => r.channel === 'sem');
    expect(sem.override).toBeNull();
    expect(sem.effective).toEqual(sem.benchmark);

    const ctr = { low: 0.05, likely: 0.07, high: 0.1 };
    expect((await editor.request('PUT', `${url}/sem`, { rates: { ctr } })).statusCode).toBe(403);
    const saved = await owner.request('PUT', `${url}/sem`, { rates: { ctr } });
    expect(saved.statusCode).toBe(200);
    expect(saved.data.effective.ctr).toEqual(ctr);
    expect(saved.data.effective.unitCost).toEqual(sem.benchmark.unitCost);

    const bad = await owner.request('PUT', `${url}/sem`, {
      rates: { ctr: { low: 0.5, likely: 0.7, high: 1.5 } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.data.error.field).toMatch(/^rates\.ctr/);
    const unordered = await owner.request('PUT', `${url}/sem`, {
      rates: { visitToLead: { low: 0.3, likely: 0.1, high: 0.4 } },
    });
    expect(unordered.statusCode).toBe(400);
    expect((await owner.request('PUT', `${url}/carrier_pigeon`, { rates: {} })).statusCode).toBe(404);
    expect(
      (await editor.get(url)).data.items.find((r: { channel: string }) => r.channel === 'sem').effective.ctr,
    ).toEqual(ctr);

    const reset = await owner.delete(`${url}/sem`);
    expect(reset.data.override).toBeNull();
    expect(reset.data.effective.ctr).toEqual(sem.benchmark.ctr);
  });

  it('feeds the workspace rates into plan forecasts', async () => {
    const base = `/api/workspaces/${wid}/plans`;
    const plan = (
      await editor.post(base, { language: 'en', templateId: 'b2b-iot-sensors', start: '2027-01-01' })
    ).data;
    const channel = plan.document.sections.channels.selected[0].channel;
    const economics = {
      averageOrderValue: { low: 800, likely: 1200, high: 2000 },
      grossMargin: 0.4,
      seed: 3,
      simulations: 200,
    };
    const first = (
      await editor.post(`${base}/${plan.id}/forecast`, { revision: plan.revision, ...economics })
    ).data;
    const before = first.document.sections.effectPrediction.channels.find(
      (c: { channel: string }) => c.channel === channel,
    );

    // Ten times the cost per unit for that channel in this workspace: the same money buys far less.
    const rates = (await owner.get(`/api/workspaces/${wid}/channel-rates`)).data.items.find(
      (r: { channel: string }) => r.channel === channel,
    );
    const u = rates.benchmark.unitCost;
    await owner.request('PUT', `/api/workspaces/${wid}/channel-rates/${channel}`, {
      rates: { unitCost: { low: u.low * 10, likely: u.likely * 10, high: u.high * 10 } },
    });
    const second = (
      await editor.post(`${base}/${plan.id}/forecast`, { revision: first.revision, ...economics })
    ).data;
    const after = second.document.sections.effectPrediction.channels.find(
      (c: { channel: string }) => c.channel === channel,
    );
    expect(after.total.spend).toBeCloseTo(before.total.spend, 2);
    expect(after.total.indirect.clicks.likely).toBeLessThan(before.total.indirect.clicks.likely / 5);
  });
});
