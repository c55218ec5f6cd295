import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { site } from '../../src/platform/db/schema';
import { addMember, setupOwner, startTestApp, type TestApp, type TestClient } from '../support/test-app';

let t: TestApp;
let owner: TestClient;
let editor: TestClient;
let viewer: TestClient;
let wid: string;
let otherCompanyId: string;

const UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const UA_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

beforeAll(async () => {
  t = await startTestApp();
  const s = await setupOwner(t);
  owner = s.client;
  wid = s.workspace.id;
  editor = (await addMember(t, owner, wid, 'editor@example.com', 'editor')).client;
  viewer = (await addMember(t, owner, wid, 'viewer@example.com', 'viewer')).client;
  const other = await owner.post('/api/workspaces', { name: 'Other agency', kind: 'agency' });
  otherCompanyId = (await owner.post(`/api/workspaces/${other.data.id}/companies`, { name: 'Not yours' }))
    .data.id;
});
afterAll(async () => t?.close());

const sitesUrl = () => `/api/workspaces/${wid}/sites`;

async function post(
  url: string,
  payload: string | Buffer,
  opts: {
    contentType?: string | null;
    userAgent?: string;
    ip?: string;
    headers?: Record<string, string>;
  } = {},
) {
  const headers: Record<string, string> = { 'user-agent': opts.userAgent ?? UA, ...opts.headers };
  if (opts.contentType !== null) headers['content-type'] = opts.contentType ?? 'text/plain;charset=UTF-8';
  const res = await t.app.inject({
    method: 'POST',
    url,
    payload,
    headers,
    remoteAddress: opts.ip ?? '203.0.113.7',
  });
  let data: any = null;
  try {
    data = res.body ? JSON.parse(res.body) : null;
  } catch {
    data = res.body;
  }
  return Object.assign(res, { data });
}

/**
 * The same request over real HTTP: `POST /api/collect` is then answered by the raw lane (see
 * `platform/http/raw-routes.ts`), not by the Fastify route `inject` reaches. `chunked` sends the
 * body without a content-length, in pieces.
 */
async function postHttp(
  url: string,
  payload: string | Buffer,
  opts: { contentType?: string | null; userAgent?: string; chunked?: boolean } = {},
) {
  if (!t.app.server.listening) await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  const body = Buffer.from(payload);
  const headers: Record<string, string> = { 'user-agent': opts.userAgent ?? UA };
  if (opts.contentType !== null) headers['content-type'] = opts.contentType ?? 'text/plain;charset=UTF-8';
  if (!opts.chunked) headers['content-length'] = String(body.length);
  return new Promise<{ statusCode: number; headers: IncomingHttpHeaders; body: string }>(
    (resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: url, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body: text }));
      });
      req.on('error', reject);
      if (opts.chunked) {
        for (let at = 0; at < body.length; at += 1000) req.write(body.subarray(at, at + 1000));
        req.end();
      } else req.end(body);
    },
  );
}

async function stored(siteId: string) {
  await t.services.analytics.ingestion.loader.flush();
  return t.stores.eventStore.query(`select * from events where site_id = '${siteId}' order by wal_seq`);
}

async function drops(siteId: string) {
  return (await viewer.get(`${sitesUrl()}/${siteId}/drops`)).data;
}

