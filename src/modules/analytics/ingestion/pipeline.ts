import { TRACKER_EVENT_NAMES, type TrackerEvent } from '../../../shared/contracts/tracker-event';
import { DropCounter } from './drop-counter';
import { filterBots } from './steps/bot-filter';
import { type ChannelGroup, type ChannelRuleSource, groupChannel } from './steps/channel-grouping';
import { checkTimestamp, DEFAULT_TIMESTAMP_LIMITS, type TimestampLimits } from './steps/check-timestamp';
import type { GeoLookup } from './steps/geo-country';
import { checkHostname } from './steps/hostname-allow-list';
import { DEFAULT_MAX_BODY_BYTES, parseBody } from './steps/parse-body';
import { parseTrafficSource, type TrafficSource } from './steps/referrer-and-utm';
import { type Session, SessionTracker, type VisitAttribution } from './steps/sessionize';
import { type SiteDirectory, siteResult } from './steps/site-lookup';
import { createUserAgentParser, type UserAgentParser } from './steps/user-agent';
import { fastTrackerEvent, validateEvent } from './steps/validate-event';
import { computeVisitorIds, type SaltStore } from './steps/visitor-hash';
import type { DropReason, EnrichedEvent } from './types';

/** The steps in the order they run; names used in docs, logs and drop details. */
export const INGESTION_STEPS = [
  'parse',
  'validate',
  'timestamp',
  'site_lookup',
  'hostname_allow_list',
  'bot_filter',
  'referrer_and_utm',
  'channel_grouping',
  'user_agent',
  'geo_country',
  'visitor_hash',
  'sessionize',
] as const;

export type IngestionStep = (typeof INGESTION_STEPS)[number];

/** One request as the HTTP layer hands it over: raw body plus what the connection tells. */
export interface IngestRequest {
  body: Uint8Array | string;
  contentType?: string | null;
  /** The client's address (after trusted-proxy resolution); used for the hash and country only. */
  ip: string;
  userAgent: string | null | undefined;
  /** Server clock when the request arrived, ms since the epoch. */
  receivedAt: number;
  /** The event's own time when a compatible API or a replay supplies one. */
  occurredAt?: number;
  /**
   * The body already parsed and mapped to the tracker contract (Plausible and Umami adapters parse
   * their own format first); step 1 is then skipped.
   */
  parsed?: unknown;
}

export interface Accepted {
  ok: true;
  event: EnrichedEvent;
  session: Session;
  /** True when this event opened the visit: the store writes a session row. */
  isNewSession: boolean;
}

export interface Dropped {
  ok: false;
  reason: DropReason;
  step: IngestionStep;
  detail?: string;
  /** Known once the site lookup passed. */
  siteId: string | null;
}

export type IngestResult = Accepted | Dropped;

export interface PipelineDeps {
  sites: SiteDirectory;
  salts: SaltStore;
  geo: GeoLookup;
  sessions?: SessionTracker;
  userAgents?: UserAgentParser;
  channelRules?: ChannelRuleSource;
  drops?: DropCounter;
  maxBodyBytes?: number;
  timestampLimits?: TimestampLimits;
}

export interface IngestionPipeline {
  ingest(request: IngestRequest): Promise<IngestResult>;
  /** The same, without a promise when the site is in the directory's cache (the hot path). */
  ingestNow(request: IngestRequest): IngestResult | Promise<IngestResult>;
  readonly drops: DropCounter;
  readonly sessions: SessionTracker;
}

