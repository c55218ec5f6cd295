import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { createApp, openStores, type Stores } from '../../src/app';
import { type Config, loadConfig } from '../../src/platform/config';
import type { ZodApp } from '../../src/platform/http/zod-app';

/**
 * A real app on real stores: PGlite in a temp dir, or a fresh database on the PostgreSQL named by
 * TEST_DATABASE_URL (CI sets it to prove both engines pass the same tests). One per test file.
 */
export async function startTestApp(overrides: Partial<Config> = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ml-test-'));
  let dropDatabase: (() => Promise<void>) | undefined;
  let databaseUrl: string | undefined;
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    const name = `ml_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  }
  const config = loadConfig(
    {},
    { dataDir, databaseUrl, logLevel: 'silent', secret: 'test-secret-'.padEnd(40, 'x'), ...overrides },
  );
  const stores: Stores = await openStores(config);
  const { app, services } = await createApp(config, stores, { logger: false });
  await app.ready();
  return {
    app,
    config,
    stores,
    services,
    client: () => new TestClient(app),
    async close() {
      await app.close();
      await stores.eventStore.close();
      await stores.appDb.close();
      await dropDatabase?.();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** A browser-like client: keeps cookies, echoes the CSRF cookie on writes unless told not to. */
export class TestClient {
  cookies = new Map<string, string>();
  bearer?: string;
  ip = '127.0.0.1';

  constructor(private readonly app: ZodApp) {}

  async request(
    method: Method,
    url: string,
    body?: unknown,
    opts: { csrf?: boolean; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<LightMyRequestResponse & { data: any }> {
    const headers: Record<string, string> = { ...opts.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    const csrf = this.cookies.get('ml_csrf');
    if (method !== 'GET' && opts.csrf !== false && csrf) headers['x-csrf-token'] = csrf;
    let payload: string | undefined;
    if (opts.rawBody !== undefined) {
      payload = opts.rawBody;
      headers['content-type'] ??= 'application/json';
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    const res = await this.app.inject({ method, url, headers, payload, remoteAddress: this.ip });
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired = c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now()) || c.value === '';
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    let data: any = null;
    try {
      data = res.body ? JSON.parse(res.body) : null;
    } catch {
      data = res.body;
    }
    return Object.assign(res, { data });
  }

  get = (url: string) => this.request('GET', url);
  post = (url: string, body?: unknown) => this.request('POST', url, body);
  patch = (url: string, body?: unknown) => this.request('PATCH', url, body);
  delete = (url: string) => this.request('DELETE', url);
}

export const PASSWORD = 'correct horse battery';

/** Runs first-run setup and returns the signed-in owner's client and workspace. */
export async function setupOwner(t: TestApp, name = 'Olivia Owner', email = 'owner@example.com') {
  const client = t.client();
  const res = await client.post('/api/setup', {
    name,
    email,
    password: PASSWORD,
    workspaceName: 'Acme Marketing',
    workspaceKind: 'agency',
  });
  if (res.statusCode !== 201) throw new Error(`setup failed: ${res.body}`);
  return { client, user: res.data.user, workspace: res.data.workspace };
}

/** Invites `email` to a workspace with a role and accepts with a new account; returns that person's client. */
export async function addMember(
  t: TestApp,
  inviter: TestClient,
  workspaceId: string,
  email: string,
  role: string,
) {
  const inv = await inviter.post(`/api/workspaces/${workspaceId}/invitations`, { email, role });
  if (inv.statusCode !== 201) throw new Error(`invite failed: ${inv.body}`);
  const client = t.client();
  const token = String(inv.data.url).split('/').pop();
  const acc = await client.post(`/api/invitations/${token}/accept`, {
    name: email.split('@')[0],
    password: PASSWORD,
  });
  if (acc.statusCode !== 200) throw new Error(`accept failed: ${acc.body}`);
  const me = await client.get('/api/me');
  return { client, userId: me.data.user.id as string };
}
