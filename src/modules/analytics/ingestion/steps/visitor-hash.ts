import { createHash, hash, randomBytes } from 'node:crypto';

const DAY_MS = 86_400_000;

// Nearly every event falls on the same day as the previous one: remember its bounds.
let lastDayStart = 0;
let lastDay = '1970-01-01';

/** UTC calendar day `YYYY-MM-DD`: the unit of salt rotation. */
export function utcDay(timestamp: number): string {
  if (timestamp >= lastDayStart && timestamp < lastDayStart + DAY_MS) return lastDay;
  const day = new Date(timestamp).toISOString().slice(0, 10);
  lastDayStart = timestamp - (((timestamp % DAY_MS) + DAY_MS) % DAY_MS);
  lastDay = day;
  return day;
}

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

let lastPreviousOf = '';
let lastPrevious = '';

/** The day before `day` (asked on every event: remembered). */
export function previousDay(day: string): string {
  if (day !== lastPreviousOf) {
    lastPrevious = new Date(Date.parse(`${day}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
    lastPreviousOf = day;
  }
  return lastPrevious;
}

// The hash input is assembled here: one-shot `crypto.hash` costs about a third less than a
// `createHash` object per event. Inputs that do not fit (a huge user agent) take the long way.
const scratch = Buffer.allocUnsafe(4096);

/** 64 bits of sha256(salt, site, IP, user agent), as 16 hex chars; NUL separators keep fields apart. */
export function visitorHash(salt: Uint8Array, siteId: string, ip: string, userAgent: string): string {
  const text = `\0${siteId}\0${ip}\0${userAgent}`;
  if (salt.length + text.length * 3 > scratch.length) {
    return createHash('sha256').update(salt).update(text).digest('hex').slice(0, 16);
  }
  scratch.set(salt, 0);
  const bytes = salt.length + scratch.write(text, salt.length);
  return hash('sha256', scratch.subarray(0, bytes), 'hex').slice(0, 16);
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
  // Yesterday's id is needed only when today's has no open visit: computed on first read.
  let previousId: string | null | undefined;
  return {
    current: visitorHash(current, siteId, ip, userAgent),
    get previous() {
      if (previousId === undefined)
        previousId = previous ? visitorHash(previous, siteId, ip, userAgent) : null;
      return previousId;
    },
  };
}
