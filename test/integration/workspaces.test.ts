import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invitation } from '../../src/platform/db/schema';
import {
  addMember,
  PASSWORD,
  setupOwner,
  startTestApp,
  type TestApp,
  type TestClient,
} from '../support/test-app';

let t: TestApp;
let owner: TestClient;
let wsA: string;
beforeAll(async () => {
  t = await startTestApp();
  const s = await setupOwner(t);
  owner = s.client;
  wsA = s.workspace.id;
});
afterAll(async () => t?.close());

describe('companies', () => {
  it('supports create, read, update, delete with validation', async () => {
    const url = `/api/workspaces/${wsA}/companies`;
    const created = await owner.post(url, {
      name: '  Lumen Glassworks ',
      website: 'https://lumen.example',
      country: 'cn',
      industry: 'Glass',
      description: '',
    });
    expect(created.statusCode).toBe(201);
    expect(created.data).toMatchObject({
      name: 'Lumen Glassworks',
      website: 'https://lumen.example',
      country: 'CN',
      description: null,
      workspaceId: wsA,
    });

    const badUrl = await owner.post(url, { name: 'X', website: 'javascript:alert(1)' });
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.data.error.field).toBe('website');
    const noName = await owner.post(url, { name: '   ' });
    expect(noName.data.error.field).toBe('name');

    const id = created.data.id;
    const patched = await owner.patch(`${url}/${id}`, { industry: 'Art glass' });
    expect(patched.data.industry).toBe('Art glass');
    expect(patched.data.name).toBe('Lumen Glassworks');
    expect((await owner.get(`${url}/${id}`)).data.industry).toBe('Art glass');

    const xss = await owner.post(url, { name: `<img src=x onerror=alert(1)>'; drop table companies;--` });
    expect(xss.statusCode).toBe(201);
    expect((await owner.get(`${url}/${xss.data.id}`)).data.name).toBe(
      `<img src=x onerror=alert(1)>'; drop table companies;--`,
    );

    expect((await owner.delete(`${url}/${xss.data.id}`)).statusCode).toBe(204);
    expect((await owner.get(`${url}/${xss.data.id}`)).statusCode).toBe(404);
    expect((await owner.get(`${url}/not-a-uuid`)).statusCode).toBe(404);
    expect((await owner.get(url)).data.items.map((c: { name: string }) => c.name)).toEqual([
      'Lumen Glassworks',
    ]);
  });
});

