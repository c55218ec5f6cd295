import { CHANNEL_GROUPS, type ChannelGroup } from '../../../../shared/contracts/sites';
import {
  EMAIL_HOSTS,
  SEARCH_BRANDS,
  SEARCH_HOSTS,
  SOCIAL_BRANDS,
  SOCIAL_HOSTS,
  SOURCE_NAMES,
  type SourceCategory,
} from './channel-sources';
import type { TrafficSource } from './referrer-and-utm';

export { CHANNEL_GROUPS, type ChannelGroup };

/**
 * A workspace's own rule, checked before the defaults; every condition given must hold. Values
 * compare case-insensitively; `*` matches any run of characters (`spring_*`). `referrerHost`
 * also matches subdomains.
 */
export interface ChannelRule {
  channel: ChannelGroup;
  source?: string;
  medium?: string;
  campaign?: string;
  referrerHost?: string;
}

/** What a workspace adds: rules that override the defaults, and hosts that extend the lists. */
export interface WorkspaceChannelRules {
  rules?: readonly ChannelRule[];
  hosts?: Partial<Record<SourceCategory, readonly string[]>>;
}

/** Where the pipeline gets a workspace's rules; an app-database-backed cache implements it. */
export interface ChannelRuleSource {
  rulesFor(workspaceId: string): WorkspaceChannelRules | null;
}

const DISPLAY_MEDIUMS = new Set(['display', 'banner', 'expandable', 'interstitial', 'cpm']);
const AFFILIATE_MEDIUMS = new Set(['affiliate', 'affiliates']);
const SOCIAL_MEDIUMS = new Set([
  'social',
  'social-network',
  'social-media',
  'sm',
  'social network',
  'social media',
]);
const EMAIL_WORDS = new Set(['email', 'e-mail', 'e_mail', 'e mail', 'newsletter']);
const REFERRAL_MEDIUMS = new Set(['referral', 'app', 'link']);
// GA4's paid medium pattern: cpc, ppc, cpv, retargeting, paid_social ...
const PAID_MEDIUM = /^(.*cp.*|ppc|retargeting|paid.*)$/;

/** Classifies hosts by the most specific listed suffix, then by brand under any country domain. */
export class HostClassifier {
  private readonly hosts = new Map<string, SourceCategory>();
  private readonly brands: RegExp;
  private readonly brandCategory = new Map<string, SourceCategory>();

  constructor(extra: WorkspaceChannelRules['hosts'] = {}) {
    const add = (list: readonly string[], category: SourceCategory) => {
      for (const host of list) this.hosts.set(host.toLowerCase().replace(/^www\./, ''), category);
    };
    add(SEARCH_HOSTS, 'search');
    add(SOCIAL_HOSTS, 'social');
    add(EMAIL_HOSTS, 'email');
    for (const [category, list] of Object.entries(extra) as [SourceCategory, readonly string[]][]) {
      add(list ?? [], category);
    }
    for (const brand of SEARCH_BRANDS) this.brandCategory.set(brand, 'search');
    for (const brand of SOCIAL_BRANDS) this.brandCategory.set(brand, 'social');
    // google.de, google.co.uk, m.baidu.com.hk: the brand label followed by a country-style suffix.
    this.brands = new RegExp(
      `(?:^|\\.)(${[...this.brandCategory.keys()].join('|')})\\.(?:com?\\.)?[a-z]{2,3}(?:\\.[a-z]{2})?$`,
    );
  }

  classify(host: string | null): SourceCategory | null {
    if (!host) return null;
    let candidate = host.toLowerCase();
    for (;;) {
      const hit = this.hosts.get(candidate);
      if (hit) return hit;
      const dot = candidate.indexOf('.');
      if (dot < 0) break;
      candidate = candidate.slice(dot + 1);
    }
    const brand = this.brands.exec(host.toLowerCase());
    return brand ? (this.brandCategory.get(brand[1]) ?? null) : null;
  }
}

const defaultClassifier = new HostClassifier();
// Workspace classifiers are rebuilt only when the rules object changes.
const workspaceClassifiers = new WeakMap<WorkspaceChannelRules, HostClassifier>();
const compiledRules = new WeakMap<readonly ChannelRule[], CompiledRule[]>();

