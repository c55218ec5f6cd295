import { ForecastInputError } from './errors';

/** An uncertain rate: low and high are the 10th and 90th percentiles, likely is the median. */
export interface Range {
  low: number;
  likely: number;
  high: number;
}

/** How a promotion method bills: per thousand impressions, per click, per lead, per placement, per month. */
export type CostModel = 'cpm' | 'cpc' | 'cpa' | 'flat' | 'monthly';

/** The funnel stage a billing unit buys directly; earlier stages are derived backwards from it. */
export type FunnelStage = 'impressions' | 'clicks' | 'visits' | 'leads';

export interface CostModelInfo {
  /** What one billing unit is, in the words a planner uses. */
  unit: string;
  entryStage: FunnelStage;
  /** True when one unit always delivers exactly one of the entry stage (so unitYield is fixed). */
  fixedYield: number | null;
}

export const COST_MODELS: Readonly<Record<CostModel, CostModelInfo>> = {
  cpm: { unit: '1,000 impressions', entryStage: 'impressions', fixedYield: 1000 },
  cpc: { unit: 'click', entryStage: 'clicks', fixedYield: 1 },
  cpa: { unit: 'lead (pay per action)', entryStage: 'leads', fixedYield: 1 },
  flat: { unit: 'placement', entryStage: 'impressions', fixedYield: null },
  monthly: { unit: 'month of service', entryStage: 'visits', fixedYield: null },
};

/** Carryover of an effect into later periods; decay and lags are in the periods of the series it is applied to. */
export type AdstockSpec =
  | { type: 'geometric'; decay: number }
  | { type: 'weibull'; shape: number; scale: number; maxLag: number };

/** Diminishing returns: at halfSaturationSpend per period the channel delivers half of its capacity. */
export interface SaturationSpec {
  halfSaturationSpend: number;
  /** 1 = concave from the first unit of money; above 1 = S-shaped, a threshold must be passed first. */
  shape: number;
}

export const CHANNEL_IDS = [
  'sem',
  'seo',
  'portal_ads',
  'vertical_ads',
  'text_links',
  'affiliate',
  'email',
  'sms',
  'forums',
  'social',
  'content',
  'link_exchange',
  'offline_url',
  'traditional_media',
] as const;

export type ChannelId = (typeof CHANNEL_IDS)[number];

/**
 * Everything the response model needs to turn a month's spend into funnel figures. Money is in the
 * plan's currency; the catalog's defaults assume a currency of roughly the dollar's or euro's size.
 */
export interface ChannelAssumptions {
  id: string;
  label: string;
  costModel: CostModel;
  /** Price of one billing unit (see COST_MODELS). */
  unitCost: Range;
  /** Quantity of the entry stage one billing unit delivers (1,000 impressions for CPM, 1 click for CPC...). */
  unitYield: Range;
  /** Clicks per impression (for offline and print media: the share of viewers who go to the site). */
  ctr: Range;
  /** Share of clicks that arrive as site visits. */
  clickToVisit: Range;
  /** Share of visits that become leads (consultations, sign-ups, enquiries). */
  visitToLead: Range;
  /** Share of leads that become paying customers. */
  leadToCustomer: Range;
  /** Share of people reached who remember the brand afterwards (indirect effect). */
  recall: Range;
  /** People the channel can reach at all; caps reach in the frequency model. */
  audienceSize: number;
  /** Overrides the plan's average order value for customers won through this channel. */
  averageOrderValue?: Range;
  saturation: SaturationSpec;
  /** Carryover per month. */
  adstock: AdstockSpec;
}

export type ChannelAssumptionsOverride = Partial<Omit<ChannelAssumptions, 'id'>>;

const r = (low: number, likely: number, high: number): Range => ({ low, likely, high });
const ONE = r(1, 1, 1);
const THOUSAND = r(1000, 1000, 1000);
const geometric = (decay: number): AdstockSpec => ({ type: 'geometric', decay });

