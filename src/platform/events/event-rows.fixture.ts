import type { EventRow, SessionRow } from './event-store';

// Row factories shared by the event-store engine tests: every field set, overridable per test.

export const TEST_SITE = '11111111-1111-4111-8111-111111111111';
const site = TEST_SITE;

export function event(walSeq: number, sessionId: bigint, over: Partial<EventRow> = {}): EventRow {
  return {
    siteId: site,
    walSeq,
    ts: 1_700_000_000_000 + walSeq * 1000,
    name: 'pageview',
    pathname: '/',
    hostname: 'shop.example',
    title: '',
    sessionId,
    visitorId: 42n,
    channel: 'Direct',
    referrerHost: '',
    utmSource: '',
    utmMedium: '',
    utmCampaign: '',
    utmTerm: '',
    utmContent: '',
    country: 'DE',
    device: 'desktop',
    browser: 'Chrome',
    browserVersion: '120',
    os: 'Linux',
    osVersion: '',
    engagementMs: 0,
    scrollDepth: 0,
    propsKeys: [],
    propsValues: [],
    revenueAmount: 0,
    revenueCurrency: '',
    ...over,
  };
}

export function session(sessionId: bigint, version: number, over: Partial<SessionRow> = {}): SessionRow {
  return {
    siteId: site,
    sessionId,
    visitorId: 42n,
    version,
    startedAt: 1_700_000_000_000,
    endedAt: 1_700_000_000_000 + version * 1000,
    pageviews: version,
    events: version,
    engagementMs: 0,
    entryPage: '/',
    exitPage: `/p${version}`,
    hostname: 'shop.example',
    channel: 'Direct',
    referrerHost: '',
    utmSource: '',
    utmMedium: '',
    utmCampaign: '',
    utmTerm: '',
    utmContent: '',
    country: 'DE',
    device: 'desktop',
    browser: 'Chrome',
    os: 'Linux',
    ...over,
  };
}
