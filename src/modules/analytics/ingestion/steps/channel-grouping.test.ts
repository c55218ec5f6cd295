import { describe, expect, it } from 'vitest';
import { type ChannelGroup, groupChannel, type WorkspaceChannelRules } from './channel-grouping';
import { parseTrafficSource } from './referrer-and-utm';

const channelOf = (url: string, referrer: string | null = null, rules: WorkspaceChannelRules | null = null) =>
  groupChannel(parseTrafficSource(new URL(url), referrer, ['shop.example']), rules);

const P = 'https://shop.example/';

const cases: [string, string, string | null, ChannelGroup][] = [
  ['no referrer, no utm', P, null, 'Direct'],
  ['self-referral only', P, 'https://shop.example/other', 'Direct'],
  ['utm (direct)/(none)', `${P}?utm_source=(direct)&utm_medium=(none)`, null, 'Direct'],
  ['Google search', P, 'https://www.google.com/', 'Organic Search'],
  ['Google country domain', P, 'https://www.google.co.uk/', 'Organic Search'],
  ['Google .de', P, 'https://google.de/', 'Organic Search'],
  ['Bing', P, 'https://www.bing.com/search?q=a', 'Organic Search'],
  ['Bing China', P, 'https://cn.bing.com/', 'Organic Search'],
  ['Baidu', P, 'https://www.baidu.com/link?url=x', 'Organic Search'],
  ['Baidu mobile', P, 'https://m.baidu.com/', 'Organic Search'],
  ['Sogou', P, 'https://www.sogou.com/', 'Organic Search'],
  ['360 search so.com', P, 'https://www.so.com/s?q=a', 'Organic Search'],
  ['Shenma sm.cn', P, 'https://m.sm.cn/', 'Organic Search'],
  ['Yandex', P, 'https://yandex.ru/search', 'Organic Search'],
  ['DuckDuckGo', P, 'https://duckduckgo.com/', 'Organic Search'],
  ['WeChat', P, 'https://mp.weixin.qq.com/s/abc', 'Social'],
  ['Weibo', P, 'https://weibo.com/u/1', 'Social'],
  ['Weibo short link', P, 'http://t.cn/A6x', 'Social'],
  ['Douyin', P, 'https://www.douyin.com/video/1', 'Social'],
  ['Xiaohongshu', P, 'https://www.xiaohongshu.com/explore/1', 'Social'],
  ['Zhihu', P, 'https://zhuanlan.zhihu.com/p/1', 'Social'],
  ['Bilibili', P, 'https://www.bilibili.com/video/BV1', 'Social'],
  ['Baidu Tieba is a forum, not search', P, 'https://tieba.baidu.com/p/1', 'Social'],
  ['Facebook mobile', P, 'https://m.facebook.com/', 'Social'],
  ['LinkedIn', P, 'https://www.linkedin.com/feed/', 'Social'],
  ['X via t.co', P, 'https://t.co/abc', 'Social'],
  ['Instagram', P, 'https://l.instagram.com/', 'Social'],
  ['YouTube', P, 'https://www.youtube.com/', 'Social'],
  ['Reddit', P, 'https://old.reddit.com/r/x', 'Social'],
  ['Gmail webmail', P, 'https://mail.google.com/', 'Email'],
  ['QQ mail', P, 'https://mail.qq.com/', 'Email'],
  ['unknown site', P, 'https://blog.partner.org/post', 'Referral'],
  ['gclid without utm', `${P}?gclid=1`, null, 'Paid Search'],
  ['Baidu bd_vid', `${P}?bd_vid=1`, 'https://www.baidu.com/', 'Paid Search'],
  ['dclid is display', `${P}?dclid=1`, null, 'Display'],
  ['utm google cpc', `${P}?utm_source=google&utm_medium=cpc`, null, 'Paid Search'],
  [
    'utm baidu ppc overrides organic referrer',
    `${P}?utm_source=baidu&utm_medium=ppc`,
    'https://www.baidu.com/',
    'Paid Search',
  ],
  ['utm sogou paid_search', `${P}?utm_source=sogou&utm_medium=paid_search`, null, 'Paid Search'],
  [
    'utm cpc with unknown source from a search engine',
    `${P}?utm_source=brandzone&utm_medium=cpc`,
    'https://www.so.com/',
    'Paid Search',
  ],
  ['utm cpc unknown source no referrer', `${P}?utm_source=acme&utm_medium=cpc`, null, 'Other'],
  ['utm wechat paid is social', `${P}?utm_source=wechat&utm_medium=paid`, null, 'Social'],
  ['utm xiaohongshu', `${P}?utm_source=xiaohongshu`, null, 'Social'],
  ['utm douyin medium social', `${P}?utm_source=douyin&utm_medium=social`, null, 'Social'],
  ['utm medium social, unknown source', `${P}?utm_source=forum42&utm_medium=social`, null, 'Social'],
  [
    'utm newsletter source beats google referrer',
    `${P}?utm_source=newsletter`,
    'https://www.google.com/',
    'Email',
  ],
  ['utm medium email', `${P}?utm_source=mailchimp&utm_medium=email`, null, 'Email'],
  ['utm medium e-mail', `${P}?utm_source=crm&utm_medium=e-mail`, null, 'Email'],
  ['utm sms', `${P}?utm_source=sms&utm_medium=text`, null, 'SMS'],
  ['utm medium sms', `${P}?utm_source=aliyun&utm_medium=sms`, null, 'SMS'],
  ['utm affiliate', `${P}?utm_source=partner1&utm_medium=affiliate`, null, 'Affiliate'],
  ['utm display', `${P}?utm_source=sina&utm_medium=display`, null, 'Display'],
  ['utm cpm is display not paid search', `${P}?utm_source=google&utm_medium=cpm`, null, 'Display'],
  ['utm banner', `${P}?utm_source=portal&utm_medium=banner`, null, 'Display'],
  ['utm organic medium', `${P}?utm_source=whatever&utm_medium=organic`, null, 'Organic Search'],
  ['utm source google only', `${P}?utm_source=google`, null, 'Organic Search'],
  ['utm referral medium', `${P}?utm_source=partner&utm_medium=referral`, null, 'Referral'],
  ['utm unknown source and medium', `${P}?utm_source=flyer&utm_medium=print`, null, 'Other'],
  ['utm campaign alone leaves the referrer in charge', `${P}?utm_campaign=x`, 'https://weibo.com/', 'Social'],
  ['upper-case utm values', `${P}?utm_source=Baidu&utm_medium=CPC`, null, 'Paid Search'],
];

