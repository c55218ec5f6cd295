import { describe, expect, it } from 'vitest';
import { checkHostname, isHostnameAllowed } from './hostname-allow-list';

describe('isHostnameAllowed', () => {
  const cases: [string, string[], boolean][] = [
    ['example.com', ['example.com'], true],
    ['www.example.com', ['example.com'], true],
    ['example.com', ['www.example.com'], true],
    ['EXAMPLE.com.', ['example.com'], true],
    ['shop.example.com', ['example.com'], false],
    ['shop.example.com', ['*.example.com'], true],
    ['a.b.example.com', ['*.example.com'], true],
    ['example.com', ['*.example.com'], false],
    ['badexample.com', ['*.example.com'], false],
    ['example.com.evil.io', ['example.com', '*.example.com'], false],
    ['other.org', ['example.com', 'other.org'], true],
    ['anything.test', [], true],
  ];
  it.each(cases)('%s with %j -> %s', (host, allowed, expected) => {
    expect(isHostnameAllowed(host, allowed)).toBe(expected);
  });

  it('drops with hostname_not_allowed and returns the host without www', () => {
    expect(checkHostname('staging.example.net', ['example.com'])).toEqual({
      ok: false,
      reason: 'hostname_not_allowed',
      detail: 'staging.example.net',
    });
    expect(checkHostname('WWW.Example.com', ['example.com'])).toEqual({ ok: true, value: 'example.com' });
  });
});
