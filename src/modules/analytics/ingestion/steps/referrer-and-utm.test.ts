import { describe, expect, it } from 'vitest';
import { parseTrafficSource } from './referrer-and-utm';

const page = (url: string) => new URL(url);

describe('parseTrafficSource', () => {
  it('reads all five utm parameters, trimmed, and the referrer host without www', () => {
    const source = parseTrafficSource(
      page(
        'https://shop.example/p?utm_source=Newsletter&utm_medium=email&utm_campaign=spring%20sale&utm_term=shoes&utm_content=+hero+',
      ),
      'https://www.Google.com/search?q=x',
      ['shop.example'],
    );
    expect(source).toEqual({
      referrerHost: 'google.com',
      referrerPath: '/search',
      utmSource: 'Newsletter',
      utmMedium: 'email',
      utmCampaign: 'spring sale',
      utmTerm: 'shoes',
      utmContent: 'hero',
      adClickId: null,
    });
  });

  it('removes self-referrals: the page host, www of it, and hosts the site lists', () => {
    expect(
      parseTrafficSource(page('https://shop.example/b'), 'https://www.shop.example/a', []).referrerHost,
    ).toBeNull();
    expect(
      parseTrafficSource(page('https://shop.example/b'), 'https://blog.shop.example/post', [
        'shop.example',
        '*.shop.example',
      ]).referrerHost,
    ).toBeNull();
    expect(
      parseTrafficSource(page('https://shop.example/b'), 'https://blog.shop.example/post', ['shop.example'])
        .referrerHost,
    ).toBe('blog.shop.example');
  });

  it('ignores unusable referrers and spots ad click ids', () => {
    const source = parseTrafficSource(page('https://shop.example/?gclid=abc'), 'not a url', []);
    expect(source.referrerHost).toBeNull();
    expect(source.adClickId).toBe('gclid');
    expect(
      parseTrafficSource(page('https://shop.example/'), 'android-app://com.zhihu.android/', []).referrerHost,
    ).toBe('com.zhihu.android');
    expect(parseTrafficSource(page('https://shop.example/?utm_source='), null, []).utmSource).toBeNull();
  });
});
