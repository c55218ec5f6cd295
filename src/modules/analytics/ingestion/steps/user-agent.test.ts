import { describe, expect, it } from 'vitest';
import { createUserAgentParser } from './user-agent';

const parser = createUserAgentParser(2);

describe('user agent parsing', () => {
  it.each([
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.91 Safari/537.36',
      1440,
      { browser: 'Chrome', browserVersion: '124', os: 'Windows', device: 'desktop' },
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
      390,
      { browser: 'Safari', browserVersion: '17', os: 'iOS', osVersion: '17', device: 'mobile' },
    ],
    [
      'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1',
      820,
      { os: 'iOS', device: 'tablet' },
    ],
    [
      'Mozilla/5.0 (Linux; Android 13; 2211133C Build/TKQ1.220829.002; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin',
      393,
      { browser: 'WeChat', os: 'Android', device: 'mobile' },
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:125.0) Gecko/20100101 Firefox/125.0',
      1280,
      { browser: 'Firefox', browserVersion: '125', os: 'macOS', device: 'desktop' },
    ],
  ])('%s', (ua, width, expected) => {
    expect(parser.parse(ua, width)).toMatchObject(expected);
  });

  it('falls back to the viewport width when the user agent does not tell the device', () => {
    const odd = 'SomeEmbeddedBrowser/1.0 (custom firmware build 42)';
    expect(parser.parse(odd, 360).device).toBe('mobile');
    expect(parser.parse(odd, 800).device).toBe('tablet');
    expect(parser.parse(odd, 1600).device).toBe('desktop');
    expect(parser.parse(odd, 1600).os).toBe('Unknown');
  });
});
