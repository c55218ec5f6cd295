import { describe, expect, it } from 'vitest';
import { checkTimestamp } from './check-timestamp';
import { fastTrackerEvent, validateEvent } from './validate-event';

const base = { n: 'pageview', u: 'https://shop.example/pricing', d: 'site_1', r: null, w: 1280 };

describe('validateEvent', () => {
  it('accepts the contract examples', () => {
    expect(validateEvent(base)).toEqual({ ok: true, value: base });
    const engagement = { ...base, n: 'engagement', e: 42100, sd: 80 };
    expect(validateEvent(engagement).ok).toBe(true);
  });

  it('names the fields at fault as invalid_payload', () => {
    const result = validateEvent({ ...base, u: 'javascript:alert(1)', w: -1 });
    expect(result).toMatchObject({ ok: false, reason: 'invalid_payload' });
    expect(!result.ok && result.detail).toMatch(/u: .*; w: /);
    expect(validateEvent([1, 2])).toMatchObject({ ok: false, reason: 'invalid_payload' });
    expect(validateEvent({ ...base, n: 'engagement' })).toMatchObject({
      ok: false,
      reason: 'invalid_payload',
    });
  });

  it('gives property and revenue faults their own reason', () => {
    const many = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`k${i}`, i]));
    expect(validateEvent({ ...base, p: many })).toMatchObject({ ok: false, reason: 'invalid_props' });
    expect(validateEvent({ ...base, p: { k: 'x'.repeat(257) } })).toMatchObject({
      ok: false,
      reason: 'invalid_props',
    });
    expect(validateEvent({ ...base, $: { a: 1, c: 'euro' } })).toMatchObject({
      ok: false,
      reason: 'invalid_props',
    });
  });
});

describe('checkTimestamp', () => {
  const now = Date.UTC(2026, 5, 1, 12);
  it('uses the receiving time unless one is supplied', () => {
    expect(checkTimestamp(undefined, now)).toEqual({ ok: true, value: now });
    expect(checkTimestamp(now - 3_600_000, now)).toEqual({ ok: true, value: now - 3_600_000 });
  });
  it('drops times far in the future, too old or not finite', () => {
    expect(checkTimestamp(now + 5 * 60_000, now).ok).toBe(true);
    expect(checkTimestamp(now + 5 * 60_000 + 1, now)).toMatchObject({
      ok: false,
      reason: 'absurd_timestamp',
    });
    expect(checkTimestamp(now - 8 * 86_400_000, now)).toMatchObject({
      ok: false,
      reason: 'absurd_timestamp',
    });
    expect(checkTimestamp(Number.NaN, now)).toMatchObject({ ok: false, reason: 'absurd_timestamp' });
  });
});

describe('fastTrackerEvent (the hand-written hot path)', () => {
  const cases: unknown[] = [
    base,
    { ...base, t: 'Title', h: true, sd: 40 },
    { ...base, n: 'engagement', e: 1200 },
    { ...base, n: 'engagement' },
    { ...base, p: { plan: 'gold', n: 3, ok: false }, $: { a: -12.5, c: 'EUR' } },
    { ...base, p: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`k${i}`, i])) },
    { ...base, p: { '': 1 } },
    { ...base, p: { k: 'x'.repeat(257) } },
    { ...base, p: { k: null } },
    { ...base, p: [] },
    { ...base, $: { a: 1, c: 'eur' } },
    { ...base, $: { a: 2e12, c: 'EUR' } },
    { ...base, $: { a: 1, c: 'EUR', extra: 1 } },
    { ...base, u: ' https://shop.example/ ' },
    { ...base, u: 'https://shop.example/a\tb' },
    { ...base, u: 'HTTPS://Shop.Example/x' },
    { ...base, u: 'http:shop.example' },
    { ...base, u: 'https://' },
    { ...base, u: 'ftp://shop.example/' },
    { ...base, u: 'javascript:alert(1)' },
    { ...base, u: `https://shop.example/${'a'.repeat(2048)}` },
    { ...base, r: undefined },
    { ...base, r: 'not a url but a string' },
    { ...base, w: 1.5 },
    { ...base, w: -1 },
    { ...base, w: '1280' },
    { ...base, d: '' },
    { ...base, n: 'x'.repeat(121) },
    { ...base, extra: 'stripped' },
    { ...base, h: 'yes' },
    { ...base, sd: 101 },
    null,
    'string',
  ];
  it('accepts only what the schema accepts, with the same value', () => {
    for (const value of cases) {
      const fast = fastTrackerEvent(value);
      const slow = validateEvent(value);
      if (fast) {
        expect(slow, JSON.stringify(value)).toEqual({ ok: true, value: fast.event });
        expect(fast.url.href).toBe(new URL(fast.event.u).href);
      }
    }
    // The common shapes take the fast path.
    expect(fastTrackerEvent(base)).not.toBeNull();
    expect(fastTrackerEvent(cases[4])).not.toBeNull();
  });
});