describe('roles', () => {
  it('lets a viewer read but not write, an editor write but not delete or manage people', async () => {
    const viewer = (await addMember(t, owner, wsA, 'viewer@example.com', 'viewer')).client;
    const editor = (await addMember(t, owner, wsA, 'editor@example.com', 'editor')).client;
    const url = `/api/workspaces/${wsA}/companies`;
    const company = (await owner.post(url, { name: 'Role Test Co' })).data;

    expect((await viewer.get(url)).statusCode).toBe(200);
    const vCreate = await viewer.post(url, { name: 'Nope' });
    expect(vCreate.statusCode).toBe(403);
    expect(vCreate.data.error.code).toBe('forbidden');
    expect((await viewer.patch(`${url}/${company.id}`, { name: 'Nope' })).statusCode).toBe(403);
    expect((await viewer.delete(`${url}/${company.id}`)).statusCode).toBe(403);
    expect(
      (await viewer.post(`/api/workspaces/${wsA}/invitations`, { email: 'x@example.com', role: 'viewer' }))
        .statusCode,
    ).toBe(403);
    expect((await viewer.patch(`/api/workspaces/${wsA}`, { name: 'Hijacked' })).statusCode).toBe(403);

    expect((await editor.post(url, { name: 'Editor Co' })).statusCode).toBe(201);
    expect((await editor.patch(`${url}/${company.id}`, { industry: 'Tea' })).statusCode).toBe(200);
    expect((await editor.delete(`${url}/${company.id}`)).statusCode).toBe(403);
    expect((await editor.get(`/api/workspaces/${wsA}/api-keys`)).statusCode).toBe(403);

    const names = (await owner.get(url)).data.items.map((c: { name: string }) => c.name);
    expect(names).not.toContain('Nope');
    expect((await owner.get(`/api/workspaces/${wsA}`)).data.name).toBe('Acme Marketing');
  });

  it('never leaves a workspace without an owner', async () => {
    const me = (await owner.get('/api/me')).data.user;
    const demote = await owner.patch(`/api/workspaces/${wsA}/members/${me.id}`, { role: 'admin' });
    expect(demote.statusCode).toBe(409);
    expect(demote.data.error.code).toBe('last_owner');
    expect((await owner.delete(`/api/workspaces/${wsA}/members/${me.id}`)).statusCode).toBe(409);
    const members = (await owner.get(`/api/workspaces/${wsA}/members`)).data.items;
    expect(members.find((m: { userId: string }) => m.userId === me.id).role).toBe('owner');
  });

  it('lets an admin manage editors but not owners', async () => {
    const admin = await addMember(t, owner, wsA, 'admin@example.com', 'admin');
    const ed = await addMember(t, owner, wsA, 'ed2@example.com', 'editor');
    const me = (await owner.get('/api/me')).data.user;
    expect(
      (await admin.client.patch(`/api/workspaces/${wsA}/members/${ed.userId}`, { role: 'viewer' })).data.role,
    ).toBe('viewer');
    expect(
      (await admin.client.patch(`/api/workspaces/${wsA}/members/${me.id}`, { role: 'viewer' })).statusCode,
    ).toBe(403);
    expect(
      (await admin.client.patch(`/api/workspaces/${wsA}/members/${ed.userId}`, { role: 'owner' })).statusCode,
    ).toBe(403);
    expect((await admin.client.delete(`/api/workspaces/${wsA}/members/${ed.userId}`)).statusCode).toBe(204);
    expect((await ed.client.get(`/api/workspaces/${wsA}`)).statusCode).toBe(404);
  });
});

