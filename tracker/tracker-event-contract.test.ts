import { describe, expect, it } from 'vitest';
import { type TrackerEvent, trackerEventSchema } from '../src/shared/contracts/tracker-event';

const pageview: TrackerEvent = {
  n: 'pageview',
  u: 'https://shop.example/pricing?utm_source=newsletter',
  d: 'site_123',
  r: 'https://www.google.com/',
  t: 'Pricing',
  w: 1280,
};

const parses = (event: unknown) => trackerEventSchema.safeParse(event).success;

describe('trackerEventSchema', () => {
  it('accepts what the tracker sends', () => {
    expect(parses(pageview)).toBe(true);
    expect(parses({ ...pageview, r: null, h: true })).toBe(true);
    expect(parses({ ...pageview, n: 'engagement', t: undefined, e: 4200, sd: 75 })).toBe(true);
    expect(
      parses({
        ...pageview,
        n: 'Consultation booked',
        p: { plan: 'gold', seats: 3, trial: true },
        $: { a: 49.9, c: 'EUR' },
      }),
    ).toBe(true);
  });

  it('requires engaged milliseconds on an engagement event', () => {
    expect(parses({ ...pageview, n: 'engagement' })).toBe(false);
  });

  it('rejects URLs that are not http(s) or too long', () => {
    expect(parses({ ...pageview, u: 'file:///home/me/page.html' })).toBe(false);
    expect(parses({ ...pageview, u: 'javascript:alert(1)' })).toBe(false);
    expect(parses({ ...pageview, u: `https://shop.example/${'a'.repeat(2048)}` })).toBe(false);
  });

  it('limits properties to 30 keys of <= 64 chars with primitive values <= 256 chars', () => {
    const props = (count: number) =>
      Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, i]));
    expect(parses({ ...pageview, p: props(30) })).toBe(true);
    expect(parses({ ...pageview, p: props(31) })).toBe(false);
    expect(parses({ ...pageview, p: { ['k'.repeat(65)]: 1 } })).toBe(false);
    expect(parses({ ...pageview, p: { k: 'v'.repeat(257) } })).toBe(false);
    expect(parses({ ...pageview, p: { k: { nested: 1 } } })).toBe(false);
    expect(parses({ ...pageview, p: { k: null } })).toBe(false);
  });

  it('wants revenue in an ISO 4217 currency and a finite amount', () => {
    expect(parses({ ...pageview, $: { a: 10, c: 'eur' } })).toBe(false);
    expect(parses({ ...pageview, $: { a: 10, c: 'EURO' } })).toBe(false);
    expect(parses({ ...pageview, $: { a: Number.POSITIVE_INFINITY, c: 'EUR' } })).toBe(false);
  });

  it('bounds engagement and scroll depth', () => {
    const engagement = { ...pageview, n: 'engagement' };
    expect(parses({ ...engagement, e: -1 })).toBe(false);
    expect(parses({ ...engagement, e: 1.5 })).toBe(false);
    expect(parses({ ...engagement, e: 1000, sd: 101 })).toBe(false);
  });
});
