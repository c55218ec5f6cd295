import type { ChannelGroup } from './steps/channel-grouping';

/** Why an event was not stored; every drop carries exactly one, and the DropCounter counts them. */
export const DROP_REASONS = [
  'unsupported_content_type',
  'too_large',
  'invalid_utf8',
  'invalid_json',
  'invalid_payload',
  'invalid_props',
  'absurd_timestamp',
  'unknown_site',
  'hostname_not_allowed',
  'bot',
  'no_session_for_engagement',
] as const;

export type DropReason = (typeof DROP_REASONS)[number];

/** A step's verdict: carry on with a value, or stop with a reason (detail is for API callers and logs). */
export type StepResult<T> = { ok: true; value: T } | { ok: false; reason: DropReason; detail?: string };

export const pass = <T>(value: T): StepResult<T> => ({ ok: true, value });
export const drop = (
  reason: DropReason,
  detail?: string,
): { ok: false; reason: DropReason; detail?: string } =>
  detail === undefined ? { ok: false, reason } : { ok: false, reason, detail };

/** A tracked website as the pipeline needs it; the app database owns the full record. */
export interface Site {
  id: string;
  workspaceId: string;
  /** Exact hostnames, or `*.example.com` for any subdomain; empty allows every hostname. */
  hostnames: readonly string[];
}

export type DeviceType = 'desktop' | 'mobile' | 'tablet' | 'tv' | 'other';

/** What the store receives for one accepted event: no IP, no user agent, only derived fields. */
export interface EnrichedEvent {
  /** Milliseconds since the epoch (UTC). */
  timestamp: number;
  siteId: string;
  workspaceId: string;
  name: string;
  pathname: string;
  hostname: string;
  title: string | null;
  referrerHost: string | null;
  referrerPath: string | null;
  channel: ChannelGroup;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmTerm: string | null;
  utmContent: string | null;
  browser: string;
  browserVersion: string;
  os: string;
  osVersion: string;
  device: DeviceType;
  /** ISO 3166-1 alpha-2, or null when unknown (private addresses, unlisted ranges). */
  country: string | null;
  /** 16 hex chars: 64 bits of sha256(daily salt, site, IP, user agent). */
  visitorId: string;
  /** 16 hex chars, derived from the visitor id and the session start so a replay yields the same id. */
  sessionId: string;
  engagementMs: number | null;
  scrollDepth: number | null;
  props: Record<string, string | number | boolean>;
  revenue: { amount: number; currency: string } | null;
}