function safeDecode(path: string): string {
  if (!path.includes('%')) return path;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

const orNull = (text: string) => (text === '' ? null : text);

/** A continuing visit's attribution in the shape the referrer step returns. */
function sourceOfVisit(visit: VisitAttribution): TrafficSource {
  return {
    referrerHost: orNull(visit.referrerHost),
    referrerPath: null,
    utmSource: orNull(visit.utmSource),
    utmMedium: orNull(visit.utmMedium),
    utmCampaign: orNull(visit.utmCampaign),
    utmTerm: orNull(visit.utmTerm),
    utmContent: orNull(visit.utmContent),
    adClickId: null,
  };
}

/** Wires the steps with their stores; the only place that knows the order. */
export function createIngestionPipeline(deps: PipelineDeps): IngestionPipeline {
  const drops = deps.drops ?? new DropCounter();
  const sessions = deps.sessions ?? new SessionTracker();
  const userAgents = deps.userAgents ?? createUserAgentParser();
  const maxBodyBytes = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const timestampLimits = deps.timestampLimits ?? DEFAULT_TIMESTAMP_LIMITS;

  const dropped = (
    step: IngestionStep,
    siteId: string | null,
    r: { reason: DropReason; detail?: string },
  ): Dropped => {
    drops.count(siteId, r.reason);
    return r.detail === undefined
      ? { ok: false, reason: r.reason, step, siteId }
      : { ok: false, reason: r.reason, step, detail: r.detail, siteId };
  };

  const ingestNow = (request: IngestRequest): IngestResult | Promise<IngestResult> => {
    let value = request.parsed;
    if (value === undefined) {
      const json = parseBody(request, maxBodyBytes);
      if (!json.ok) return dropped('parse', null, json);
      value = json.value;
    }
    let payload: TrackerEvent;
    let page: URL;
    const fast = fastTrackerEvent(value);
    if (fast) {
      payload = fast.event;
      page = fast.url;
    } else {
      const valid = validateEvent(value);
      if (!valid.ok) return dropped('validate', null, valid);
      payload = valid.value;
      page = new URL(payload.u);
    }
    const time = checkTimestamp(request.occurredAt, request.receivedAt, timestampLimits);
    if (!time.ok) return dropped('timestamp', null, time);
    const timestamp = time.value;

    // The directory answers from its cache synchronously for known sites: no promise then.
    const cached = deps.sites.findSite(payload.d);
    if (cached instanceof Promise) {
      return cached.then((site) => afterSiteLookup(request, payload, page, timestamp, site));
    }
    return afterSiteLookup(request, payload, page, timestamp, cached);
  };

  const afterSiteLookup = (
    request: IngestRequest,
    payload: TrackerEvent,
    page: URL,
    timestamp: number,
    siteFound: Parameters<typeof siteResult>[0],
  ): IngestResult => {
    const found = siteResult(siteFound, payload.d);
    if (!found.ok) return dropped('site_lookup', null, found);
    const site = found.value;

    const host = checkHostname(page.hostname, site.hostnames);
    if (!host.ok) return dropped('hostname_allow_list', site.id, host);
    const human = filterBots(request.userAgent);
    if (!human.ok) return dropped('bot_filter', site.id, human);
    const userAgent = human.value;

    const agent = userAgents.parse(userAgent, payload.w);
    const country = deps.geo.countryOf(request.ip);
    const visitorIds = computeVisitorIds(deps.salts, timestamp, site.id, request.ip, userAgent);

    // Hash-routed sites keep the fragment: it is the page.
    const pathname = safeDecode(
      payload.h && page.hash.length > 1 ? `${page.pathname}${page.hash}` : page.pathname,
    );
    const touched = sessions.touch({
      visitorIds,
      timestamp,
      pathname,
      isPageview: payload.n === TRACKER_EVENT_NAMES.pageview,
      isEngagement: payload.n === TRACKER_EVENT_NAMES.engagement,
      engagementMs: payload.e ?? 0,
    });
    if (!touched.ok) return dropped('sessionize', site.id, touched);
    const { session, isNew } = touched.value;
    // The visit's attribution is its first event's; later events inherit it and skip the
    // referrer, UTM and channel steps.
    let source: TrafficSource;
    let channel: ChannelGroup;
    if (isNew || !session.visit) {
      source = parseTrafficSource(page, payload.r, site.hostnames);
      channel = groupChannel(source, deps.channelRules?.rulesFor(site.workspaceId) ?? null);
      session.visit = {
        hostname: host.value,
        channel,
        referrerHost: source.referrerHost ?? '',
        utmSource: source.utmSource ?? '',
        utmMedium: source.utmMedium ?? '',
        utmCampaign: source.utmCampaign ?? '',
        utmTerm: source.utmTerm ?? '',
        utmContent: source.utmContent ?? '',
        country: country ?? '',
        device: agent.device,
        browser: agent.browser,
        os: agent.os,
      };
    } else {
      source = sourceOfVisit(session.visit);
      channel = session.visit.channel as ChannelGroup;
    }

    const event: EnrichedEvent = {
      timestamp,
      siteId: site.id,
      workspaceId: site.workspaceId,
      name: payload.n,
      pathname,
      hostname: host.value,
      title: payload.t ?? null,
      referrerHost: source.referrerHost,
      referrerPath: source.referrerPath,
      channel,
      utmSource: source.utmSource,
      utmMedium: source.utmMedium,
      utmCampaign: source.utmCampaign,
      utmTerm: source.utmTerm,
      utmContent: source.utmContent,
      browser: agent.browser,
      browserVersion: agent.browserVersion,
      os: agent.os,
      osVersion: agent.osVersion,
      device: agent.device,
      country,
      visitorId: session.visitorId,
      sessionId: session.id,
      engagementMs: payload.e ?? null,
      scrollDepth: payload.sd ?? null,
      props: payload.p ?? {},
      revenue: payload.$ ? { amount: payload.$.a, currency: payload.$.c } : null,
    };
    return { ok: true, event, session: { ...session }, isNewSession: isNew };
  };

  return {
    drops,
    sessions,
    ingestNow,
    async ingest(request) {
      return ingestNow(request);
    },
  };
}
