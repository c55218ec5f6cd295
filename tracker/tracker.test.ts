import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { TRACKER_EVENT_NAMES } from '../src/shared/contracts/tracker-event';
import { buildTracker, TRACKER_GZIP_BUDGET, type TrackerBuild } from './build';

let tracker: TrackerBuild;

beforeAll(async () => {
  // In memory: the browser suite may be building at the same time.
  tracker = await buildTracker({ write: false });
});

describe('tracker build', () => {
  it(`stays under ${TRACKER_GZIP_BUDGET} bytes gzipped`, () => {
    const gzipped = gzipSync(tracker.code).length;
    expect(gzipped).toBe(tracker.gzipBytes);
    expect(gzipped).toBeLessThan(TRACKER_GZIP_BUDGET);
    expect(tracker.outfile).toBeNull();
  });

  it('never touches cookies or writes browser storage', () => {
    expect(tracker.code).not.toContain('document.cookie');
    expect(tracker.code).not.toContain('localStorage.setItem');
    // Minification aliases `document`, so also look for any cookie or storage write at all.
    expect(tracker.code).not.toMatch(/cookie|setItem|sessionStorage|indexedDB/);
  });

  it('is one self-contained IIFE that uses every event name of the contract', () => {
    expect(tracker.code).toMatch(/^"use strict";\(\(\)=>\{/);
    expect(tracker.code).not.toMatch(/\brequire\(|\bimport\b/);
    for (const name of Object.values(TRACKER_EVENT_NAMES)) expect(tracker.code).toContain(`"${name}"`);
    expect(tracker.code).toContain('/api/collect');
  });
});