describe('sites', () => {
  it('creates, lists, edits and deletes sites by role, with the snippet', async () => {
    expect((await viewer.post(sitesUrl(), { name: 'Nope' })).statusCode).toBe(403);
    const created = await editor.post(sitesUrl(), {
      name: 'Tea shop',
      hostnames: ['WWW.Tea.example', 'tea.example', '*.tea.example'],
    });
    expect(created.statusCode).toBe(201);
    const s = created.data;
    expect(s).toMatchObject({ workspaceId: wid, companyId: null, name: 'Tea shop', publicToken: null });
    expect(s.hostnames).toEqual(['tea.example', '*.tea.example']);
    expect(s.snippet).toBe(
      `<script defer data-site="${s.id}" src="${t.config.publicUrl}/js/marketloop.js"></script>`,
    );

    const list = (await viewer.get(sitesUrl())).data.items;
    expect(list.map((x: { id: string }) => x.id)).toContain(s.id);
    expect((await viewer.get(`${sitesUrl()}/${s.id}`)).data.name).toBe('Tea shop');

    expect((await viewer.patch(`${sitesUrl()}/${s.id}`, { name: 'x' })).statusCode).toBe(403);
    const company = (await owner.post(`/api/workspaces/${wid}/companies`, { name: 'Tea Co' })).data;
    const patched = await editor.patch(`${sitesUrl()}/${s.id}`, {
      name: 'Tea shop EU',
      companyId: company.id,
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.data).toMatchObject({
      name: 'Tea shop EU',
      companyId: company.id,
      hostnames: s.hostnames,
    });

    // The public token is shown to editors and above, never to viewers or API keys.
    await t.stores.appDb.db.update(site).set({ publicToken: 'secret-token-1' }).where(eq(site.id, s.id));
    expect((await editor.get(`${sitesUrl()}/${s.id}`)).data.publicToken).toBe('secret-token-1');
    expect((await viewer.get(`${sitesUrl()}/${s.id}`)).data.publicToken).toBeNull();
    const keyClient = t.client();
    keyClient.bearer = (
      await owner.post(`/api/workspaces/${wid}/api-keys`, { name: 'k', role: 'editor' })
    ).data.key;
    expect((await keyClient.get(`${sitesUrl()}/${s.id}`)).data.publicToken).toBeNull();
    expect(
      (await keyClient.get(sitesUrl())).data.items.every(
        (x: { publicToken: null }) => x.publicToken === null,
      ),
    ).toBe(true);

    expect((await editor.delete(`${sitesUrl()}/${s.id}`)).statusCode).toBe(403);
    expect((await owner.delete(`${sitesUrl()}/${s.id}`)).statusCode).toBe(204);
    expect((await viewer.get(`${sitesUrl()}/${s.id}`)).statusCode).toBe(404);
    expect((await owner.delete(`${sitesUrl()}/${s.id}`)).statusCode).toBe(404);
    expect((await viewer.get(`${sitesUrl()}/not-a-uuid`)).statusCode).toBe(404);
  });

  it('rejects bad hostnames and names, and companies of other workspaces, changing nothing', async () => {
    const before = (await viewer.get(sitesUrl())).data.items.length;
    for (const hostnames of [
      ['https://shop.example'],
      ['shop.example/path'],
      ['shop.example:8080'],
      ['-bad.example'],
      ['a b'],
    ]) {
      const res = await editor.post(sitesUrl(), { name: 'Bad', hostnames });
      expect(res.statusCode, JSON.stringify(hostnames)).toBe(400);
      expect(res.data.error.code).toBe('validation_failed');
      expect(res.data.error.field).toMatch(/^hostnames/);
    }
    expect((await editor.post(sitesUrl(), { name: '   ' })).data.error.field).toBe('name');
    expect((await editor.post(sitesUrl(), { name: 'x', extra: 1 })).statusCode).toBe(400);
    const foreign = await editor.post(sitesUrl(), { name: 'Stolen', companyId: otherCompanyId });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.data.error.field).toBe('companyId');
    expect((await viewer.get(sitesUrl())).data.items.length).toBe(before);

    const ok = (await editor.post(sitesUrl(), { name: 'Fine' })).data;
    const patch = await editor.patch(`${sitesUrl()}/${ok.id}`, { companyId: otherCompanyId });
    expect(patch.statusCode).toBe(400);
    expect((await viewer.get(`${sitesUrl()}/${ok.id}`)).data.companyId).toBeNull();
  });

  it('stores names as text and returns them verbatim (XSS is the renderer’s job to escape)', async () => {
    const name = '<img src=x onerror=alert(1)><script>alert("x")</script>';
    const created = await editor.post(sitesUrl(), { name });
    expect(created.statusCode).toBe(201);
    expect((await viewer.get(`${sitesUrl()}/${created.data.id}`)).data.name).toBe(name);
  });

  it('keeps workspace channel rules, validated, and groups visits with them', async () => {
    const url = `/api/workspaces/${wid}/channel-rules`;
    expect((await viewer.get(url)).data).toEqual({ rules: [], hosts: {} });
    const rules = {
      rules: [{ channel: 'Affiliate', source: 'partner*' }],
      hosts: { social: ['WWW.Forum.example'] },
    };
    expect((await viewer.request('PUT', url, rules)).statusCode).toBe(403);
    const saved = await editor.request('PUT', url, rules);
    expect(saved.statusCode).toBe(200);
    expect(saved.data).toEqual({ rules: rules.rules, hosts: { social: ['forum.example'] } });
    expect((await viewer.get(url)).data).toEqual(saved.data);
    const bad = await editor.request('PUT', url, { rules: [{ channel: 'Carrier pigeon', source: 'x' }] });
    expect(bad.statusCode).toBe(400);
    expect((await editor.request('PUT', url, { rules: [{ channel: 'Email' }] })).statusCode).toBe(400);

    const s = (await editor.post(sitesUrl(), { name: 'Rules', hostnames: ['rules.example'] })).data;
    const send = (u: string, r: string | null, ip: string) =>
      post('/api/collect', JSON.stringify({ n: 'pageview', u, d: s.id, r, w: 1280 }), { ip });
    await send('https://rules.example/?utm_source=partner_7&utm_medium=cpc', null, '198.51.100.1');
    await send('https://rules.example/', 'https://forum.example/thread/1', '198.51.100.2');
    await send('https://rules.example/', 'https://elsewhere.example/', '198.51.100.3');
    const rows = await stored(s.id);
    expect(rows.map((r) => r.channel)).toEqual(['Affiliate', 'Social', 'Referral']);
  });
});

