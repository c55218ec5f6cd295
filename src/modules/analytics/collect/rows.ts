import type { EventRow, SessionRow } from '../../../platform/events/event-store';
import type { Accepted } from '../ingestion/pipeline';
import type { Session, VisitAttribution } from '../ingestion/steps/sessionize';

const NO_VISIT: VisitAttribution = {
  hostname: '',
  channel: '',
  referrerHost: '',
  utmSource: '',
  utmMedium: '',
  utmCampaign: '',
  utmTerm: '',
  utmContent: '',
  country: '',
  device: '',
  browser: '',
  os: '',
};

const id64 = (hex: string) => BigInt(`0x${hex}`);

/**
 * An accepted event as the store keeps it: the event row (carrying its visit's attribution, so
 * event reports filter by source without a join) and the visit's state right after it. `walSeq` is
 * set when the write-ahead log takes the record.
 */
export function toRows(accepted: Accepted): { event: EventRow; session: SessionRow; visit?: object } {
  const { event: e, session: s } = accepted;
  const visit = s.visit ?? NO_VISIT;
  const sessionId = id64(s.id);
  const visitorId = id64(s.visitorId);
  const propsKeys: string[] = [];
  const propsValues: string[] = [];
  for (const key in e.props) {
    const value = e.props[key];
    propsKeys.push(key);
    propsValues.push(typeof value === 'string' ? value : JSON.stringify(value));
  }
  const event: EventRow = {
    siteId: e.siteId,
    walSeq: 0,
    ts: e.timestamp,
    name: e.name,
    pathname: e.pathname,
    hostname: e.hostname,
    title: e.title ?? '',
    sessionId,
    visitorId,
    channel: visit.channel,
    referrerHost: visit.referrerHost,
    utmSource: visit.utmSource,
    utmMedium: visit.utmMedium,
    utmCampaign: visit.utmCampaign,
    utmTerm: visit.utmTerm,
    utmContent: visit.utmContent,
    country: e.country ?? '',
    device: e.device,
    browser: e.browser,
    browserVersion: e.browserVersion,
    os: e.os,
    osVersion: e.osVersion,
    engagementMs: e.engagementMs ?? 0,
    scrollDepth: e.scrollDepth ?? 0,
    propsKeys,
    propsValues,
    revenueAmount: e.revenue?.amount ?? 0,
    revenueCurrency: e.revenue?.currency ?? '',
  };
  const session: SessionRow = {
    siteId: e.siteId,
    sessionId,
    visitorId,
    version: s.version,
    startedAt: s.startedAt,
    endedAt: s.lastSeenAt,
    pageviews: s.pageCount,
    events: s.events,
    engagementMs: s.engagementMs,
    entryPage: s.entryPage,
    exitPage: s.exitPage,
    hostname: visit.hostname,
    channel: visit.channel,
    referrerHost: visit.referrerHost,
    utmSource: visit.utmSource,
    utmMedium: visit.utmMedium,
    utmCampaign: visit.utmCampaign,
    utmTerm: visit.utmTerm,
    utmContent: visit.utmContent,
    country: visit.country,
    device: visit.device,
    browser: visit.browser,
    os: visit.os,
  };
  // The visit object lives as long as the visit: the log encodes its constant parts once.
  return s.visit ? { event, session, visit: s.visit } : { event, session };
}

/** A stored visit back as the session tracker's state, so a visit continues across a restart. */
export function sessionFromRow(row: SessionRow): Session {
  return {
    id: row.sessionId.toString(16).padStart(16, '0'),
    visitorId: row.visitorId.toString(16).padStart(16, '0'),
    startedAt: row.startedAt,
    lastSeenAt: row.endedAt,
    entryPage: row.entryPage,
    pageCount: row.pageviews,
    events: row.events,
    engagementMs: row.engagementMs,
    exitPage: row.exitPage,
    version: row.version,
    visit: {
      hostname: row.hostname,
      channel: row.channel,
      referrerHost: row.referrerHost,
      utmSource: row.utmSource,
      utmMedium: row.utmMedium,
      utmCampaign: row.utmCampaign,
      utmTerm: row.utmTerm,
      utmContent: row.utmContent,
      country: row.country,
      device: row.device,
      browser: row.browser,
      os: row.os,
    },
  };
}