describe('invitations', () => {
  it('previews, refuses a mismatched account, and accepts once', async () => {
    const inv = (
      await owner.post(`/api/workspaces/${wsA}/invitations`, {
        email: 'New.Person@Example.com',
        role: 'editor',
      })
    ).data;
    expect(inv.email).toBe('new.person@example.com');
    expect(inv.url).toMatch(/\/invite\/[0-9a-f-]{36}$/);
    const token = inv.url.split('/').pop();
    const anon = t.client();
    const preview = await anon.get(`/api/invitations/${token}`);
    expect(preview.data).toMatchObject({
      workspaceName: 'Acme Marketing',
      email: 'new.person@example.com',
      role: 'editor',
      accountExists: false,
      inviterName: 'Olivia Owner',
    });

    expect((await owner.post(`/api/invitations/${token}/accept`, {})).data.error.code).toBe(
      'invitation_email_mismatch',
    );
    const noPassword = await anon.post(`/api/invitations/${token}/accept`, { name: 'New Person' });
    expect(noPassword.statusCode).toBe(400);
    expect(noPassword.data.error.field).toBe('password');

    const ok = await anon.post(`/api/invitations/${token}/accept`, {
      name: 'New Person',
      password: PASSWORD,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.data.workspace).toMatchObject({ id: wsA, role: 'editor' });
    expect((await anon.get('/api/me')).data.user.email).toBe('new.person@example.com');

    const reuse = await t
      .client()
      .post(`/api/invitations/${token}/accept`, { name: 'Mallory', password: PASSWORD });
    expect(reuse.statusCode).toBe(410);
  });

  it('refuses expired and revoked invitations and unknown tokens', async () => {
    const inv = (
      await owner.post(`/api/workspaces/${wsA}/invitations`, { email: 'late@example.com', role: 'viewer' })
    ).data;
    await t.stores.appDb.db
      .update(invitation)
      .set({ expiresAt: sql`now() - interval '1 hour'` })
      .where(sql`${invitation.id} = ${inv.id}`);
    const token = inv.url.split('/').pop();
    const expired = await t
      .client()
      .post(`/api/invitations/${token}/accept`, { name: 'Late', password: PASSWORD });
    expect(expired.statusCode).toBe(410);
    expect(expired.data.error.code).toBe('invitation_expired');
    expect(await t.services.accounts.findUserByEmail('late@example.com')).toBeNull();

    const inv2 = (
      await owner.post(`/api/workspaces/${wsA}/invitations`, { email: 'gone@example.com', role: 'viewer' })
    ).data;
    expect((await owner.delete(`/api/workspaces/${wsA}/invitations/${inv2.id}`)).statusCode).toBe(204);
    expect((await t.client().get(`/api/invitations/${inv2.id}`)).statusCode).toBe(410);
    expect((await t.client().get('/api/invitations/00000000-0000-4000-8000-000000000000')).statusCode).toBe(
      404,
    );
    expect((await t.client().get(`/api/invitations/'%20or%201=1--`)).statusCode).toBe(404);

    const list = (await owner.get(`/api/workspaces/${wsA}/invitations`)).data.items;
    expect(list.find((i: { id: string }) => i.id === inv.id).status).toBe('expired');
    expect(list.find((i: { id: string }) => i.id === inv2.id).status).toBe('revoked');
  });

  it('refuses to invite an existing member', async () => {
    const res = await owner.post(`/api/workspaces/${wsA}/invitations`, {
      email: 'owner@example.com',
      role: 'viewer',
    });
    expect(res.statusCode).toBe(409);
    expect(res.data.error).toMatchObject({ code: 'already_member', field: 'email' });
  });
});

describe('API keys', () => {
  it('authenticates with a workspace-scoped key, honours its role, and stops on revoke', async () => {
    const created = await owner.post(`/api/workspaces/${wsA}/api-keys`, { name: 'CRM sync' });
    expect(created.statusCode).toBe(201);
    expect(created.data.key).toMatch(/^ml_/);
    expect(created.data.role).toBe('editor');
    const listed = (await owner.get(`/api/workspaces/${wsA}/api-keys`)).data.items;
    expect(JSON.stringify(listed)).not.toContain(created.data.key);

    const bot = t.client();
    bot.bearer = created.data.key;
    expect((await bot.get(`/api/workspaces/${wsA}/companies`)).statusCode).toBe(200);
    expect((await bot.post(`/api/workspaces/${wsA}/companies`, { name: 'From the API' })).statusCode).toBe(
      201,
    );
    expect(
      (await bot.post(`/api/workspaces/${wsA}/invitations`, { email: 'bot@example.com', role: 'admin' }))
        .statusCode,
    ).toBe(403);
    expect((await bot.get('/api/me')).statusCode).toBe(403);

    const viewerKey = (
      await owner.post(`/api/workspaces/${wsA}/api-keys`, { name: 'Dashboard', role: 'viewer' })
    ).data.key;
    const reader = t.client();
    reader.bearer = viewerKey;
    expect((await reader.get(`/api/workspaces/${wsA}/companies`)).statusCode).toBe(200);
    expect((await reader.post(`/api/workspaces/${wsA}/companies`, { name: 'No' })).statusCode).toBe(403);

    expect((await owner.delete(`/api/workspaces/${wsA}/api-keys/${created.data.id}`)).statusCode).toBe(204);
    const revoked = await bot.get(`/api/workspaces/${wsA}/companies`);
    expect(revoked.statusCode).toBe(401);
    expect(revoked.data.error.code).toBe('invalid_api_key');
    const garbage = t.client();
    garbage.bearer = `ml_${'a'.repeat(43)}`;
    expect((await garbage.get(`/api/workspaces/${wsA}/companies`)).statusCode).toBe(401);
  });
});