/** Default benchmark rates per promotion method, used until a workspace overrides them or calibrates. */
export const CHANNEL_CATALOG: Readonly<Record<ChannelId, ChannelAssumptions>> = {
  sem: {
    id: 'sem',
    label: 'Search keywords (SEM)',
    costModel: 'cpc',
    unitCost: r(0.5, 1.5, 4),
    unitYield: ONE,
    ctr: r(0.02, 0.04, 0.08),
    clickToVisit: r(0.8, 0.9, 0.97),
    visitToLead: r(0.02, 0.04, 0.08),
    leadToCustomer: r(0.1, 0.2, 0.35),
    recall: r(0.02, 0.05, 0.1),
    audienceSize: 2_000_000,
    saturation: { halfSaturationSpend: 20_000, shape: 1 },
    adstock: geometric(0.1),
  },
  seo: {
    id: 'seo',
    label: 'Search engine optimisation (SEO)',
    costModel: 'monthly',
    unitCost: r(800, 1500, 3000),
    unitYield: r(500, 1500, 4000),
    ctr: r(0.02, 0.03, 0.06),
    clickToVisit: r(0.9, 0.95, 0.99),
    visitToLead: r(0.015, 0.03, 0.06),
    leadToCustomer: r(0.1, 0.2, 0.3),
    recall: r(0.02, 0.04, 0.08),
    audienceSize: 2_000_000,
    saturation: { halfSaturationSpend: 6_000, shape: 1.5 },
    adstock: geometric(0.7),
  },
  portal_ads: {
    id: 'portal_ads',
    label: 'Portal advertising',
    costModel: 'cpm',
    unitCost: r(5, 12, 25),
    unitYield: THOUSAND,
    ctr: r(0.001, 0.003, 0.006),
    clickToVisit: r(0.7, 0.85, 0.95),
    visitToLead: r(0.005, 0.01, 0.02),
    leadToCustomer: r(0.05, 0.12, 0.2),
    recall: r(0.03, 0.06, 0.12),
    audienceSize: 20_000_000,
    saturation: { halfSaturationSpend: 30_000, shape: 1.2 },
    adstock: geometric(0.3),
  },
  vertical_ads: {
    id: 'vertical_ads',
    label: 'Vertical (industry) site advertising',
    costModel: 'cpm',
    unitCost: r(10, 25, 50),
    unitYield: THOUSAND,
    ctr: r(0.003, 0.008, 0.015),
    clickToVisit: r(0.75, 0.88, 0.95),
    visitToLead: r(0.01, 0.025, 0.05),
    leadToCustomer: r(0.1, 0.2, 0.3),
    recall: r(0.04, 0.08, 0.15),
    audienceSize: 1_000_000,
    saturation: { halfSaturationSpend: 10_000, shape: 1 },
    adstock: geometric(0.3),
  },
  text_links: {
    id: 'text_links',
    label: 'Text links',
    costModel: 'flat',
    unitCost: r(100, 300, 800),
    unitYield: r(20_000, 60_000, 150_000),
    ctr: r(0.002, 0.005, 0.01),
    clickToVisit: r(0.8, 0.9, 0.97),
    visitToLead: r(0.01, 0.02, 0.04),
    leadToCustomer: r(0.08, 0.15, 0.25),
    recall: r(0.005, 0.01, 0.02),
    audienceSize: 3_000_000,
    saturation: { halfSaturationSpend: 5_000, shape: 1 },
    adstock: geometric(0.2),
  },
  affiliate: {
    id: 'affiliate',
    label: 'Website alliances (affiliates)',
    costModel: 'cpa',
    unitCost: r(10, 25, 60),
    unitYield: ONE,
    ctr: r(0.005, 0.01, 0.02),
    clickToVisit: r(0.8, 0.9, 0.97),
    visitToLead: r(0.02, 0.04, 0.08),
    leadToCustomer: r(0.05, 0.12, 0.2),
    recall: r(0.01, 0.02, 0.04),
    audienceSize: 5_000_000,
    saturation: { halfSaturationSpend: 15_000, shape: 1 },
    adstock: geometric(0.1),
  },
  email: {
    id: 'email',
    label: 'Email and EDM',
    costModel: 'cpm',
    unitCost: r(10, 30, 80),
    unitYield: THOUSAND,
    ctr: r(0.01, 0.025, 0.05),
    clickToVisit: r(0.85, 0.95, 0.99),
    visitToLead: r(0.03, 0.06, 0.12),
    leadToCustomer: r(0.1, 0.2, 0.3),
    recall: r(0.05, 0.1, 0.2),
    audienceSize: 200_000,
    saturation: { halfSaturationSpend: 5_000, shape: 1 },
    adstock: geometric(0.2),
  },
  sms: {
    id: 'sms',
    label: 'SMS',
    costModel: 'cpm',
    unitCost: r(20, 40, 80),
    unitYield: THOUSAND,
    ctr: r(0.005, 0.015, 0.03),
    clickToVisit: r(0.85, 0.95, 0.99),
    visitToLead: r(0.02, 0.05, 0.1),
    leadToCustomer: r(0.08, 0.15, 0.25),
    recall: r(0.05, 0.1, 0.2),
    audienceSize: 300_000,
    saturation: { halfSaturationSpend: 4_000, shape: 1 },
    adstock: geometric(0.05),
  },
  forums: {
    id: 'forums',
    label: 'Forums, BBS and newsgroups',
    costModel: 'monthly',
    unitCost: r(300, 800, 2000),
    unitYield: r(200, 600, 1500),
    ctr: r(0.01, 0.02, 0.04),
    clickToVisit: r(0.85, 0.95, 0.99),
    visitToLead: r(0.02, 0.04, 0.08),
    leadToCustomer: r(0.08, 0.15, 0.25),
    recall: r(0.03, 0.06, 0.12),
    audienceSize: 500_000,
    saturation: { halfSaturationSpend: 4_000, shape: 1.3 },
    adstock: geometric(0.5),
  },
  social: {
    id: 'social',
    label: 'Social media',
    costModel: 'cpm',
    unitCost: r(3, 8, 15),
    unitYield: THOUSAND,
    ctr: r(0.003, 0.008, 0.015),
    clickToVisit: r(0.7, 0.85, 0.95),
    visitToLead: r(0.01, 0.02, 0.04),
    leadToCustomer: r(0.05, 0.1, 0.2),
    recall: r(0.03, 0.07, 0.12),
    audienceSize: 5_000_000,
    saturation: { halfSaturationSpend: 20_000, shape: 1 },
    adstock: geometric(0.3),
  },
  content: {
    id: 'content',
    label: 'Content marketing',
    costModel: 'monthly',
    unitCost: r(1000, 2500, 5000),
    unitYield: r(800, 2500, 6000),
    ctr: r(0.01, 0.02, 0.04),
    clickToVisit: r(0.9, 0.95, 0.99),
    visitToLead: r(0.01, 0.025, 0.05),
    leadToCustomer: r(0.1, 0.18, 0.3),
    recall: r(0.04, 0.08, 0.15),
    audienceSize: 1_000_000,
    saturation: { halfSaturationSpend: 8_000, shape: 1.5 },
    adstock: geometric(0.75),
  },
  link_exchange: {
    id: 'link_exchange',
    label: 'Link exchange',
    costModel: 'monthly',
    unitCost: r(100, 300, 600),
    unitYield: r(50, 200, 500),
    ctr: r(0.005, 0.01, 0.02),
    clickToVisit: r(0.85, 0.95, 0.99),
    visitToLead: r(0.01, 0.02, 0.04),
    leadToCustomer: r(0.08, 0.15, 0.25),
    recall: r(0.005, 0.01, 0.02),
    audienceSize: 500_000,
    saturation: { halfSaturationSpend: 1_500, shape: 1 },
    adstock: geometric(0.6),
  },
  offline_url: {
    id: 'offline_url',
    label: 'URL on cards, brochures and packaging',
    costModel: 'flat',
    unitCost: r(50, 200, 500),
    unitYield: r(500, 2000, 5000),
    ctr: r(0.005, 0.02, 0.04),
    clickToVisit: r(0.9, 0.95, 0.99),
    visitToLead: r(0.03, 0.06, 0.12),
    leadToCustomer: r(0.1, 0.2, 0.35),
    recall: r(0.1, 0.2, 0.35),
    audienceSize: 100_000,
    saturation: { halfSaturationSpend: 2_000, shape: 1 },
    adstock: geometric(0.5),
  },
  traditional_media: {
    id: 'traditional_media',
    label: 'Traditional media (print, radio, TV)',
    costModel: 'flat',
    unitCost: r(2000, 8000, 25_000),
    unitYield: r(100_000, 400_000, 1_000_000),
    ctr: r(0.0002, 0.0006, 0.0015),
    clickToVisit: r(0.9, 0.95, 0.99),
    visitToLead: r(0.01, 0.03, 0.06),
    leadToCustomer: r(0.08, 0.15, 0.25),
    recall: r(0.05, 0.1, 0.2),
    audienceSize: 10_000_000,
    saturation: { halfSaturationSpend: 60_000, shape: 1.8 },
    adstock: geometric(0.5),
  },
};

