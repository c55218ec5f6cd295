import { beforeAll, describe, expect, it } from 'vitest';
import { type GeoLookup, ipv4ToNumber, ipv6Prefix, loadGeoDatabase } from './geo-country';

let geo: GeoLookup;
beforeAll(() => {
  geo = loadGeoDatabase();
});

describe('country from IP (database shipped in the npm package)', () => {
  it.each([
    ['8.8.8.8', 'US'],
    ['114.114.114.114', 'CN'],
    ['223.5.5.5', 'CN'],
    ['1.1.1.1', 'AU'],
    ['::ffff:8.8.8.8', 'US'],
    ['2001:4860:4860::8888', 'US'],
    ['240e::1', 'CN'],
  ])('%s -> %s', (ip, country) => {
    expect(geo.countryOf(ip)).toBe(country);
  });

  it.each([
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '127.0.0.1',
    '100.64.0.1',
    '169.254.1.1',
    '::1',
    'fe80::1',
    'fd00::1',
    '2001:db8::1',
    'not-an-ip',
    '',
  ])('%s -> null', (ip) => {
    expect(geo.countryOf(ip)).toBeNull();
  });

  it('parses addresses strictly', () => {
    expect(ipv4ToNumber('1.2.3.4')).toBe(0x01020304);
    expect(ipv4ToNumber('255.255.255.255')).toBe(0xffffffff);
    for (const bad of ['1.2.3', '1.2.3.256', '1..2.3', '1.2.3.4.5', '01234.1.1.1'])
      expect(ipv4ToNumber(bad)).toBe(-1);
    expect(ipv6Prefix('2001:db8:1:2::5')).toBe(0x20010db800010002n);
    expect(ipv6Prefix('1:2:3:4:5:6:7:8')).toBe(0x0001000200030004n);
    expect(ipv6Prefix('1::2::3')).toBeNull();
    expect(ipv6Prefix('gggg::1')).toBeNull();
  });
});
