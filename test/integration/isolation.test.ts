import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyToCsv, simulateHistory } from '../../src/modules/forecasting/simulator';
import { PASSWORD, setupOwner, startTestApp, type TestApp, type TestClient } from '../support/test-app';

/**
 * A member of workspace A must get 404 for every route that takes an id from workspace B, by
 * session or by API key, and B's data must be unchanged. Routes come from the OpenAPI document,
 * so a new route is covered the day it is added.
 */
let t: TestApp;
let alice: TestClient;
let aliceKey: TestClient;
let bob: TestClient;
const b = {
  workspaceId: '',
  companyId: '',
  userId: '',
  invitationId: '',
  apiKeyId: '',
  planId: '',
  commentId: '',
  siteId: '',
  goalId: '',
  funnelId: '',
  calibrationId: '',
};

beforeAll(async () => {
  t = await startTestApp();
  const a = await setupOwner(t, 'Alice', 'alice@example.com');
  alice = a.client;
  await t.services.accounts.createUser({ name: 'Bob', email: 'bob@example.com', password: PASSWORD });
  bob = t.client();
  await bob.post('/api/session', { email: 'bob@example.com', password: PASSWORD });
  const ws = await bob.post('/api/workspaces', { name: 'Bob Brand Agency', kind: 'agency' });
  b.workspaceId = ws.data.id;
  b.userId = (await bob.get('/api/me')).data.user.id;
  b.companyId = (
    await bob.post(`/api/workspaces/${b.workspaceId}/companies`, { name: 'Secret Client' })
  ).data.id;
  b.invitationId = (
    await bob.post(`/api/workspaces/${b.workspaceId}/invitations`, {
      email: 'carol@example.com',
      role: 'editor',
    })
  ).data.id;
  b.apiKeyId = (await bob.post(`/api/workspaces/${b.workspaceId}/api-keys`, { name: 'B key' })).data.id;
  const bPlans = `/api/workspaces/${b.workspaceId}/plans`;
  b.planId = (
    await bob.post(bPlans, { language: 'en', templateId: 'ecommerce-tea', start: '2027-01-01' })
  ).data.id;
  b.commentId = (
    await bob.post(`${bPlans}/${b.planId}/comments`, { section: 'budget', body: 'secret note' })
  ).data.id;
  b.calibrationId = (
    await bob.request(
      'POST',
      `/api/workspaces/${b.workspaceId}/forecast/calibrations?outcome=revenue`,
      undefined,
      {
        rawBody: historyToCsv(simulateHistory({ seed: 1, channels: 2, periods: 60 }).history),
        headers: { 'content-type': 'text/csv' },
      },
    )
  ).data.id;
  b.siteId = (
    await bob.post(`/api/workspaces/${b.workspaceId}/sites`, {
      name: 'Secret site',
      hostnames: ['b.example'],
    })
  ).data.id;
  const bSite = `/api/workspaces/${b.workspaceId}/sites/${b.siteId}`;
  b.goalId = (await bob.post(`${bSite}/goals`, { name: 'Secret goal', kind: 'event', match: 'buy' })).data.id;
  b.funnelId = (
    await bob.post(`${bSite}/funnels`, {
      name: 'Secret funnel',
      steps: [
        { kind: 'page', match: '/' },
        { kind: 'event', match: 'buy' },
      ],
    })
  ).data.id;
  aliceKey = t.client();
  aliceKey.bearer = (
    await alice.post(`/api/workspaces/${a.workspace.id}/api-keys`, { name: 'A key' })
  ).data.key;
});
afterAll(async () => t?.close());

async function snapshotB() {
  return {
    ws: (await bob.get(`/api/workspaces/${b.workspaceId}`)).data,
    companies: (await bob.get(`/api/workspaces/${b.workspaceId}/companies`)).data,
    members: (await bob.get(`/api/workspaces/${b.workspaceId}/members`)).data,
    invitations: (await bob.get(`/api/workspaces/${b.workspaceId}/invitations`)).data,
    rates: (await bob.get(`/api/workspaces/${b.workspaceId}/channel-rates`)).data,
    plan: (await bob.get(`/api/workspaces/${b.workspaceId}/plans/${b.planId}`)).data,
    comments: (await bob.get(`/api/workspaces/${b.workspaceId}/plans/${b.planId}/comments`)).data,
    sites: (await bob.get(`/api/workspaces/${b.workspaceId}/sites`)).data,
    goals: (await bob.get(`/api/workspaces/${b.workspaceId}/sites/${b.siteId}/goals`)).data,
    funnels: (await bob.get(`/api/workspaces/${b.workspaceId}/sites/${b.siteId}/funnels`)).data,
    channelRules: (await bob.get(`/api/workspaces/${b.workspaceId}/channel-rules`)).data,
    calibrations: (await bob.get(`/api/workspaces/${b.workspaceId}/forecast/calibrations`)).data.items.map(
      (c: { id: string; status: string }) => [c.id, c.status === 'cancelled'],
    ),
    keys: (await bob.get(`/api/workspaces/${b.workspaceId}/api-keys`)).data.items.map(
      (k: { id: string; revokedAt: string | null }) => [k.id, k.revokedAt],
    ),
  };
}