export function isChannelId(value: string): value is ChannelId {
  return (CHANNEL_IDS as readonly string[]).includes(value);
}

const RATE_FIELDS = ['ctr', 'clickToVisit', 'visitToLead', 'leadToCustomer', 'recall'] as const;
const POSITIVE_RANGE_FIELDS = ['unitCost', 'unitYield'] as const;

/** Catalog defaults for a channel with a workspace's or plan's overrides applied and checked. */
export function resolveChannelAssumptions(
  channel: string,
  override: ChannelAssumptionsOverride = {},
): ChannelAssumptions {
  const base = isChannelId(channel) ? CHANNEL_CATALOG[channel] : undefined;
  if (!base && !override.costModel) {
    throw new ForecastInputError(
      'unknown_channel',
      `unknown channel '${channel}': use one of ${CHANNEL_IDS.join(', ')} or give a full set of assumptions`,
      { column: channel },
    );
  }
  const merged = { ...(base ?? CHANNEL_CATALOG.sem), ...override, id: channel } as ChannelAssumptions;
  if (!base) merged.label = override.label ?? channel;
  validateChannelAssumptions(merged);
  return merged;
}

export function validateRange(range: Range, what: string, max = Number.POSITIVE_INFINITY) {
  const values = [range?.low, range?.likely, range?.high];
  if (values.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
    throw new ForecastInputError('invalid_option', `${what}: low, likely and high must be finite numbers`);
  }
  if (range.low < 0 || range.high > max) {
    throw new ForecastInputError('invalid_option', `${what}: values must lie between 0 and ${max}`);
  }
  if (!(range.low <= range.likely && range.likely <= range.high)) {
    throw new ForecastInputError(
      'invalid_option',
      `${what}: expected low <= likely <= high, got ${range.low} / ${range.likely} / ${range.high}`,
    );
  }
}

