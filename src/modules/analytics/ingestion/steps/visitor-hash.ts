import { createHash, randomBytes } from 'node:crypto';

/** UTC calendar day `YYYY-MM-DD`: the unit of salt rotation. */
export const utcDay = (timestamp: number) => new Date(timestamp).toISOString().slice(0, 10);

const DAY_MS = 86_400_000;

export interface DailySalts {
  current: Uint8Array;
  /** Yesterday's salt, so a session running over midnight keeps its visitor. */
  previous: Uint8Array | null;
}

/**
 * Keeps one random salt per UTC day: creates today's on first use, keeps yesterday's, deletes
 * anything older, so a visitor hash cannot be recomputed after two days. Implementations persist
 * the salts (a restart must not split visitors) but expose them synchronously from memory.
 */
export interface SaltStore {
  saltsFor(day: string): DailySalts;
}

export class InMemorySaltStore implements SaltStore {
  private readonly salts = new Map<string, Uint8Array>();

  constructor(private readonly random: (bytes: number) => Uint8Array = randomBytes) {}

  saltsFor(day: string): DailySalts {
    let current = this.salts.get(day);
    if (!current) {
      current = this.random(32);
      this.salts.set(day, current);
      this.deleteBefore(previousDay(day));
    }
    return { current, previous: this.salts.get(previousDay(day)) ?? null };
  }

  /** Days whose salt is still held (for tests and the privacy page). */
  days(): string[] {
    return [...this.salts.keys()].sort();
  }

  private deleteBefore(day: string) {
    for (const key of this.salts.keys()) if (key < day) this.salts.delete(key);
  }
}

export const previousDay = (day: string) => utcDay(Date.parse(`${day}T00:00:00Z`) - DAY_MS);

/** 64 bits of sha256(salt, site, IP, user agent), as 16 hex chars; NUL separators keep fields apart. */
export function visitorHash(salt: Uint8Array, siteId: string, ip: string, userAgent: string): string {
  return createHash('sha256')
    .update(salt)
    .update(`\0${siteId}\0${ip}\0${userAgent}`)
    .digest('hex')
    .slice(0, 16);
}

export interface VisitorIds {
  current: string;
  previous: string | null;
}

/** Step 11: today's visitor id, and yesterday's for continuing a session across midnight. */
export function computeVisitorIds(
  salts: SaltStore,
  timestamp: number,
  siteId: string,
  ip: string,
  userAgent: string,
): VisitorIds {
  const { current, previous } = salts.saltsFor(utcDay(timestamp));
  return {
    current: visitorHash(current, siteId, ip, userAgent),
    previous: previous ? visitorHash(previous, siteId, ip, userAgent) : null,
  };
}
