import { describe, expect, it } from 'vitest';
import { trackerEventSchema } from '../../../shared/contracts/tracker-event';
import { mapPlausibleEvent, mapUmamiSend } from './compat-mappers';

const SITE = '11111111-2222-4333-8444-555555555555';

describe('Plausible Events API mapping', () => {
  it('maps the documented long keys onto a valid tracker event', () => {
    const mapped = mapPlausibleEvent({
      name: 'Signup',
      url: 'https://shop.example/register',
      domain: 'shop.example, other.example',
      referrer: 'https://google.com/',
      props: { plan: 'pro', seats: 3, trial: false, empty: null },
      revenue: { amount: '19.99', currency: 'usd' },
      screen_width: 1440,
    });
    expect(mapped).toEqual({
      ok: true,
      value: {
        domains: ['shop.example', 'other.example'],
        event: {
          n: 'Signup',
          u: 'https://shop.example/register',
          r: 'https://google.com/',
          w: 1440,
          p: { plan: 'pro', seats: 3, trial: false },
          $: { a: 19.99, c: 'USD' },
        },
      },
    });
    if (!mapped.ok) return;
    expect(trackerEventSchema.safeParse({ ...mapped.value.event, d: SITE }).success).toBe(true);
  });

  it("maps the short keys Plausible's own script sends, engagement and hash mode included", () => {
    const mapped = mapPlausibleEvent({
      n: 'engagement',
      u: 'https://a.example/#/x',
      d: SITE,
      r: null,
      h: 1,
      e: 5300,
      sd: 64.4,
      m: '{"a":"b"}',
    });
    expect(mapped.ok && mapped.value.event).toEqual({
      n: 'engagement',
      u: 'https://a.example/#/x',
      r: null,
      w: 0,
      h: true,
      p: { a: 'b' },
      e: 5300,
      sd: 64,
    });
  });

  it('rejects what cannot be mapped, with the reason', () => {
    expect(mapPlausibleEvent([])).toMatchObject({ ok: false, reason: 'invalid_payload' });
    expect(mapPlausibleEvent({ name: 'x', url: 'https://a.example/' })).toMatchObject({
      ok: false,
      reason: 'invalid_payload',
    });
    expect(mapPlausibleEvent({ domain: 'a', props: { a: [1] } })).toMatchObject({
      ok: false,
      reason: 'invalid_props',
    });
    expect(mapPlausibleEvent({ domain: 'a', props: '{' })).toMatchObject({
      ok: false,
      reason: 'invalid_props',
    });
    expect(mapPlausibleEvent({ domain: 'a', revenue: { amount: 'x', currency: 'EUR' } })).toMatchObject({
      ok: false,
      reason: 'invalid_props',
    });
    expect(
      mapPlausibleEvent({ domain: Array.from({ length: 11 }, (_, i) => `d${i}`).join(',') }),
    ).toMatchObject({ ok: false });
  });
});

describe('Umami send mapping', () => {
  it('maps a pageview with a path url, screen and referrer', () => {
    const mapped = mapUmamiSend({
      type: 'event',
      payload: {
        website: SITE,
        hostname: 'shop.example',
        url: '/a?b=1',
        referrer: '',
        title: 'T',
        screen: '390x844',
        language: 'en',
      },
    });
    expect(mapped).toEqual({
      ok: true,
      value: {
        kind: 'event',
        website: SITE,
        event: { n: 'pageview', u: 'https://shop.example/a?b=1', r: null, w: 390, t: 'T' },
      },
    });
    if (mapped.ok && mapped.value.kind === 'event') {
      expect(trackerEventSchema.safeParse({ ...mapped.value.event, d: SITE }).success).toBe(true);
    }
  });

  it('maps a custom event: data to flat props, revenue and currency to revenue', () => {
    const mapped = mapUmamiSend({
      type: 'event',
      payload: {
        website: SITE,
        url: 'https://shop.example/c',
        name: 'buy',
        data: { revenue: 12.5, currency: 'cny', cart: { n: 2, tags: ['a'] } },
      },
    });
    expect(mapped.ok && mapped.value.kind === 'event' && mapped.value.event).toEqual({
      n: 'buy',
      u: 'https://shop.example/c',
      r: null,
      w: 0,
      p: { revenue: 12.5, currency: 'cny', 'cart.n': 2, 'cart.tags': '["a"]' },
      $: { a: 12.5, c: 'CNY' },
    });
  });

  it("passes Umami's timestamp (unix seconds) on as the event's time", () => {
    const mapped = mapUmamiSend({
      type: 'event',
      payload: { website: SITE, url: 'https://a.example/', timestamp: 1_780_000_000 },
    });
    expect(mapped.ok && mapped.value.kind === 'event' && mapped.value.occurredAt).toBe(1_780_000_000_000);
    expect(
      mapUmamiSend({
        type: 'event',
        payload: { website: SITE, url: 'https://a.example/', timestamp: 'now' },
      }),
    ).toMatchObject({
      ok: false,
      reason: 'invalid_payload',
    });
  });

  it('ignores identify calls and rejects malformed bodies', () => {
    expect(mapUmamiSend({ type: 'identify', payload: {} })).toEqual({ ok: true, value: { kind: 'ignored' } });
    expect(mapUmamiSend({ type: 'x' })).toMatchObject({ ok: false, reason: 'invalid_payload' });
    expect(mapUmamiSend({ type: 'event', payload: { website: SITE, url: '/a' } })).toMatchObject({
      ok: false,
      reason: 'invalid_payload',
    });
    expect(
      mapUmamiSend({ type: 'event', payload: { website: SITE, url: '/a', hostname: 'h', data: [1] } }),
    ).toMatchObject({
      ok: false,
      reason: 'invalid_props',
    });
  });
});
