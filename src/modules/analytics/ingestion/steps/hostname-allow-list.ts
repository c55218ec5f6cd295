import { drop, pass, type StepResult } from '../types';

/** Lower case, no trailing dot, no leading `www.`: how people write a site's domain. */
export function normalizeHost(host: string): string {
  let h = host.toLowerCase();
  if (h.endsWith('.')) h = h.slice(0, -1);
  return h.startsWith('www.') ? h.slice(4) : h;
}

/**
 * True when `hostname` is listed: `example.com` matches it and `www.example.com`; `*.example.com`
 * matches every subdomain at any depth but not the apex (list both to allow both). An empty list
 * allows every hostname, so a freshly created site counts before its owner configures it.
 */
export function isHostnameAllowed(hostname: string, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  const host = normalizeHost(hostname);
  for (const entry of allowed) {
    const rule = entry.trim().toLowerCase();
    if (rule.startsWith('*.')) {
      const apex = normalizeHost(rule.slice(2));
      // Compare with the dot so `badexample.com` is not a subdomain of `example.com`.
      if (host.endsWith(`.${apex}`) || hostname.toLowerCase().endsWith(`.${apex}`)) return true;
    } else if (host === normalizeHost(rule)) {
      return true;
    }
  }
  return false;
}

/** Step 5: events from hosts the owner did not list (copied snippets, scrapers, staging) are dropped. */
export function checkHostname(hostname: string, allowed: readonly string[]): StepResult<string> {
  return isHostnameAllowed(hostname, allowed)
    ? pass(normalizeHost(hostname))
    : drop('hostname_not_allowed', hostname);
}
