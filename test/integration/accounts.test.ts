import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, setupOwner, startTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

describe('first-run setup, sessions and passwords', () => {
  it('needs setup on a fresh install, then never again', async () => {
    const anon = t.client();
    expect((await anon.get('/api/setup')).data).toEqual({ needsSetup: true });

    const bad = await anon.post('/api/setup', {
      name: 'X',
      email: 'not-an-email',
      password: 'short',
      workspaceName: '',
      workspaceKind: 'agency',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.data.error.code).toBe('validation_failed');
    expect((await anon.get('/api/setup')).data.needsSetup).toBe(true);

    const { client, user, workspace } = await setupOwner(t);
    expect(user.email).toBe('owner@example.com');
    expect(workspace).toMatchObject({ name: 'Acme Marketing', kind: 'agency', role: 'owner' });
    expect((await anon.get('/api/setup')).data.needsSetup).toBe(false);

    const again = await anon.post('/api/setup', {
      name: 'Eve',
      email: 'eve@example.com',
      password: PASSWORD,
      workspaceName: 'Evil',
      workspaceKind: 'company',
    });
    expect(again.statusCode).toBe(409);
    expect(again.data.error.code).toBe('setup_done');
    expect(await t.services.accounts.findUserByEmail('eve@example.com')).toBeNull();

    const me = await client.get('/api/me');
    expect(me.statusCode).toBe(200);
    expect(me.data.workspaces).toHaveLength(1);
    expect(me.data.csrfToken).toBe(client.cookies.get('ml_csrf'));
  });

  it('stores passwords as argon2id hashes', async () => {
    const rows = await t.stores.appDb.db.query.account.findMany();
    expect(rows[0].password).toMatch(/^\$argon2id\$/);
    expect(rows[0].password).not.toContain(PASSWORD);
  });

  it('sets the session cookie httpOnly and SameSite', async () => {
    const res = await t.client().post('/api/session', { email: 'owner@example.com', password: PASSWORD });
    expect(res.statusCode).toBe(200);
    const session = (res.cookies as { name: string; httpOnly?: boolean; sameSite?: string }[]).find((c) =>
      c.name.endsWith('session_token'),
    );
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite?.toLowerCase()).toBe('lax');
  });

  it('signs in case-insensitively, rejects wrong passwords, signs out', async () => {
    const c = t.client();
    expect(
      (await c.post('/api/session', { email: 'owner@example.com', password: 'wrong password!' })).data.error
        .code,
    ).toBe('invalid_credentials');
    expect((await c.get('/api/me')).statusCode).toBe(401);
    expect(
      (await c.post('/api/session', { email: 'OWNER@example.com', password: PASSWORD })).statusCode,
    ).toBe(200);
    expect((await c.get('/api/me')).statusCode).toBe(200);
    expect((await c.delete('/api/session')).statusCode).toBe(204);
    expect((await c.get('/api/me')).statusCode).toBe(401);
  });

  it('answers the 11th failed sign-in within a minute from one IP with 429, even with the right password', async () => {
    const c = t.client();
    c.ip = '203.0.113.7';
    for (let i = 1; i <= 10; i++) {
      const res = await c.post('/api/session', {
        email: 'owner@example.com',
        password: `wrong-${i}-password`,
      });
      expect(res.statusCode, `try ${i}`).toBe(401);
    }
    const eleventh = await c.post('/api/session', { email: 'owner@example.com', password: PASSWORD });
    expect(eleventh.statusCode).toBe(429);
    expect(eleventh.data.error.code).toBe('rate_limited');
    // Another address is not affected.
    const other = t.client();
    other.ip = '203.0.113.8';
    expect(
      (await other.post('/api/session', { email: 'owner@example.com', password: PASSWORD })).statusCode,
    ).toBe(200);
  });

  it('changes the password only with the current one, and signs out other sessions', async () => {
    const a = t.client();
    const b = t.client();
    await a.post('/api/session', { email: 'owner@example.com', password: PASSWORD });
    await b.post('/api/session', { email: 'owner@example.com', password: PASSWORD });
    const wrong = await a.post('/api/me/password', {
      currentPassword: 'not it at all',
      newPassword: 'a brand new secret',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.data.error).toMatchObject({ code: 'wrong_password', field: 'currentPassword' });
    const short = await a.post('/api/me/password', { currentPassword: PASSWORD, newPassword: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.data.error.field).toBe('newPassword');

    expect(
      (await a.post('/api/me/password', { currentPassword: PASSWORD, newPassword: 'a brand new secret' }))
        .statusCode,
    ).toBe(204);
    expect((await a.get('/api/me')).statusCode).toBe(200);
    expect((await b.get('/api/me')).statusCode).toBe(401);
    expect(
      (await t.client().post('/api/session', { email: 'owner@example.com', password: PASSWORD })).statusCode,
    ).toBe(401);
    expect(
      (await t.client().post('/api/session', { email: 'owner@example.com', password: 'a brand new secret' }))
        .statusCode,
    ).toBe(200);
    // Put it back for the other tests in this file.
    await a.post('/api/me/password', { currentPassword: 'a brand new secret', newPassword: PASSWORD });
  });

  it('persists the language choice on the profile', async () => {
    const c = t.client();
    await c.post('/api/session', { email: 'owner@example.com', password: PASSWORD });
    expect((await c.patch('/api/me', { locale: 'zh-CN' })).data.user.locale).toBe('zh-CN');
    expect((await c.get('/api/me')).data.user.locale).toBe('zh-CN');
    expect((await c.patch('/api/me', { locale: 'fr' })).statusCode).toBe(400);
    await c.patch('/api/me', { locale: 'en' });
  });
});

describe('protocol hygiene', () => {
  it('rejects cookie-authenticated writes without the CSRF token, changing nothing', async () => {
    const c = t.client();
    await c.post('/api/session', { email: 'owner@example.com', password: PASSWORD });
    const wid = (await c.get('/api/me')).data.workspaces[0].id;
    const res = await c.request(
      'POST',
      `/api/workspaces/${wid}/companies`,
      { name: 'Forged Ltd' },
      { csrf: false },
    );
    expect(res.statusCode).toBe(403);
    expect(res.data.error.code).toBe('csrf_failed');
    const wrong = await c.request(
      'POST',
      `/api/workspaces/${wid}/companies`,
      { name: 'Forged Ltd' },
      { csrf: false, headers: { 'x-csrf-token': 'guess' } },
    );
    expect(wrong.statusCode).toBe(403);
    expect(
      (await c.get(`/api/workspaces/${wid}/companies`)).data.items.map((x: { name: string }) => x.name),
    ).not.toContain('Forged Ltd');
  });

  it('answers bad JSON, wrong types, unknown fields and oversized bodies in the error shape', async () => {
    const c = t.client();
    await c.post('/api/session', { email: 'owner@example.com', password: PASSWORD });
    const wid = (await c.get('/api/me')).data.workspaces[0].id;
    const url = `/api/workspaces/${wid}/companies`;

    const badJson = await c.request('POST', url, undefined, { rawBody: '{"name": "Acme",' });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.data).toEqual({ error: { code: 'invalid_json', message: expect.any(String) } });

    const wrongType = await c.post(url, { name: 42 });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.data.error).toMatchObject({ code: 'validation_failed', field: 'name' });

    const unknown = await c.post(url, { name: 'Acme', revenue: 1 });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.data.error).toMatchObject({ code: 'validation_failed', field: 'revenue' });

    const big = await c.request('POST', url, undefined, {
      rawBody: JSON.stringify({ name: 'A', description: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.data.error.code).toBe('payload_too_large');

    const notFound = await c.get('/api/nothing-here');
    expect(notFound.statusCode).toBe(404);
    expect(notFound.data.error.code).toBe('not_found');

    expect((await c.get(url)).data.items).toEqual([]);
  });

  it('reports health of both stores and publishes OpenAPI', async () => {
    const c = t.client();
    const health = await c.get('/healthz');
    expect(health.statusCode).toBe(200);
    expect(health.data).toEqual({
      status: 'ok',
      appDb: { engine: process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite', ok: true },
      eventStore: { engine: 'duckdb', ok: true },
    });
    const doc = await c.get('/api/docs/json');
    expect(doc.statusCode).toBe(200);
    expect(doc.data.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.data.paths)).toContain('/api/workspaces/{workspaceId}/companies/{id}');
  });
});
