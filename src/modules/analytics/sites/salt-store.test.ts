import { describe, expect, it } from 'vitest';
import { DbSaltStore } from './salt-store';
import type { SitesRepository } from './sites.repository';

/** The table as a map: enough to check what the store asks the database to keep and delete. */
function fakeRepo(rows: Record<string, string> = {}) {
  const table = new Map(Object.entries(rows));
  const repo = {
    salts: async () => [...table].map(([day, salt]) => ({ day, salt })),
    claimSalt: async (day: string, salt: string) => {
      if (!table.has(day)) table.set(day, salt);
      return table.get(day)!;
    },
    deleteSaltsBefore: async (day: string) => {
      for (const key of [...table.keys()]) if (key < day) table.delete(key);
    },
  };
  return { repo: repo as unknown as SitesRepository, table };
}

const at = (day: string) => Date.parse(`${day}T12:00:00Z`);
let counter = 0;
const random = (n: number) => new Uint8Array(n).fill(++counter);

describe('DbSaltStore', () => {
  it("stores today's salt before use and deletes salts older than yesterday", async () => {
    const { repo, table } = fakeRepo({ '2026-03-01': Buffer.alloc(32, 9).toString('base64') });
    const store = new DbSaltStore(repo, random);
    await store.load(at('2026-03-02'));
    expect(store.days()).toEqual(['2026-03-01']);
    await store.prepare(at('2026-03-02'));
    expect([...table.keys()].sort()).toEqual(['2026-03-01', '2026-03-02']);
    const salts = store.saltsFor('2026-03-02');
    expect(Buffer.from(salts.previous!)).toEqual(Buffer.alloc(32, 9));
    expect(Buffer.from(salts.current).toString('base64')).toBe(table.get('2026-03-02'));
    // Already prepared: nothing to wait for.
    expect(store.prepare(at('2026-03-02'))).toBeUndefined();

    await store.prepare(at('2026-03-04'));
    expect([...table.keys()].sort()).toEqual(['2026-03-04']);
    expect(store.days()).toEqual(['2026-03-04']);
    expect(store.saltsFor('2026-03-04').previous).toBeNull();
  });

  it('uses the salt another process stored first, and survives a restart', async () => {
    const { repo, table } = fakeRepo({ '2026-03-02': Buffer.alloc(32, 7).toString('base64') });
    const store = new DbSaltStore(repo, random);
    await store.prepare(at('2026-03-02'));
    expect(Buffer.from(store.saltsFor('2026-03-02').current)).toEqual(Buffer.alloc(32, 7));
    const restarted = new DbSaltStore(repo, random);
    await restarted.load(at('2026-03-02'));
    expect(restarted.prepare(at('2026-03-02'))).toBeUndefined();
    expect(restarted.saltsFor('2026-03-02').current).toEqual(store.saltsFor('2026-03-02').current);
    expect(table.size).toBe(1);
  });

  it('never stores a salt for a day far from now (it stays in memory only)', async () => {
    const { repo, table } = fakeRepo();
    const store = new DbSaltStore(repo, random);
    await store.prepare(at('2026-03-10'));
    const old = store.saltsFor('2026-03-05');
    expect(old.current).toEqual(store.saltsFor('2026-03-05').current);
    expect([...table.keys()]).toEqual(['2026-03-10']);
  });
});
