import { z } from 'zod';
import { isoDate } from './common';

/**
 * Tracked websites. `hostnames` is the allow-list: exact hosts (`shop.example.com`, which also
 * allows `www.`) or `*.example.com` for every subdomain; empty allows all, so a new site counts
 * before it is configured.
 */
const hostnameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(253, 'must be at most 253 characters')
  .regex(
    /^(\*\.)?(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$/,
    'must be a hostname such as shop.example.com or *.example.com (no scheme, path or port)',
  );

export const siteSchema = z
  .object({
    id: z.string(),
    workspaceId: z.string(),
    companyId: z.string().nullable(),
    name: z.string(),
    hostnames: z.array(z.string()),
    /** The one line to paste before `</head>`. */
    snippet: z.string(),
    /** Set when a read-only public dashboard link exists (shown to editors and above only). */
    publicToken: z.string().nullable(),
    /** When the site's first stored event happened; null while it has never sent one. */
    firstEventAt: isoDate.nullable(),
    createdAt: isoDate,
    updatedAt: isoDate,
  })
  .meta({ id: 'Site' });
export type Site = z.infer<typeof siteSchema>;

const hostnameListSchema = z.array(hostnameSchema).max(50, 'at most 50 hostnames');
export const siteInputSchema = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
  hostnames: hostnameListSchema.default([]),
  companyId: z.uuid('must be a company id').nullable().optional(),
});
export const createSiteBodySchema = siteInputSchema;
// No default here: a PATCH without `hostnames` must keep them, not clear them.
export const updateSiteBodySchema = siteInputSchema.extend({ hostnames: hostnameListSchema }).partial();

/** Events dropped since the server started, per reason (see DROP_REASONS in the ingestion pipeline). */
export const siteDropsSchema = z
  .object({
    siteId: z.string(),
    since: isoDate,
    total: z.number().int(),
    byReason: z.record(z.string(), z.number().int()),
  })
  .meta({ id: 'SiteDrops' });

/** The channel group of every visit; lines up with the plan's channel catalog. */
export const CHANNEL_GROUPS = [
  'Direct',
  'Organic Search',
  'Paid Search',
  'Social',
  'Email',
  'Referral',
  'Affiliate',
  'Display',
  'SMS',
  'Other',
] as const;
export type ChannelGroup = (typeof CHANNEL_GROUPS)[number];

export const channelGroupSchema = z.enum(CHANNEL_GROUPS);

/** A workspace's own channel-grouping rules, checked before the defaults (see docs/analytics-ingestion.md). */
export const channelRulesSchema = z
  .strictObject({
    rules: z
      .array(
        z
          .strictObject({
            channel: channelGroupSchema,
            source: z.string().trim().min(1).max(200).optional(),
            medium: z.string().trim().min(1).max(200).optional(),
            campaign: z.string().trim().min(1).max(200).optional(),
            referrerHost: z.string().trim().toLowerCase().min(1).max(253).optional(),
          })
          .refine((r) => r.source || r.medium || r.campaign || r.referrerHost, {
            message: 'a rule needs at least one of source, medium, campaign, referrerHost',
          }),
      )
      .max(200, 'at most 200 rules'),
    hosts: z
      .strictObject({
        search: z.array(hostnameSchema).max(500).optional(),
        social: z.array(hostnameSchema).max(500).optional(),
        email: z.array(hostnameSchema).max(500).optional(),
        sms: z.array(hostnameSchema).max(500).optional(),
      })
      .default({}),
  })
  .meta({ id: 'ChannelRules' });
export type ChannelRules = z.infer<typeof channelRulesSchema>;