describe('groupChannel defaults', () => {
  it('has at least 30 cases', () => expect(cases.length).toBeGreaterThanOrEqual(30));
  it.each(cases)('%s', (_name, url, referrer, expected) => {
    expect(channelOf(url, referrer)).toBe(expected);
  });
});

describe('groupChannel with workspace rules', () => {
  const rules: WorkspaceChannelRules = {
    rules: [
      { channel: 'Affiliate', source: 'partner_*' },
      { channel: 'Display', referrerHost: 'sina.com.cn' },
      { channel: 'SMS', source: 'crm', medium: 'text', campaign: 'reminder*' },
      { channel: 'Email', source: 'google', medium: 'cpc', campaign: 'gmail-ads' },
    ],
    hosts: { search: ['search.example-engine.cn'], social: ['community.acme.io'] },
  };
  it.each([
    ['prefix rule on source', `${P}?utm_source=partner_42`, null, 'Affiliate'],
    ['rule on referrer host incl. subdomains', P, 'https://news.sina.com.cn/a', 'Display'],
    [
      'all conditions must hold',
      `${P}?utm_source=crm&utm_medium=text&utm_campaign=Reminder-June`,
      null,
      'SMS',
    ],
    [
      'one condition failing falls back to defaults',
      `${P}?utm_source=crm&utm_medium=text&utm_campaign=launch`,
      null,
      'Other',
    ],
    [
      'a rule overrides a default',
      `${P}?utm_source=google&utm_medium=cpc&utm_campaign=gmail-ads`,
      null,
      'Email',
    ],
    ['extra search host', P, 'https://search.example-engine.cn/q', 'Organic Search'],
    ['extra social host', P, 'https://community.acme.io/t/1', 'Social'],
    ['defaults still apply', P, 'https://www.zhihu.com/', 'Social'],
  ] as [string, string, string | null, ChannelGroup][])('%s', (_name, url, referrer, expected) => {
    expect(channelOf(url, referrer, rules)).toBe(expected);
  });
  it('does not leak one workspace hosts into the defaults', () => {
    expect(channelOf(P, 'https://search.example-engine.cn/q')).toBe('Referral');
  });
});