function idFor(path: string, param: string) {
  if (param === 'workspaceId') return b.workspaceId;
  if (param === 'userId') return b.userId;
  if (param === 'commentId') return b.commentId;
  if (param === 'channel') return 'sem';
  if (param === 'version') return '1';
  if (param === 'section') return 'budget';
  if (param === 'siteId') return b.siteId;
  if (param === 'goalId') return b.goalId;
  if (param === 'funnelId') return b.funnelId;
  if (param === 'report') return 'dashboard';
  if (path.includes('/calibrations/')) return b.calibrationId;
  if (path.includes('/plans/')) return b.planId;
  if (path.includes('/companies/')) return b.companyId;
  if (path.includes('/invitations/')) return b.invitationId;
  if (path.includes('/api-keys/')) return b.apiKeyId;
  throw new Error(`isolation test does not know which B id to use for {${param}} in ${path}; add it`);
}

const bodies: Record<string, unknown> = {
  companies: { name: 'Injected' },
  invitations: { email: 'mallory@example.com', role: 'owner' },
  'api-keys': { name: 'stolen' },
  members: { role: 'viewer' },
  'POST plans': { language: 'en' },
  'PATCH plans': { revision: 1, title: 'Injected' },
  import: { document: {} },
  document: { revision: 1, document: {} },
  sections: { revision: 1, data: {} },
  status: { revision: 1, to: 'in_review' },
  comments: { section: 'budget', body: 'Injected' },
  duplicate: {},
  'channel-rules': { rules: [{ channel: 'Email', source: 'injected' }] },
  'channel-rates': { rates: { ctr: { low: 0.5, likely: 0.6, high: 0.7 } } },
  forecast: { revision: 1, averageOrderValue: { low: 1, likely: 2, high: 3 }, grossMargin: 0.5 },
  allocate: { budget: 1000, objective: 'customers', channels: [{ name: 'sem', channel: 'sem' }] },
  allocation: { objective: 'customers' },
  goals: { name: 'Injected', kind: 'page', match: '/injected' },
  funnels: {
    name: 'Injected',
    steps: [
      { kind: 'page', match: '/a' },
      { kind: 'page', match: '/b' },
    ],
  },
};

describe('workspace isolation', () => {
  it('answers 404 to another workspace member on every workspace route, and changes nothing', async () => {
    const doc = (await alice.get('/api/docs/json')).data;
    const paths = Object.entries(doc.paths as Record<string, Record<string, unknown>>).filter(([p]) =>
      p.includes('{workspaceId}'),
    );
    expect(paths.length).toBeGreaterThanOrEqual(8);
    const before = await snapshotB();
    let checked = 0;
    for (const [path, methods] of paths) {
      const url = path.replace(/\{(\w+)\}/g, (_, param) => idFor(path, param));
      for (const method of Object.keys(methods)) {
        const m = method.toUpperCase() as 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
        const last = path
          .split('/')
          .filter((s) => !s.startsWith('{'))
          .pop()!;
        const body =
          m === 'GET' || m === 'DELETE'
            ? undefined
            : (bodies[`${m} ${last}`] ?? bodies[last] ?? { name: 'Injected' });
        const query = path.endsWith('/diff')
          ? '?from=1&to=current'
          : path.endsWith('/calibrations')
            ? '?outcome=revenue'
            : '';
        for (const [who, client] of [
          ['session', alice],
          ['api key', aliceKey],
        ] as const) {
          const res = await client.request(m, url + query, body);
          expect(res.statusCode, `${who} ${m} ${path} -> ${res.body}`).toBe(404);
          expect(res.data.error.code).toBe('not_found');
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(30);
    expect(await snapshotB()).toEqual(before);
  });

  it('lists only your own workspaces', async () => {
    const items = (await alice.get('/api/workspaces')).data.items;
    expect(items.map((w: { name: string }) => w.name)).toEqual(['Acme Marketing']);
  });
});