export function validateAdstock(adstock: AdstockSpec, what: string) {
  if (adstock.type === 'geometric') {
    if (!(adstock.decay >= 0 && adstock.decay < 1)) {
      throw new ForecastInputError(
        'invalid_option',
        `${what}: adstock decay must be in [0, 1), got ${adstock.decay}`,
      );
    }
    return;
  }
  if (!(adstock.shape > 0 && adstock.scale > 0 && Number.isInteger(adstock.maxLag) && adstock.maxLag >= 1)) {
    throw new ForecastInputError(
      'invalid_option',
      `${what}: Weibull adstock needs shape > 0, scale > 0 and an integer maxLag >= 1`,
    );
  }
}

export function validateChannelAssumptions(channel: ChannelAssumptions) {
  const where = `channel ${channel.id}`;
  if (!(channel.costModel in COST_MODELS)) {
    throw new ForecastInputError('invalid_option', `${where}: unknown cost model '${channel.costModel}'`);
  }
  for (const field of POSITIVE_RANGE_FIELDS) {
    validateRange(channel[field], `${where} ${field}`);
    if (channel[field].low <= 0) {
      throw new ForecastInputError('invalid_option', `${where} ${field}: must be greater than 0`);
    }
  }
  for (const field of RATE_FIELDS) validateRange(channel[field], `${where} ${field}`, 1);
  if (channel.averageOrderValue) validateRange(channel.averageOrderValue, `${where} averageOrderValue`);
  if (!(channel.audienceSize > 0 && Number.isFinite(channel.audienceSize))) {
    throw new ForecastInputError('invalid_option', `${where}: audienceSize must be a positive number`);
  }
  const { halfSaturationSpend, shape } = channel.saturation ?? {};
  if (!(halfSaturationSpend > 0 && Number.isFinite(halfSaturationSpend) && shape > 0 && shape <= 10)) {
    throw new ForecastInputError(
      'invalid_option',
      `${where}: saturation needs halfSaturationSpend > 0 and 0 < shape <= 10`,
    );
  }
  validateAdstock(channel.adstock, where);
}
