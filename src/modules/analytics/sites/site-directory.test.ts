import { describe, expect, it } from 'vitest';
import { CachedSiteDirectory } from './site-directory';
import type { SitesRepository } from './sites.repository';

const ID = '11111111-2222-4333-8444-555555555555';
const OTHER = '11111111-2222-4333-8444-666666666666';

function fakeRepo() {
  const sites = new Map([[ID, { id: ID, workspaceId: 'w', hostnames: ['shop.example'] }]]);
  const calls: string[] = [];
  const repo = {
    findById: async (id: string) => {
      calls.push(id);
      return sites.get(id) ?? null;
    },
    findIdsByHostname: async (host: string) => {
      calls.push(host);
      return [...sites.values()].filter((s) => s.hostnames.includes(host)).map((s) => ({ id: s.id }));
    },
  };
  return { repo: repo as unknown as SitesRepository, calls, sites };
}

describe('CachedSiteDirectory', () => {
  it('asks the database once per site, shares concurrent lookups, and forgets on invalidate', async () => {
    const { repo, calls, sites } = fakeRepo();
    const directory = new CachedSiteDirectory(repo);
    const [a, b] = await Promise.all([directory.findSite(ID), directory.findSite(ID)]);
    expect(a).toEqual({ id: ID, workspaceId: 'w', hostnames: ['shop.example'] });
    expect(b).toBe(a);
    expect(directory.findSite(ID)).toBe(a); // synchronous from the cache
    expect(calls).toEqual([ID]);
    sites.set(ID, { id: ID, workspaceId: 'w', hostnames: ['new.example'] });
    directory.invalidate(ID);
    expect((await directory.findSite(ID))?.hostnames).toEqual(['new.example']);
    expect(calls).toEqual([ID, ID]);
  });

  it('remembers unknown ids briefly and never queries for ids that are not UUIDs', async () => {
    const { repo, calls } = fakeRepo();
    let now = 0;
    const directory = new CachedSiteDirectory(repo, { missTtlMs: 1000, now: () => now });
    expect(directory.findSite('site_1; drop table sites')).toBeNull();
    expect(await directory.findSite(OTHER)).toBeNull();
    expect(await directory.findSite(OTHER)).toBeNull();
    expect(calls).toEqual([OTHER]);
    now = 1500;
    await directory.findSite(OTHER);
    expect(calls).toEqual([OTHER, OTHER]);
  });

  it('bounds the cache', async () => {
    const { repo } = fakeRepo();
    const directory = new CachedSiteDirectory(repo, { maxEntries: 10 });
    for (let i = 0; i < 50; i++)
      await directory.findSite(`11111111-2222-4333-8444-${String(i).padStart(12, '0')}`);
    expect((directory as unknown as { byId: Map<string, unknown> }).byId.size).toBe(10);
  });

  it('resolves a Plausible domain to the one site that lists it', async () => {
    const { repo } = fakeRepo();
    const directory = new CachedSiteDirectory(repo);
    expect(await directory.resolveDomain('WWW.shop.example')).toBe(ID);
    expect(await directory.resolveDomain(ID.toUpperCase())).toBe(ID);
    expect(await directory.resolveDomain('nobody.example')).toBeNull();
  });
});