describe('collect endpoints', () => {
  let siteId: string;
  let openSiteId: string;
  beforeAll(async () => {
    siteId = (await editor.post(sitesUrl(), { name: 'Shop', hostnames: ['shop.example'] })).data.id;
    openSiteId = (await editor.post(sitesUrl(), { name: 'Open' })).data.id;
  });

  it('accepts tracker events, stores them with the visit and its attribution', async () => {
    const ip = '81.2.69.160';
    const pageview = {
      n: 'pageview',
      u: 'https://www.shop.example/pricing?utm_source=newsletter&utm_medium=email&utm_campaign=spring',
      d: siteId,
      r: 'https://mail.google.com/',
      t: 'Pricing <b>',
      w: 1280,
    };
    const first = await post('/api/collect', JSON.stringify(pageview), { ip });
    expect(first.statusCode).toBe(202);
    expect(first.headers['access-control-allow-origin']).toBe('*');
    expect(first.headers['x-marketloop-dropped']).toBeUndefined();
    const custom = {
      n: 'consultation',
      u: 'https://shop.example/book',
      d: siteId,
      r: null,
      w: 1280,
      p: { plan: 'gold', seats: 3, trial: true },
      $: { a: 49.5, c: 'EUR' },
    };
    expect(
      (await post('/api/collect', JSON.stringify(custom), { ip, contentType: 'application/json' }))
        .statusCode,
    ).toBe(202);
    const engagement = {
      n: 'engagement',
      u: 'https://shop.example/book',
      d: siteId,
      r: null,
      w: 1280,
      e: 4200,
      sd: 80,
    };
    expect((await post('/api/collect', JSON.stringify(engagement), { ip })).statusCode).toBe(202);

    const rows = await stored(siteId);
    expect(rows).toHaveLength(3);
    const [pv, ev, en] = rows;
    expect(pv).toMatchObject({
      name: 'pageview',
      pathname: '/pricing',
      hostname: 'shop.example',
      title: 'Pricing <b>',
      channel: 'Email',
      referrer_host: 'mail.google.com',
      utm_source: 'newsletter',
      utm_medium: 'email',
      utm_campaign: 'spring',
      country: 'GB',
      device: 'desktop',
      browser: 'Chrome',
    });
    // Attribution is the visit's: copied onto the later events.
    expect(ev).toMatchObject({
      name: 'consultation',
      pathname: '/book',
      channel: 'Email',
      utm_source: 'newsletter',
      props_keys: ['plan', 'seats', 'trial'],
      props_values: ['gold', '3', 'true'],
      revenue_amount: 49.5,
      revenue_currency: 'EUR',
    });
    expect(en).toMatchObject({ name: 'engagement', engagement_ms: 4200, scroll_depth: 80 });
    expect(new Set(rows.map((r) => r.session_id)).size).toBe(1);
    expect(rows.map((r) => r.wal_seq)).toEqual(
      [...rows.map((r) => r.wal_seq)].sort((a, b) => Number(a) - Number(b)),
    );

    const [visit] = await t.stores.eventStore.query(`select * from sessions where site_id = '${siteId}'`);
    expect(visit).toMatchObject({
      pageviews: 1,
      events: 2,
      engagement_ms: 4200,
      entry_page: '/pricing',
      exit_page: '/book',
      channel: 'Email',
      version: 3,
      country: 'GB',
    });
    // No IP or user agent is stored anywhere.
    expect(JSON.stringify(rows)).not.toContain(ip);
    expect(JSON.stringify(rows)).not.toContain('Mozilla');
  });

  it('stores an event sent over real HTTP (the raw lane) exactly as one through the Fastify route', async () => {
    const ua = `${UA} lane-check`;
    const body = JSON.stringify({
      n: 'pageview',
      u: 'https://shop.example/tea?utm_source=weibo&utm_medium=social',
      d: openSiteId,
      r: 'https://weibo.com/',
      t: '乌龙茶 <img src=x onerror=alert(1)>',
      w: 390,
    });
    const viaHttp = await postHttp('/api/collect', body, { userAgent: ua });
    expect(viaHttp.statusCode).toBe(202);
    expect(viaHttp.headers['x-marketloop-dropped']).toBeUndefined();
    // The raw lane answered (Fastify's hooks would have added the page headers).
    expect(viaHttp.headers['content-security-policy']).toBeUndefined();
    const viaInject = await post('/api/collect', body, { userAgent: ua, ip: '127.0.0.1' });
    expect(viaInject.statusCode).toBe(202);
    const rows = await stored(openSiteId);
    const [a, b] = rows.slice(-2);
    const { wal_seq: _a, ts: _ta, ...httpRow } = a;
    const { wal_seq: _b, ts: _tb, ...injectRow } = b;
    // Same peer address and user agent: the same visitor, the same visit, the same columns.
    expect(httpRow).toEqual(injectRow);
    expect(httpRow).toMatchObject({ title: '乌龙茶 <img src=x onerror=alert(1)>', channel: 'Social' });
  });

  it('accepts Plausible Events API payloads by site id or by hostname', async () => {
    const body = {
      name: 'Signup',
      url: 'https://shop.example/register?utm_source=bing&utm_medium=cpc',
      domain: 'shop.example',
      referrer: 'https://www.bing.com/search?q=tea',
      props: { plan: 'pro', amount: 12 },
      revenue: { amount: '19.99', currency: 'usd' },
    };
    const res = await post('/api/event', JSON.stringify(body), {
      contentType: 'application/json',
      ip: '81.2.69.161',
    });
    expect(res.statusCode).toBe(202);
    expect(res.body).toBe('ok');
    const byId = await post(
      '/api/event',
      JSON.stringify({ n: 'pageview', u: 'https://shop.example/#/settings', d: siteId, r: null, h: 1 }),
      { ip: '81.2.69.162', userAgent: UA_IPHONE },
    );
    expect(byId.statusCode).toBe(202);
    const rows = (await stored(siteId)).filter((r) => r.name === 'Signup' || r.pathname === '/#/settings');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      name: 'Signup',
      pathname: '/register',
      referrer_host: 'bing.com',
      channel: 'Paid Search',
      props_keys: ['plan', 'amount'],
      props_values: ['pro', '12'],
      revenue_amount: 19.99,
      revenue_currency: 'USD',
    });
    expect(rows[1]).toMatchObject({ name: 'pageview', pathname: '/#/settings', device: 'mobile' });

    // One event for several sites: each site that takes it stores it; unknown ones are counted.
    const multi = await post(
      '/api/event',
      JSON.stringify({
        name: 'pageview',
        url: 'https://shop.example/multi',
        domain: `nobody.example,${siteId},${openSiteId}`,
      }),
      { ip: '81.2.69.163' },
    );
    expect(multi.statusCode).toBe(202);
    expect((await stored(siteId)).filter((r) => r.pathname === '/multi')).toHaveLength(1);
    expect((await stored(openSiteId)).filter((r) => r.pathname === '/multi')).toHaveLength(1);
  });

  it('accepts Umami payloads', async () => {
    const body = {
      type: 'event',
      payload: {
        website: siteId,
        hostname: 'shop.example',
        url: '/blog/post?utm_source=weibo',
        referrer: 'https://weibo.com/u/1',
        title: 'A post',
        screen: '390x844',
        language: 'zh-CN',
      },
    };
    const res = await post('/api/send', JSON.stringify(body), {
      contentType: 'application/json',
      ip: '81.2.69.170',
    });
    expect(res.statusCode).toBe(200);
    const custom = {
      type: 'event',
      payload: {
        website: siteId,
        hostname: 'shop.example',
        url: '/checkout',
        name: 'purchase',
        data: { revenue: 120, currency: 'CNY', cart: { items: 3 } },
      },
    };
    expect(
      (
        await post('/api/send', JSON.stringify(custom), {
          contentType: 'application/json',
          ip: '81.2.69.170',
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await post('/api/send', JSON.stringify({ type: 'identify', payload: { website: siteId } }), {
          contentType: 'application/json',
        })
      ).statusCode,
    ).toBe(200);
    const rows = (await stored(siteId)).filter((r) => r.pathname === '/blog/post' || r.name === 'purchase');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      name: 'pageview',
      title: 'A post',
      channel: 'Social',
      referrer_host: 'weibo.com',
      utm_source: 'weibo',
    });
    expect(rows[1]).toMatchObject({
      name: 'purchase',
      pathname: '/checkout',
      channel: 'Social',
      props_keys: ['revenue', 'currency', 'cart.items'],
      props_values: ['120', 'CNY', '3'],
      revenue_amount: 120,
      revenue_currency: 'CNY',
    });
  });

  it('answers preflight requests for cross-origin trackers', async () => {
    for (const url of ['/api/collect', '/api/event', '/api/send']) {
      const res = await t.app.inject({
        method: 'OPTIONS',
        url,
        headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' },
      });
      expect(res.statusCode, url).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(String(res.headers['access-control-allow-headers'])).toContain('content-type');
    }
  });

  it('does not need or check a session: a signed-in browser without the CSRF header is still counted', async () => {
    const cookie = [...owner.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const body = JSON.stringify({
      n: 'pageview',
      u: 'https://anything.example/x',
      d: openSiteId,
      r: null,
      w: 800,
    });
    const res = await post('/api/collect', body, { headers: { cookie } });
    expect(res.statusCode).toBe(202);
    expect(res.headers['x-marketloop-dropped']).toBeUndefined();
    expect((await stored(openSiteId)).filter((r) => r.hostname === 'anything.example')).toHaveLength(1);
  });

  it.each(['inject', 'http'] as const)(
    'drops bad input with a typed reason: 202 for the tracker, counted per site (%s)',
    async (via) => {
      const send = via === 'http' ? postHttp : post;
      const before = (await stored(siteId)).length;
      const dropsBefore = await drops(siteId);
      const good = { n: 'pageview', u: 'https://shop.example/', d: siteId, r: null, w: 1280 };
      const cases: [
        string,
        string | Buffer,
        { contentType?: string | null; userAgent?: string; chunked?: boolean },
        string,
      ][] = [
        [
          'unknown site',
          JSON.stringify({ ...good, d: '00000000-0000-4000-8000-000000000000' }),
          {},
          'unknown_site',
        ],
        ['forged id', JSON.stringify({ ...good, d: 'x' }), {}, 'unknown_site'],
        ['hostname', JSON.stringify({ ...good, u: 'https://evil.example/' }), {}, 'hostname_not_allowed'],
        ['lookalike', JSON.stringify({ ...good, u: 'https://badshop.example/' }), {}, 'hostname_not_allowed'],
        [
          'bot',
          JSON.stringify(good),
          { userAgent: 'Googlebot/2.1 (+http://www.google.com/bot.html)' },
          'bot',
        ],
        ['json', '{"n":', {}, 'invalid_json'],
        [
          'utf8',
          Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
          {},
          'invalid_utf8',
        ],
        [
          'type',
          JSON.stringify(good),
          { contentType: 'application/x-www-form-urlencoded' },
          'unsupported_content_type',
        ],
        ['payload', JSON.stringify({ ...good, u: 'javascript:alert(1)' }), {}, 'invalid_payload'],
        [
          'too many props',
          JSON.stringify({
            ...good,
            p: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`k${i}`, i])),
          }),
          {},
          'invalid_props',
        ],
        ['long prop', JSON.stringify({ ...good, p: { k: 'v'.repeat(257) } }), {}, 'invalid_props'],
        ['large', JSON.stringify({ ...good, t: 'x'.repeat(40_000) }), {}, 'too_large'],
      ];
      if (via === 'http') {
        // Over the cap without saying so up front: counted while reading, never buffered whole.
        cases.push([
          'large, chunked',
          JSON.stringify({ ...good, t: 'x'.repeat(40_000) }),
          { chunked: true },
          'too_large',
        ]);
      }
      for (const [label, body, opts, reason] of cases) {
        const res = await send('/api/collect', body, opts);
        expect(res.statusCode, label).toBe(202);
        expect(res.headers['x-marketloop-dropped'], label).toBe(reason);
        expect(res.headers['access-control-allow-origin'], label).toBe('*');
      }
      // Engagement with no open visit.
      const lonely = await send('/api/collect', JSON.stringify({ ...good, n: 'engagement', e: 10 }), {
        userAgent: `${UA} lonely`,
      });
      expect(lonely.headers['x-marketloop-dropped']).toBe('no_session_for_engagement');

      const after = await drops(siteId);
      const diff = (reason: string) => (after.byReason[reason] ?? 0) - (dropsBefore.byReason[reason] ?? 0);
      expect(diff('hostname_not_allowed')).toBe(2);
      expect(diff('bot')).toBe(1);
      expect(diff('no_session_for_engagement')).toBe(1);
      // Drops before the site is known are not attributed to any site (forged ids cannot grow the map).
      expect(diff('invalid_json')).toBe(0);
      expect(after.total - dropsBefore.total).toBe(4);
      expect(after).toMatchObject({ siteId });
      expect(Date.parse(after.since)).toBeLessThanOrEqual(Date.now());
      expect(t.services.analytics.ingestion.drops.unattributed().unknown_site).toBeGreaterThanOrEqual(2);
      // Nothing half-written.
      expect((await stored(siteId)).length).toBe(before);
    },
  );

  it('answers API callers 4xx with the drop reason', async () => {
    const json = { contentType: 'application/json' };
    const cases: [string, string, string | Buffer, number, string][] = [
      [
        '/api/event',
        'unknown domain',
        JSON.stringify({ name: 'pageview', url: 'https://x.example/', domain: 'nobody.example' }),
        400,
        'unknown_site',
      ],
      [
        '/api/event',
        'no domain',
        JSON.stringify({ name: 'pageview', url: 'https://x.example/' }),
        400,
        'invalid_payload',
      ],
      [
        '/api/event',
        'bad url',
        JSON.stringify({ name: 'pageview', url: 'ftp://x', domain: siteId }),
        400,
        'invalid_payload',
      ],
      [
        '/api/event',
        'bad host',
        JSON.stringify({ name: 'pageview', url: 'https://evil.example/', domain: siteId }),
        400,
        'hostname_not_allowed',
      ],
      [
        '/api/event',
        'nested props',
        JSON.stringify({ name: 'x', url: 'https://shop.example/', domain: siteId, props: { a: { b: 1 } } }),
        400,
        'invalid_props',
      ],
      [
        '/api/event',
        'bad revenue',
        JSON.stringify({
          name: 'x',
          url: 'https://shop.example/',
          domain: siteId,
          revenue: { amount: 'lots', currency: 'EUR' },
        }),
        400,
        'invalid_props',
      ],
      ['/api/event', 'json', '{', 400, 'invalid_json'],
      [
        '/api/event',
        'too large',
        JSON.stringify({
          name: 'x',
          url: 'https://shop.example/',
          domain: siteId,
          props: { a: 'x'.repeat(40_000) },
        }),
        413,
        'too_large',
      ],
      [
        '/api/send',
        'unknown website',
        JSON.stringify({
          type: 'event',
          payload: { website: '00000000-0000-4000-8000-000000000001', hostname: 'shop.example', url: '/' },
        }),
        400,
        'unknown_site',
      ],
      ['/api/send', 'bad type', JSON.stringify({ type: 'other', payload: {} }), 400, 'invalid_payload'],
      [
        '/api/send',
        'absurd timestamp',
        JSON.stringify({
          type: 'event',
          payload: { website: siteId, hostname: 'shop.example', url: '/', timestamp: 1_000_000_000 },
        }),
        400,
        'absurd_timestamp',
      ],
      [
        '/api/send',
        'no url',
        JSON.stringify({ type: 'event', payload: { website: siteId } }),
        400,
        'invalid_payload',
      ],
      [
        '/api/send',
        'too many props',
        JSON.stringify({
          type: 'event',
          payload: {
            website: siteId,
            hostname: 'shop.example',
            url: '/',
            name: 'x',
            data: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, i])),
          },
        }),
        400,
        'invalid_props',
      ],
    ];
    const before = (await stored(siteId)).length;
    for (const [url, label, body, status, code] of cases) {
      const res = await post(url, body, json);
      expect(res.statusCode, `${url} ${label}: ${res.body}`).toBe(status);
      expect(res.data.error.code, label).toBe(code);
      expect(res.data.error.message.length, label).toBeGreaterThan(0);
    }
    const bot = await post(
      '/api/event',
      JSON.stringify({ name: 'pageview', url: 'https://shop.example/', domain: siteId }),
      {
        ...json,
        userAgent: 'curl/8.0.1',
      },
    );
    expect(bot.statusCode).toBe(202);
    expect(bot.headers['x-marketloop-dropped']).toBe('bot');
    expect((await stored(siteId)).length).toBe(before);
  });

  it('deletes a site’s stored events with the site', async () => {
    const s = (await editor.post(sitesUrl(), { name: 'Short lived' })).data;
    await post(
      '/api/collect',
      JSON.stringify({ n: 'pageview', u: 'https://a.example/', d: s.id, r: null, w: 1 }),
    );
    expect(await stored(s.id)).toHaveLength(1);
    expect((await owner.delete(`${sitesUrl()}/${s.id}`)).statusCode).toBe(204);
    expect(await stored(s.id)).toHaveLength(0);
    const after = await post(
      '/api/collect',
      JSON.stringify({ n: 'pageview', u: 'https://a.example/', d: s.id, r: null, w: 1 }),
    );
    expect(after.headers['x-marketloop-dropped']).toBe('unknown_site');
  });
});

