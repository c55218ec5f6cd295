import { describe, expect, it } from 'vitest';
import { SESSION_TIMEOUT_MS, type SessionTouch, SessionTracker } from './sessionize';

const t0 = Date.UTC(2026, 5, 1, 10);
const visit = (over: Partial<SessionTouch> = {}): SessionTouch => ({
  visitorIds: { current: 'aaaaaaaaaaaaaaaa', previous: null },
  timestamp: t0,
  pathname: '/',
  isPageview: true,
  isEngagement: false,
  ...over,
});

const sessionOf = (tracker: SessionTracker, touch: SessionTouch) => {
  const result = tracker.touch(touch);
  if (!result.ok) throw new Error(result.reason);
  return result.value;
};

describe('SessionTracker', () => {
  it('keeps a visit going until 30 minutes of inactivity, measured from the last event', () => {
    const tracker = new SessionTracker();
    const first = sessionOf(tracker, visit({ pathname: '/landing' }));
    expect(first.isNew).toBe(true);
    const second = sessionOf(tracker, visit({ timestamp: t0 + SESSION_TIMEOUT_MS - 1, pathname: '/b' }));
    expect(second.isNew).toBe(false);
    expect(second.session.id).toBe(first.session.id);
    // 30 minutes after the second event (not the first) still continues... one ms short of it:
    const third = sessionOf(tracker, visit({ timestamp: t0 + 2 * SESSION_TIMEOUT_MS - 2, pathname: '/c' }));
    expect(third.session.id).toBe(first.session.id);
    expect(third.session).toMatchObject({ startedAt: t0, entryPage: '/landing', pageCount: 3 });
    // ... and exactly 30 minutes of silence starts a new visit.
    const fourth = sessionOf(tracker, visit({ timestamp: t0 + 3 * SESSION_TIMEOUT_MS - 2, pathname: '/d' }));
    expect(fourth.isNew).toBe(true);
    expect(fourth.session.id).not.toBe(first.session.id);
    expect(fourth.session).toMatchObject({ entryPage: '/d', pageCount: 1 });
  });

  it('counts pages only for pageviews and drops engagement without an open visit', () => {
    const tracker = new SessionTracker();
    expect(tracker.touch(visit({ isPageview: false, isEngagement: true }))).toEqual({
      ok: false,
      reason: 'no_session_for_engagement',
    });
    sessionOf(tracker, visit());
    const engaged = sessionOf(
      tracker,
      visit({ timestamp: t0 + 60_000, isPageview: false, isEngagement: true }),
    );
    expect(engaged.session.pageCount).toBe(1);
    expect(engaged.session.lastSeenAt).toBe(t0 + 60_000);
  });

  it('does not move a visit back in time for a late event', () => {
    const tracker = new SessionTracker();
    sessionOf(tracker, visit({ timestamp: t0 + 10_000 }));
    const late = sessionOf(tracker, visit({ timestamp: t0 }));
    expect(late.session.lastSeenAt).toBe(t0 + 10_000);
  });

  it('continues a visit over midnight under the previous day visitor id', () => {
    const tracker = new SessionTracker();
    const before = sessionOf(tracker, visit({ visitorIds: { current: 'day1', previous: null } }));
    const after = sessionOf(
      tracker,
      visit({ timestamp: t0 + 60_000, visitorIds: { current: 'day2', previous: 'day1' } }),
    );
    expect(after.session.id).toBe(before.session.id);
    expect(after.session.visitorId).toBe('day1');
  });

  it('derives session ids from visitor and start, so a replay gives the same ids', () => {
    const a = sessionOf(new SessionTracker(), visit()).session.id;
    expect(sessionOf(new SessionTracker(), visit()).session.id).toBe(a);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
  });

  it('stays within its bound by evicting the least recently seen visitor, and sweeps idle visits', () => {
    const tracker = new SessionTracker(3);
    for (const v of ['a', 'b', 'c'])
      sessionOf(tracker, visit({ visitorIds: { current: v, previous: null } }));
    sessionOf(tracker, visit({ timestamp: t0 + 1000, visitorIds: { current: 'a', previous: null } }));
    sessionOf(tracker, visit({ timestamp: t0 + 2000, visitorIds: { current: 'd', previous: null } }));
    expect(tracker.size).toBe(3);
    expect(tracker.get('b')).toBeUndefined();
    expect(tracker.get('a')).toBeDefined();
    expect(tracker.sweep(t0 + 1000 + SESSION_TIMEOUT_MS)).toBe(2);
    expect(tracker.size).toBe(1);
    expect(tracker.get('d')).toBeDefined();
  });
});

describe('visit state for the sessions table', () => {
  const ids = { current: 'aaaaaaaaaaaaaaaa', previous: null };
  it('counts events, sums engagement, follows the exit page and grows the version', () => {
    const tracker = new SessionTracker();
    const t0 = Date.UTC(2026, 0, 1);
    const touch = (
      dt: number,
      pathname: string,
      kind: 'pageview' | 'custom' | 'engagement',
      engagementMs = 0,
    ) =>
      tracker.touch({
        visitorIds: ids,
        timestamp: t0 + dt,
        pathname,
        isPageview: kind === 'pageview',
        isEngagement: kind === 'engagement',
        engagementMs,
      });
    touch(0, '/a', 'pageview');
    touch(1000, '/a', 'engagement', 900);
    touch(2000, '/b', 'pageview');
    touch(1500, '/late', 'custom');
    const last = touch(3000, '/b', 'engagement', 400);
    expect(last.ok && last.value.session).toMatchObject({
      entryPage: '/a',
      exitPage: '/b',
      pageCount: 2,
      events: 3,
      engagementMs: 1300,
      version: 5,
      lastSeenAt: t0 + 3000,
    });
  });

  it('restores a stored visit so the next event continues it', () => {
    const tracker = new SessionTracker();
    const t0 = Date.UTC(2026, 0, 1);
    tracker.restore({
      id: '0123456789abcdef',
      visitorId: ids.current,
      startedAt: t0,
      lastSeenAt: t0 + 60_000,
      entryPage: '/in',
      pageCount: 2,
      events: 2,
      engagementMs: 10,
      exitPage: '/x',
      version: 4,
      visit: null,
    });
    const next = tracker.touch({
      visitorIds: ids,
      timestamp: t0 + 120_000,
      pathname: '/y',
      isPageview: true,
      isEngagement: false,
    });
    expect(next.ok && next.value).toMatchObject({
      isNew: false,
      session: { id: '0123456789abcdef', pageCount: 3, version: 5, exitPage: '/y' },
    });
  });
});
