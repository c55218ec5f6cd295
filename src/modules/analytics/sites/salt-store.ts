import { randomBytes } from 'node:crypto';
import { type DailySalts, previousDay, type SaltStore, utcDay } from '../ingestion/steps/visitor-hash';
import type { SitesRepository } from './sites.repository';

/**
 * Daily visitor-hash salts kept in the app database (`daily_salts`) so a restart does not split
 * visitors, and in memory so the pipeline reads them synchronously. `prepare(now)` must be awaited
 * before ingesting (the collect endpoints do): it makes sure today's salt is stored, and storing a
 * new day's salt deletes every salt older than yesterday, so a visitor id cannot be recomputed
 * after two days.
 */
export class DbSaltStore implements SaltStore {
  private readonly salts = new Map<string, Uint8Array>();
  private readonly pending = new Map<string, Promise<void>>();
  private readonly ephemeral = new Map<string, Uint8Array>();

  constructor(
    private readonly repo: SitesRepository,
    private readonly random: (bytes: number) => Uint8Array = randomBytes,
  ) {}

  /** Loads the stored salts (today's and yesterday's at most). */
  async load(now = Date.now()) {
    const keep = previousDay(utcDay(now));
    for (const row of await this.repo.salts()) {
      if (row.day >= keep) this.salts.set(row.day, Buffer.from(row.salt, 'base64'));
    }
  }

  /** Resolves once today's salt is in memory and stored; immediate when it already is. */
  prepare(now: number): Promise<void> | undefined {
    const day = utcDay(now);
    if (this.salts.has(day)) return undefined;
    let pending = this.pending.get(day);
    if (!pending) {
      pending = this.create(day).finally(() => this.pending.delete(day));
      this.pending.set(day, pending);
    }
    return pending;
  }

  saltsFor(day: string): DailySalts {
    let current = this.salts.get(day);
    if (!current) {
      // Only reached for a day that was not prepared: an event time far from now (compatible
      // APIs may send one). Such a salt lives in memory only and is never stored.
      current = this.ephemeral.get(day);
      if (!current) {
        current = this.random(32);
        this.ephemeral.set(day, current);
        while (this.ephemeral.size > 8) this.ephemeral.delete(this.ephemeral.keys().next().value as string);
      }
    }
    const prev = previousDay(day);
    return { current, previous: this.salts.get(prev) ?? this.ephemeral.get(prev) ?? null };
  }

  /** Days whose salt is held in memory (for tests and the privacy note). */
  days(): string[] {
    return [...this.salts.keys()].sort();
  }

  private async create(day: string) {
    const proposed = Buffer.from(this.random(32)).toString('base64');
    const stored = await this.repo.claimSalt(day, proposed);
    const keep = previousDay(day);
    await this.repo.deleteSaltsBefore(keep);
    this.salts.set(day, Buffer.from(stored, 'base64'));
    for (const key of this.salts.keys()) if (key < keep) this.salts.delete(key);
    this.ephemeral.clear();
  }
}