describe('when the write-ahead log cannot be written', () => {
  it('answers 503 with a reason on both the Fastify route and the raw lane, and stores nothing', async () => {
    const own = await startTestApp();
    try {
      const { client, workspace } = await setupOwner(own);
      const created = await client.post(`/api/workspaces/${workspace.id}/sites`, { name: 'Broken disk' });
      const body = JSON.stringify({
        n: 'pageview',
        u: 'https://any.example/',
        d: created.data.id,
        r: null,
        w: 1,
      });
      // A closed log refuses every append, as a failed disk would.
      await own.services.analytics.ingestion.wal.close();
      const viaInject = await own.app.inject({
        method: 'POST',
        url: '/api/collect',
        payload: body,
        headers: { 'content-type': 'text/plain', 'user-agent': UA },
      });
      await own.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = own.app.server.address() as AddressInfo;
      const viaHttp = await fetch(`http://127.0.0.1:${port}/api/collect`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'text/plain', 'user-agent': UA },
      });
      for (const res of [
        {
          status: viaInject.statusCode,
          cors: viaInject.headers['access-control-allow-origin'],
          json: viaInject.json(),
        },
        {
          status: viaHttp.status,
          cors: viaHttp.headers.get('access-control-allow-origin'),
          json: await viaHttp.json(),
        },
      ]) {
        expect(res).toEqual({
          status: 503,
          cors: '*',
          json: {
            error: { code: 'storage_unavailable', message: 'The event could not be stored; retry later.' },
          },
        });
      }
      await own.services.analytics.ingestion.loader.flush();
      const [n] = await own.stores.eventStore.query(
        `select count(*) as n from events where site_id = '${created.data.id}'`,
      );
      expect(n.n).toBe(0);
    } finally {
      await own.close();
    }
  });
});
