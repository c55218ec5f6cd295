import { beforeAll, describe, expect, it } from 'vitest';
import type { TrackerEvent } from '../../../shared/contracts/tracker-event';
import { DropCounter } from './drop-counter';
import { createIngestionPipeline, type IngestRequest, type IngestResult } from './pipeline';
import type { ChannelRuleSource } from './steps/channel-grouping';
import { type GeoLookup, loadGeoDatabase } from './steps/geo-country';
import { InMemorySiteDirectory } from './steps/site-lookup';
import { InMemorySaltStore } from './steps/visitor-hash';
import { DROP_REASONS, type DropReason } from './types';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const t0 = Date.UTC(2026, 5, 1, 9);
const WS = '3f1c2a4e-0000-4000-8000-000000000001';

let geo: GeoLookup;
beforeAll(() => {
  geo = loadGeoDatabase();
});

function setup(channelRules?: ChannelRuleSource) {
  const sites = new InMemorySiteDirectory([
    { id: 'site_123', workspaceId: WS, hostnames: ['shop.example', '*.shop.example'] },
  ]);
  // Async like a cached repository would be.
  const asyncSites = { findSite: async (id: string) => sites.findSite(id) };
  return createIngestionPipeline({
    sites: asyncSites,
    salts: new InMemorySaltStore(),
    geo,
    channelRules,
    drops: new DropCounter(),
  });
}

const request = (
  event: Partial<TrackerEvent> | string,
  over: Partial<IngestRequest> = {},
): IngestRequest => ({
  body:
    typeof event === 'string'
      ? event
      : new TextEncoder().encode(
          JSON.stringify({
            n: 'pageview',
            u: 'https://shop.example/',
            d: 'site_123',
            r: null,
            w: 1280,
            ...event,
          }),
        ),
  contentType: 'text/plain;charset=UTF-8',
  ip: '8.8.8.8',
  userAgent: CHROME,
  receivedAt: t0,
  ...over,
});

function accepted(result: IngestResult) {
  if (!result.ok) throw new Error(`dropped: ${result.reason} ${result.detail ?? ''}`);
  return result;
}

