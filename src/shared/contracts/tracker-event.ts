import { z } from 'zod';

/**
 * What the browser tracker (`tracker/src/marketloop.ts`) posts to `POST /api/collect`, one event per
 * request, as a `text/plain` JSON body. Keys are one or two letters because every byte of the
 * tracker counts against its 2 KB budget. The server validates every body with this schema and
 * drops (and counts) anything that does not parse.
 *
 * | key  | meaning                                                                                  |
 * |------|------------------------------------------------------------------------------------------|
 * | `n`  | event name: `pageview`, `engagement`, `Outbound Link: Click`, `File Download` or custom  |
 * | `u`  | page URL (http/https); fragment stripped unless hash mode, so tokens in `#...` stay out  |
 * | `d`  | site id, from the snippet's `data-site`                                                  |
 * | `r`  | referrer: `document.referrer` on a page load, the previous page URL after an SPA         |
 * |      | navigation, `null` when there is none                                                    |
 * | `t`  | `document.title` when sent; omitted on `engagement` (the pageview carries it)            |
 * | `w`  | viewport width in CSS pixels (`innerWidth`), for the device class                        |
 * | `h`  | `true` when the site routes by hash (`data-hash="true"`): the fragment of `u` is a path  |
 * | `p`  | properties: up to 30, key 1-64 chars, value a string (<= 256 chars), number or boolean   |
 * | `$`  | revenue: `a` amount (decimal, may be negative for refunds), `c` ISO 4217 currency code   |
 * | `e`  | engagement: visible milliseconds on the page since the previous `engagement` event of   |
 * |      | that page (the server sums them); only on `engagement`, where it is required            |
 * | `sd` | maximum scroll depth reached on the page so far, percent 0-100 (the server keeps the max) |
 */

export const TRACKER_EVENT_NAMES = {
  pageview: 'pageview',
  engagement: 'engagement',
  outboundLink: 'Outbound Link: Click',
  fileDownload: 'File Download',
} as const;

export const TRACKER_LIMITS = {
  nameLength: 120,
  urlLength: 2048,
  siteIdLength: 128,
  titleLength: 512,
  viewportWidth: 100_000,
  propCount: 30,
  propKeyLength: 64,
  propValueLength: 256,
  revenueAmount: 1e12,
  // A tab left visible for a day is a forgotten tab, not engagement.
  engagementMs: 86_400_000,
} as const;

const httpUrl = z.url({ protocol: /^https?$/ }).max(TRACKER_LIMITS.urlLength);

export const trackerPropsSchema = z
  .record(
    z.string().min(1).max(TRACKER_LIMITS.propKeyLength),
    z.union([z.string().max(TRACKER_LIMITS.propValueLength), z.number(), z.boolean()]),
  )
  .refine((props) => Object.keys(props).length <= TRACKER_LIMITS.propCount, {
    message: `at most ${TRACKER_LIMITS.propCount} properties`,
  });

export const trackerRevenueSchema = z.object({
  a: z.number().min(-TRACKER_LIMITS.revenueAmount).max(TRACKER_LIMITS.revenueAmount),
  c: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 currency code, e.g. EUR'),
});

export const trackerEventSchema = z
  .object({
    n: z.string().min(1).max(TRACKER_LIMITS.nameLength),
    u: httpUrl,
    d: z.string().min(1).max(TRACKER_LIMITS.siteIdLength),
    r: z.string().max(TRACKER_LIMITS.urlLength).nullable(),
    t: z.string().max(TRACKER_LIMITS.titleLength).optional(),
    w: z.number().int().min(0).max(TRACKER_LIMITS.viewportWidth),
    h: z.boolean().optional(),
    p: trackerPropsSchema.optional(),
    $: trackerRevenueSchema.optional(),
    e: z.number().int().min(0).max(TRACKER_LIMITS.engagementMs).optional(),
    sd: z.number().int().min(0).max(100).optional(),
  })
  .refine((event) => event.n !== TRACKER_EVENT_NAMES.engagement || event.e !== undefined, {
    message: 'an engagement event needs e (engaged milliseconds)',
    path: ['e'],
  });

export type TrackerEvent = z.infer<typeof trackerEventSchema>;
export type TrackerProps = z.infer<typeof trackerPropsSchema>;