interface CompiledRule {
  channel: ChannelGroup;
  source?: RegExp;
  medium?: RegExp;
  campaign?: RegExp;
  referrerHost?: string;
}

const glob = (pattern: string) =>
  new RegExp(
    `^${pattern
      .toLowerCase()
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );

function compile(rules: readonly ChannelRule[]): CompiledRule[] {
  let compiled = compiledRules.get(rules);
  if (!compiled) {
    compiled = rules.map((rule) => ({
      channel: rule.channel,
      source: rule.source === undefined ? undefined : glob(rule.source),
      medium: rule.medium === undefined ? undefined : glob(rule.medium),
      campaign: rule.campaign === undefined ? undefined : glob(rule.campaign),
      referrerHost: rule.referrerHost?.toLowerCase().replace(/^www\./, ''),
    }));
    compiledRules.set(rules, compiled);
  }
  return compiled;
}

const matches = (pattern: RegExp | undefined, value: string | null) =>
  pattern === undefined || (value !== null && pattern.test(value.toLowerCase()));

function ruleMatches(rule: CompiledRule, source: TrafficSource): boolean {
  if (!matches(rule.source, source.utmSource)) return false;
  if (!matches(rule.medium, source.utmMedium)) return false;
  if (!matches(rule.campaign, source.utmCampaign)) return false;
  if (rule.referrerHost !== undefined) {
    const host = source.referrerHost;
    if (!host || (host !== rule.referrerHost && !host.endsWith(`.${rule.referrerHost}`))) return false;
  }
  return true;
}

/**
 * Step 8: the channel group of a visit. Workspace rules first; then UTM source and medium (they
 * state the marketer's intent); then ad click ids; then the referrer host; nothing at all is Direct.
 */
export function groupChannel(
  source: TrafficSource,
  workspace: WorkspaceChannelRules | null = null,
): ChannelGroup {
  if (workspace?.rules?.length) {
    for (const rule of compile(workspace.rules)) if (ruleMatches(rule, source)) return rule.channel;
  }
  let classifier = defaultClassifier;
  if (workspace?.hosts) {
    classifier = workspaceClassifiers.get(workspace) ?? new HostClassifier(workspace.hosts);
    workspaceClassifiers.set(workspace, classifier);
  }

  const s = source.utmSource?.toLowerCase() ?? null;
  const m = source.utmMedium?.toLowerCase() ?? null;

  if (s === '(direct)' && (m === null || m === '(none)' || m === '(not set)')) return 'Direct';
  if (s !== null || m !== null) {
    const sourceCategory = s === null ? null : (SOURCE_NAMES[s] ?? classifier.classify(s));
    if (m !== null && DISPLAY_MEDIUMS.has(m)) return 'Display';
    if (m !== null && PAID_MEDIUM.test(m)) {
      if (sourceCategory === 'search') return 'Paid Search';
      if (sourceCategory === 'social') return 'Social';
      if (classifier.classify(source.referrerHost) === 'search' || source.adClickId) return 'Paid Search';
      return 'Other';
    }
    if (m !== null && AFFILIATE_MEDIUMS.has(m)) return 'Affiliate';
    if (
      (s !== null && EMAIL_WORDS.has(s)) ||
      (m !== null && EMAIL_WORDS.has(m)) ||
      sourceCategory === 'email'
    ) {
      return 'Email';
    }
    if (s === 'sms' || m === 'sms' || sourceCategory === 'sms') return 'SMS';
    if (m === 'organic' || (sourceCategory === 'search' && m === null)) return 'Organic Search';
    if (sourceCategory === 'social' || (m !== null && SOCIAL_MEDIUMS.has(m))) return 'Social';
    if (m !== null && REFERRAL_MEDIUMS.has(m)) return 'Referral';
    if (sourceCategory === 'search') return 'Organic Search';
    return 'Other';
  }

  if (source.adClickId) return source.adClickId === 'dclid' ? 'Display' : 'Paid Search';
  if (source.referrerHost === null) return 'Direct';
  switch (classifier.classify(source.referrerHost)) {
    case 'search':
      return 'Organic Search';
    case 'social':
      return 'Social';
    case 'email':
      return 'Email';
    case 'sms':
      return 'SMS';
    default:
      return 'Referral';
  }
}