describe('ingestion pipeline end to end', () => {
  it('enriches the contract examples', async () => {
    const pipeline = setup();
    const view = accepted(
      await pipeline.ingest(
        request(
          {
            u: 'https://www.shop.example/pricing?utm_source=newsletter&utm_medium=email&utm_campaign=june',
            r: 'https://www.google.com/',
            t: 'Pricing',
          },
          { ip: '114.114.114.114', userAgent: IPHONE },
        ),
      ),
    );
    expect(view.isNewSession).toBe(true);
    expect(view.event).toEqual({
      timestamp: t0,
      siteId: 'site_123',
      workspaceId: WS,
      name: 'pageview',
      pathname: '/pricing',
      hostname: 'shop.example',
      title: 'Pricing',
      referrerHost: 'google.com',
      referrerPath: '/',
      channel: 'Email',
      utmSource: 'newsletter',
      utmMedium: 'email',
      utmCampaign: 'june',
      utmTerm: null,
      utmContent: null,
      browser: 'Safari',
      browserVersion: '17',
      os: 'iOS',
      osVersion: '17',
      device: 'mobile',
      country: 'CN',
      visitorId: view.session.visitorId,
      sessionId: view.session.id,
      engagementMs: null,
      scrollDepth: null,
      props: {},
      revenue: null,
    });
    expect(view.event.visitorId).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(view.event)).not.toContain('114.114.114.114');

    const engagement = accepted(
      await pipeline.ingest(
        request(
          { n: 'engagement', u: 'https://shop.example/pricing', e: 42100, sd: 80 },
          { ip: '114.114.114.114', userAgent: IPHONE, receivedAt: t0 + 42_100 },
        ),
      ),
    );
    expect(engagement.event).toMatchObject({
      engagementMs: 42100,
      scrollDepth: 80,
      sessionId: view.event.sessionId,
    });
    expect(engagement.isNewSession).toBe(false);

    const custom = accepted(
      await pipeline.ingest(
        request(
          {
            n: 'Consultation booked',
            u: 'https://shop.example/book',
            t: 'Book',
            p: { plan: 'gold' },
            $: { a: 49.9, c: 'EUR' },
          },
          { ip: '114.114.114.114', userAgent: IPHONE, receivedAt: t0 + 60_000 },
        ),
      ),
    );
    expect(custom.event).toMatchObject({
      name: 'Consultation booked',
      props: { plan: 'gold' },
      revenue: { amount: 49.9, currency: 'EUR' },
      sessionId: view.event.sessionId,
    });
    expect(custom.session).toMatchObject({ entryPage: '/pricing', pageCount: 1 });
  });

  it('keeps hash routes as pages, decodes paths, and separates visitors', async () => {
    const pipeline = setup();
    const a = accepted(await pipeline.ingest(request({ u: 'https://app.shop.example/#/settings', h: true })));
    expect(a.event.pathname).toBe('/#/settings');
    expect(a.event.hostname).toBe('app.shop.example');
    const b = accepted(
      await pipeline.ingest(request({ u: 'https://shop.example/%E4%B8%AD%E6%96%87' }, { ip: '1.1.1.1' })),
    );
    expect(b.event.pathname).toBe('/中文');
    expect(b.event.country).toBe('AU');
    expect(b.event.visitorId).not.toBe(a.event.visitorId);
    expect(b.event.channel).toBe('Direct');
  });

  it("gives later events of a visit the visit's attribution, whatever their own URL says", async () => {
    const pipeline = setup();
    const first = accepted(
      await pipeline.ingest(
        request({
          u: 'https://shop.example/?utm_source=newsletter&utm_medium=email',
          r: 'https://mail.example/',
        }),
      ),
    );
    expect(first.event).toMatchObject({
      channel: 'Email',
      utmSource: 'newsletter',
      referrerHost: 'mail.example',
    });
    const later = accepted(
      await pipeline.ingest(
        request(
          { u: 'https://shop.example/buy?utm_source=google&utm_medium=cpc', r: 'https://www.google.com/' },
          { receivedAt: t0 + 60_000 },
        ),
      ),
    );
    expect(later.isNewSession).toBe(false);
    expect(later.event).toMatchObject({
      channel: 'Email',
      utmSource: 'newsletter',
      utmMedium: 'email',
      utmCampaign: null,
      referrerHost: 'mail.example',
    });
    expect(later.session.visit).toBe(first.session.visit);
  });

  it('applies workspace channel rules', async () => {
    const pipeline = setup({
      rulesFor: (workspaceId) =>
        workspaceId === WS ? { rules: [{ channel: 'Affiliate', source: 'partner_*' }] } : null,
    });
    const result = accepted(
      await pipeline.ingest(request({ u: 'https://shop.example/?utm_source=partner_7' })),
    );
    expect(result.event.channel).toBe('Affiliate');
  });

  const drops: [DropReason, IngestRequest, string | null][] = [
    ['unsupported_content_type', request({}, { contentType: 'multipart/form-data' }), null],
    ['too_large', request(`{"n":"${'a'.repeat(40_000)}"}`), null],
    ['invalid_utf8', request({}, { body: new Uint8Array([0x7b, 0xc3, 0x28, 0x7d]) }), null],
    ['invalid_json', request('{"n":"pageview",'), null],
    ['invalid_payload', request({ u: 'ftp://shop.example/' }), null],
    ['invalid_props', request({ p: { ['k'.repeat(65)]: 1 } }), null],
    ['absurd_timestamp', request({}, { occurredAt: t0 + 86_400_000 }), null],
    ['unknown_site', request({ d: 'site_nope' }), null],
    ['hostname_not_allowed', request({ u: 'https://copycat.example/' }), 'site_123'],
    [
      'bot',
      request(
        {},
        { userAgent: 'Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)' },
      ),
      'site_123',
    ],
    ['no_session_for_engagement', request({ n: 'engagement', e: 5000 }), 'site_123'],
  ];

  it('covers every drop reason', () => {
    expect(new Set(drops.map(([reason]) => reason))).toEqual(new Set(DROP_REASONS));
  });

  it.each(drops)('drops %s and counts it', async (reason, req, siteId) => {
    const pipeline = setup();
    const result = await pipeline.ingest(req);
    expect(result).toMatchObject({ ok: false, reason, siteId });
    if (siteId) {
      expect(pipeline.drops.forSite(siteId)).toEqual({ [reason]: 1 });
      expect(pipeline.drops.unattributed()).toEqual({});
    } else {
      expect(pipeline.drops.unattributed()).toEqual({ [reason]: 1 });
    }
    expect(pipeline.drops.total()).toBe(1);
  });

  it('honours a configured body cap', async () => {
    const pipeline = setup();
    const big = request({ t: 'x'.repeat(500) });
    const small = createIngestionPipeline({
      sites: new InMemorySiteDirectory([{ id: 'site_123', workspaceId: WS, hostnames: [] }]),
      salts: new InMemorySaltStore(),
      geo,
      maxBodyBytes: 200,
    });
    expect((await pipeline.ingest(big)).ok).toBe(true);
    expect(await small.ingest(big)).toMatchObject({ ok: false, reason: 'too_large' });
  });
});
