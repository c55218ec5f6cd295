import { isHostnameAllowed, normalizeHost } from './hostname-allow-list';

export interface TrafficSource {
  /** Host of the referring page without `www.`, null for none or a self-referral. */
  referrerHost: string | null;
  referrerPath: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmTerm: string | null;
  utmContent: string | null;
  /** An ad network's auto-tagging parameter (gclid, msclkid ...): the click was paid even without UTM. */
  adClickId: AdClickId | null;
}

export const AD_CLICK_IDS = ['gclid', 'gbraid', 'wbraid', 'dclid', 'msclkid', 'bd_vid', 'yclid'] as const;
export type AdClickId = (typeof AD_CLICK_IDS)[number];

const UTM_VALUE_LENGTH = 256;

function utm(params: URLSearchParams, key: string): string | null {
  const value = params.get(key)?.trim();
  return value ? value.slice(0, UTM_VALUE_LENGTH) : null;
}

/**
 * Step 7: the source of a visit from the referrer and the page URL's `utm_*` parameters. A referrer
 * on the page's own host (or any host the site lists) is internal navigation, not a source.
 */
export function parseTrafficSource(
  page: URL,
  referrer: string | null,
  siteHostnames: readonly string[],
): TrafficSource {
  let referrerHost: string | null = null;
  let referrerPath: string | null = null;
  if (referrer) {
    const ref = URL.parse(referrer);
    if (ref && (ref.protocol === 'http:' || ref.protocol === 'https:') && ref.hostname) {
      const host = normalizeHost(ref.hostname);
      const pageHost = normalizeHost(page.hostname);
      const self =
        host === pageHost || (siteHostnames.length > 0 && isHostnameAllowed(ref.hostname, siteHostnames));
      if (!self) {
        referrerHost = host;
        referrerPath = ref.pathname;
      }
    } else if (ref && ref.protocol === 'android-app:') {
      // Android apps refer as android-app://com.example.app/; the package name is the source.
      referrerHost = ref.hostname || null;
    }
  }
  // Most pages have no query: no URLSearchParams is made for them.
  if (page.search.length <= 1) {
    return {
      referrerHost,
      referrerPath,
      utmSource: null,
      utmMedium: null,
      utmCampaign: null,
      utmTerm: null,
      utmContent: null,
      adClickId: null,
    };
  }
  const params = page.searchParams;
  let adClickId: AdClickId | null = null;
  for (const id of AD_CLICK_IDS) {
    if (params.has(id)) {
      adClickId = id;
      break;
    }
  }
  return {
    referrerHost,
    referrerPath,
    utmSource: utm(params, 'utm_source'),
    utmMedium: utm(params, 'utm_medium'),
    utmCampaign: utm(params, 'utm_campaign'),
    utmTerm: utm(params, 'utm_term'),
    utmContent: utm(params, 'utm_content'),
    adClickId,
  };
}
