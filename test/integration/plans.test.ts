import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, setupOwner, startTestApp, type TestApp, type TestClient } from '../support/test-app';

let t: TestApp;
let owner: TestClient;
let editor: TestClient;
let viewer: TestClient;
let wid: string;
let base: string;
beforeAll(async () => {
  t = await startTestApp();
  const s = await setupOwner(t);
  owner = s.client;
  wid = s.workspace.id;
  base = `/api/workspaces/${wid}/plans`;
  editor = (await addMember(t, owner, wid, 'editor@example.com', 'editor')).client;
  viewer = (await addMember(t, owner, wid, 'viewer@example.com', 'viewer')).client;
});
afterAll(async () => t?.close());

describe('plans', () => {
  it('lists templates in both languages and creates a plan from one, with its analysis', async () => {
    const en = (await editor.get(`/api/workspaces/${wid}/plan-templates?language=en`)).data.items;
    const zh = (await editor.get(`/api/workspaces/${wid}/plan-templates?language=zh-CN`)).data.items;
    expect(en.map((x: { id: string }) => x.id)).toEqual([
      'b2b-iot-sensors',
      'ecommerce-tea',
      'agency-art-glass',
    ]);
    expect(zh[1].title).toMatch(/茶/);

    const company = (await owner.post(`/api/workspaces/${wid}/companies`, { name: 'Leaf & Cup' })).data;
    const created = await editor.post(base, {
      language: 'zh-CN',
      templateId: 'ecommerce-tea',
      start: '2027-01-01',
      companyId: company.id,
    });
    expect(created.statusCode).toBe(201);
    const plan = created.data;
    expect(plan).toMatchObject({
      status: 'draft',
      version: 1,
      revision: 1,
      language: 'zh-CN',
      companyName: 'Leaf & Cup',
    });
    expect(plan.document.sections.purpose.horizon.start).toBe('2027-01-01');
    expect(plan.analysis.feasibility.readiness).toBeGreaterThan(0);
    expect(plan.analysis.budget.grandTotal).toBeGreaterThan(0);
    expect(plan.analysis.channelRecommendations.length).toBeGreaterThan(3);
    expect(plan.analysis.gantt).toBeTruthy();
    expect(plan.document.sections.effectPrediction.status).toBe('not_forecast');

    const list = (await viewer.get(base)).data.items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: plan.id, readiness: plan.analysis.feasibility.readiness });
    expect(list[0].document).toBeUndefined();

    expect((await viewer.post(base, { language: 'en' })).statusCode).toBe(403);
    const unknownTemplate = await editor.post(base, { language: 'en', templateId: 'nope' });
    expect(unknownTemplate.data.error.field).toBe('templateId');
  });

  it('saves sections with optimistic concurrency and recomputes the verdict', async () => {
    const plan = (
      await editor.post(base, { language: 'en', templateId: 'b2b-iot-sensors', start: '2027-03-01' })
    ).data;
    const feas = structuredClone(plan.document.sections.feasibility);
    const before = plan.analysis.feasibility;
    for (const dim of Object.values(feas.dimensions) as { criteria: { score: number | null }[] }[]) {
      for (const c of dim.criteria) c.score = 5;
    }
    const saved = await editor.request('PUT', `${base}/${plan.id}/sections/feasibility`, {
      revision: 1,
      data: feas,
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.data.revision).toBe(2);
    expect(saved.data.analysis.feasibility.readiness).toBe(100);
    expect(saved.data.analysis.feasibility.verdict).toBe('ready');
    expect(before.verdict).not.toBe('ready');

    // A second editor working from revision 1 must not overwrite.
    const stale = await owner.request('PUT', `${base}/${plan.id}/sections/feasibility`, {
      revision: 1,
      data: plan.document.sections.feasibility,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.data.error.code).toBe('stale_revision');
    expect(stale.data.current.revision).toBe(2);
    expect(stale.data.current.analysis.feasibility.readiness).toBe(100);

    const bad = structuredClone(feas);
    (Object.values(bad.dimensions)[0] as { criteria: { score: number }[] }).criteria[0].score = 9;
    const badSave = await editor.request('PUT', `${base}/${plan.id}/sections/feasibility`, {
      revision: 2,
      data: bad,
    });
    expect(badSave.statusCode).toBe(400);
    expect(badSave.data.error.field).toMatch(
      /^sections\.feasibility\.dimensions\.\w+\.criteria\[0\]\.score$/,
    );
    expect((await editor.get(`${base}/${plan.id}`)).data.revision).toBe(2);

    const tasks = structuredClone(saved.data.document.sections.implementation);
    tasks.tasks[0].dependsOn = [tasks.tasks[0].id];
    const cyc = await editor.request('PUT', `${base}/${plan.id}/sections/implementation`, {
      revision: 2,
      data: tasks,
    });
    expect(cyc.statusCode).toBe(400);
    expect(cyc.data.error.field).toMatch(/^sections\.implementation\.tasks\[0\]\.dependsOn/);

    const budget = structuredClone(saved.data.document.sections.budget);
    budget.lines[0].planned = -5;
    const neg = await editor.request('PUT', `${base}/${plan.id}/sections/budget`, {
      revision: 2,
      data: budget,
    });
    expect(neg.data.error.field).toBe('sections.budget.lines[0].planned');

    expect(
      (
        await viewer.request('PUT', `${base}/${plan.id}/sections/budget`, {
          revision: 2,
          data: saved.data.document.sections.budget,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await editor.request('PUT', `${base}/${plan.id}/sections/nonsense`, { revision: 2, data: {} }))
        .statusCode,
    ).toBe(404);
  });

  it('runs the approval workflow, freezes the approved version and starts the next on edit', async () => {
    const plan = (
      await editor.post(base, { language: 'en', templateId: 'agency-art-glass', start: '2027-02-01' })
    ).data;
    const review = await editor.post(`${base}/${plan.id}/status`, { revision: 1, to: 'in_review' });
    expect(review.data.status).toBe('in_review');
    const editorApprove = await editor.post(`${base}/${plan.id}/status`, { revision: 2, to: 'approved' });
    expect(editorApprove.statusCode).toBe(403);
    const bad = await owner.post(`${base}/${plan.id}/status`, { revision: 2, to: 'closed' });
    expect(bad.data.error.code).toBe('invalid_transition');
    const approved = await owner.post(`${base}/${plan.id}/status`, { revision: 2, to: 'approved' });
    expect(approved.data.status).toBe('approved');
    expect(approved.data.approval).toMatchObject({ version: 1, approvedByName: 'Olivia Owner' });

    const risks = structuredClone(approved.data.document.sections.risks);
    risks.items[0].title = 'Changed after approval';
    const edited = await editor.request('PUT', `${base}/${plan.id}/sections/risks`, {
      revision: approved.data.revision,
      data: risks,
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.data).toMatchObject({ status: 'draft', version: 2 });
    expect(edited.data.approval.version).toBe(1);

    const v1 = await viewer.get(`${base}/${plan.id}/versions/1`);
    expect(v1.data.document.sections.risks.items[0].title).not.toBe('Changed after approval');
    const versions = (await viewer.get(`${base}/${plan.id}/versions`)).data.items;
    expect(versions.find((v: { version: number }) => v.version === 1)).toMatchObject({
      frozen: true,
      status: 'approved',
    });

    const diff = await viewer.get(`${base}/${plan.id}/diff?from=1&to=current`);
    expect(diff.statusCode).toBe(200);
    expect(JSON.stringify(diff.data.changes)).toContain('Changed after approval');
    expect((await viewer.get(`${base}/${plan.id}/diff?from=7&to=current`)).statusCode).toBe(404);
  });

  it('imports valid JSON and rejects invalid JSON naming the path, saving nothing', async () => {
    const plan = (
      await editor.post(base, { language: 'en', templateId: 'ecommerce-tea', start: '2027-01-01' })
    ).data;
    const exported = await editor.get(`${base}/${plan.id}/export`);
    expect(exported.headers['content-disposition']).toMatch(/attachment/);
    const count = (await editor.get(base)).data.items.length;

    const broken = structuredClone(exported.data);
    broken.sections.implementation.tasks[1].end = '2020-01-01';
    const res = await editor.post(`${base}/import`, { document: broken });
    expect(res.statusCode).toBe(400);
    expect(res.data.error.field).toBe('sections.implementation.tasks[1].end');
    expect((await editor.post(`${base}/import`, { document: { schemaVersion: 99 } })).statusCode).toBe(400);
    expect((await editor.get(base)).data.items.length).toBe(count);

    const ok = await editor.post(`${base}/import`, { document: exported.data });
    expect(ok.statusCode).toBe(201);
    expect(ok.data.document).toEqual(exported.data);

    const schema = await viewer.get('/api/schemas/plan.json');
    expect(schema.statusCode).toBe(200);
    expect(schema.data.$defs.PlanDocument.properties.sections).toBeTruthy();
  });

  it('duplicates, comments and deletes with the right roles', async () => {
    const plan = (await editor.post(base, { language: 'en', title: 'Q3 push' })).data;
    const copy = await editor.post(`${base}/${plan.id}/duplicate`);
    expect(copy.data.title).toBe('Q3 push (copy)');
    const c = await viewer.post(`${base}/${plan.id}/comments`, {
      section: 'budget',
      body: '<script>alert(1)</script> too high?',
    });
    expect(c.statusCode).toBe(201);
    expect(
      (await viewer.post(`${base}/${plan.id}/comments`, { section: 'bogus', body: 'x' })).statusCode,
    ).toBe(400);
    expect((await editor.delete(`${base}/${plan.id}/comments/${c.data.id}`)).statusCode).toBe(403);
    const comments = (await editor.get(`${base}/${plan.id}/comments`)).data.items;
    expect(comments[0]).toMatchObject({
      section: 'budget',
      body: '<script>alert(1)</script> too high?',
      authorName: 'viewer',
    });
    expect((await owner.delete(`${base}/${plan.id}/comments/${c.data.id}`)).statusCode).toBe(204);
    expect((await editor.delete(`${base}/${copy.data.id}`)).statusCode).toBe(403);
    expect((await owner.delete(`${base}/${copy.data.id}`)).statusCode).toBe(204);
    expect((await owner.get(`${base}/${copy.data.id}`)).statusCode).toBe(404);
  });
});

describe('plans and deleted companies', () => {
  it('keeps a plan saveable after its company is deleted, and refuses unknown companies', async () => {
    const company = (await owner.post(`/api/workspaces/${wid}/companies`, { name: 'Short-lived Ltd' })).data;
    const plan = (await editor.post(base, { language: 'en', title: 'Orphan', companyId: company.id })).data;
    expect((await owner.delete(`/api/workspaces/${wid}/companies/${company.id}`)).statusCode).toBe(204);
    const risks = plan.document.sections.risks;
    const saved = await editor.request('PUT', `${base}/${plan.id}/sections/risks`, {
      revision: plan.revision,
      data: risks,
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.data.document.sections.purpose.companyId).toBeNull();
    const purpose = {
      ...saved.data.document.sections.purpose,
      companyId: '00000000-0000-4000-8000-000000000000',
    };
    const bad = await editor.request('PUT', `${base}/${plan.id}/sections/purpose`, {
      revision: saved.data.revision,
      data: purpose,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.data.error.field).toBe('sections.purpose.companyId');
  });
});
