import { hash } from 'node:crypto';
import { drop, pass, type StepResult } from '../types';
import type { VisitorIds } from './visitor-hash';

/** A visit ends after this much inactivity (the common web-analytics definition). */
export const SESSION_TIMEOUT_MS = 30 * 60_000;

export interface Session {
  id: string;
  /** The visitor id the session was opened under; kept when the salt rotates mid-session. */
  visitorId: string;
  startedAt: number;
  lastSeenAt: number;
  entryPage: string;
  /** Pageviews in the visit. */
  pageCount: number;
  /** Pageviews plus custom events (not engagement): 1 means a bounce. */
  events: number;
  /** Sum of the engagement events' visible milliseconds. */
  engagementMs: number;
  /** The page of the latest pageview or custom event. */
  exitPage: string;
  /** Counts every event of the visit (engagement too), so the newest stored state wins. */
  version: number;
  /**
   * Where the visit came from and on what, from its first event; copied onto every event row so
   * event reports filter by source without joins. Set by the pipeline when the visit opens.
   */
  visit: VisitAttribution | null;
}

export interface VisitAttribution {
  hostname: string;
  channel: string;
  referrerHost: string;
  utmSource: string;
  utmMedium: string;
  utmCampaign: string;
  utmTerm: string;
  utmContent: string;
  country: string;
  device: string;
  browser: string;
  os: string;
}

export interface SessionTouch {
  visitorIds: VisitorIds;
  timestamp: number;
  pathname: string;
  isPageview: boolean;
  /** Engagement only extends a visit; on its own it is a leftover of one that timed out. */
  isEngagement: boolean;
  /** Visible milliseconds an engagement event reports. */
  engagementMs?: number;
}

export interface SessionResult {
  session: Session;
  isNew: boolean;
}

const sessionIdOf = (visitorId: string, startedAt: number) =>
  hash('sha256', `${visitorId}\0${startedAt}`, 'hex').slice(0, 16);

/**
 * Open visits keyed by visitor id, in least-recently-seen order so the oldest is evicted first when
 * the bound is hit. Session ids derive from visitor and start, so replaying the same events after a
 * crash yields the same ids.
 */
export class SessionTracker {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly maxSessions = 500_000,
    private readonly timeoutMs = SESSION_TIMEOUT_MS,
  ) {}

  get size() {
    return this.sessions.size;
  }

  get(visitorId: string): Session | undefined {
    return this.sessions.get(visitorId);
  }

  /** Step 12: continue the visitor's open session or start one. */
  touch(event: SessionTouch): StepResult<SessionResult> {
    const { visitorIds, timestamp } = event;
    let key = visitorIds.current;
    let session = this.live(key, timestamp);
    if (!session && visitorIds.previous) {
      session = this.live(visitorIds.previous, timestamp);
      if (session) key = visitorIds.previous;
    }

    if (session) {
      // Late events (out of order by a few seconds) join the visit without moving it back in time.
      const latest = timestamp >= session.lastSeenAt;
      if (timestamp > session.lastSeenAt) session.lastSeenAt = timestamp;
      if (event.isPageview) session.pageCount++;
      if (event.isEngagement) session.engagementMs += event.engagementMs ?? 0;
      else {
        session.events++;
        if (latest) session.exitPage = event.pathname;
      }
      session.version++;
      this.sessions.delete(key);
      this.sessions.set(key, session);
      return pass({ session, isNew: false });
    }

    if (event.isEngagement) return drop('no_session_for_engagement');
    session = {
      id: sessionIdOf(visitorIds.current, timestamp),
      visitorId: visitorIds.current,
      startedAt: timestamp,
      lastSeenAt: timestamp,
      entryPage: event.pathname,
      pageCount: event.isPageview ? 1 : 0,
      events: 1,
      engagementMs: 0,
      exitPage: event.pathname,
      version: 1,
      visit: null,
    };
    this.sessions.delete(visitorIds.current);
    this.sessions.set(visitorIds.current, session);
    this.evictOverflow();
    return pass({ session, isNew: true });
  }

  /**
   * Puts back a visit that was open before a restart (from the event store's session rows), unless
   * a newer state of it is already here.
   */
  restore(session: Session) {
    const current = this.sessions.get(session.visitorId);
    if (current && current.lastSeenAt >= session.lastSeenAt) return;
    this.sessions.delete(session.visitorId);
    this.sessions.set(session.visitorId, session);
    this.evictOverflow();
  }

  /** Forget sessions idle past the timeout; the server calls it on a timer with its clock. */
  sweep(now: number): number {
    let removed = 0;
    for (const [key, session] of this.sessions) {
      if (now - session.lastSeenAt >= this.timeoutMs) {
        this.sessions.delete(key);
        removed++;
      }
    }
    return removed;
  }

  private live(key: string, timestamp: number): Session | undefined {
    const session = this.sessions.get(key);
    if (!session) return undefined;
    if (timestamp - session.lastSeenAt >= this.timeoutMs) {
      this.sessions.delete(key);
      return undefined;
    }
    return session;
  }

  private evictOverflow() {
    while (this.sessions.size > this.maxSessions) {
      this.sessions.delete(this.sessions.keys().next().value!);
    }
  }
}
