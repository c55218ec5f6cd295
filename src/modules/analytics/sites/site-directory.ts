import { normalizeHost } from '../ingestion/steps/hostname-allow-list';
import type { SiteDirectory } from '../ingestion/steps/site-lookup';
import type { Site } from '../ingestion/types';
import type { SitesRepository } from './sites.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Entry<T> {
  value: T;
  expiresAt: number;
}

export interface SiteDirectoryOptions {
  /** How long a found site is trusted without asking again (changes made here invalidate at once). */
  ttlMs?: number;
  /** How long "no such site" is remembered, so a stream of forged ids costs one query per id. */
  missTtlMs?: number;
  /** Bound on cached entries; the oldest go first. */
  maxEntries?: number;
  now?: () => number;
}

/**
 * The pipeline's site lookup backed by the app database, cached in memory: the collect endpoints
 * look a site up on every event, the database is asked at most once per site per TTL. Ids that are
 * not UUIDs never reach the database; concurrent lookups of one id share one query.
 */
export class CachedSiteDirectory implements SiteDirectory {
  private readonly byId = new Map<string, Entry<Site | null>>();
  private readonly byDomain = new Map<string, Entry<string | null>>();
  private readonly pending = new Map<string, Promise<Site | null>>();
  private readonly ttlMs: number;
  private readonly missTtlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  /** Database round trips, for tests that prove the cache works. */
  queries = 0;

  constructor(
    private readonly repo: SitesRepository,
    opts: SiteDirectoryOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? 5 * 60_000;
    this.missTtlMs = opts.missTtlMs ?? 30_000;
    this.maxEntries = opts.maxEntries ?? 50_000;
    this.now = opts.now ?? Date.now;
  }

  findSite(siteId: string): Site | null | Promise<Site | null> {
    const id = siteId.toLowerCase();
    if (!UUID.test(id)) return null;
    const hit = this.byId.get(id);
    if (hit && hit.expiresAt > this.now()) return hit.value;
    const inFlight = this.pending.get(id);
    if (inFlight) return inFlight;
    const lookup = this.load(id).finally(() => this.pending.delete(id));
    this.pending.set(id, lookup);
    return lookup;
  }

  /**
   * A site id, or the id of the one site that lists `domain` as a hostname (Plausible callers send
   * their domain). Null when none or several sites list it.
   */
  async resolveDomain(domain: string): Promise<string | null> {
    const value = domain.trim().toLowerCase();
    if (UUID.test(value)) return value;
    const host = normalizeHost(value);
    if (!host || host.length > 253) return null;
    const hit = this.byDomain.get(host);
    if (hit && hit.expiresAt > this.now()) return hit.value;
    this.queries++;
    const rows = await this.repo.findIdsByHostname(host);
    const id = rows.length === 1 ? rows[0].id : null;
    this.remember(this.byDomain, host, id, id ? this.ttlMs : this.missTtlMs);
    return id;
  }

  /** Called whenever a site is created, changed or deleted in this process. */
  invalidate(siteId: string) {
    this.byId.delete(siteId.toLowerCase());
    // Hostname lists may have changed; the domain map is small and cheap to refill.
    this.byDomain.clear();
  }

  private async load(id: string): Promise<Site | null> {
    this.queries++;
    const row = await this.repo.findById(id);
    const site: Site | null = row
      ? { id: row.id, workspaceId: row.workspaceId, hostnames: [...row.hostnames] }
      : null;
    this.remember(this.byId, id, site, site ? this.ttlMs : this.missTtlMs);
    return site;
  }

  private remember<T>(map: Map<string, Entry<T>>, key: string, value: T, ttl: number) {
    map.delete(key);
    map.set(key, { value, expiresAt: this.now() + ttl });
    while (map.size > this.maxEntries) map.delete(map.keys().next().value as string);
  }
}
