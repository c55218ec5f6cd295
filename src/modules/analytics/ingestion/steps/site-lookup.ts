import { drop, pass, type Site, type StepResult } from '../types';

/** Where the pipeline learns about sites; the implementation (a cached repository) owns the SQL. */
export interface SiteDirectory {
  findSite(siteId: string): Site | null | Promise<Site | null>;
}

/** Fixed sites for tests, benches and the replay tool. */
export class InMemorySiteDirectory implements SiteDirectory {
  private readonly sites = new Map<string, Site>();

  constructor(sites: Iterable<Site> = []) {
    for (const site of sites) this.sites.set(site.id, site);
  }

  set(site: Site) {
    this.sites.set(site.id, site);
  }

  findSite(siteId: string): Site | null {
    return this.sites.get(siteId) ?? null;
  }
}

export const siteResult = (site: Site | null, siteId: string): StepResult<Site> =>
  site ? pass(site) : drop('unknown_site', siteId);

/** Step 4: an event for a site nobody registered is noise (or a typo in data-site). */
export async function lookupSite(directory: SiteDirectory, siteId: string): Promise<StepResult<Site>> {
  return siteResult(await directory.findSite(siteId), siteId);
}
