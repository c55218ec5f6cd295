import type { DropReason } from './types';

export type DropCounts = Partial<Record<DropReason, number>>;

/**
 * Drops per site and reason, in memory, for the `/sites/:id/drops` report. Drops before the site
 * is known (bad bodies, unknown site ids) go to one unattributed bucket: keying them by the claimed
 * site id would let anyone grow this map without bound.
 */
export class DropCounter {
  private readonly bySite = new Map<string, DropCounts>();
  private readonly unattributedCounts: DropCounts = {};

  count(siteId: string | null, reason: DropReason) {
    let counts = this.unattributedCounts;
    if (siteId !== null) {
      counts = this.bySite.get(siteId) ?? {};
      this.bySite.set(siteId, counts);
    }
    counts[reason] = (counts[reason] ?? 0) + 1;
  }

  forSite(siteId: string): DropCounts {
    return { ...this.bySite.get(siteId) };
  }

  unattributed(): DropCounts {
    return { ...this.unattributedCounts };
  }

  total(): number {
    let sum = 0;
    for (const counts of [this.unattributedCounts, ...this.bySite.values()]) {
      for (const n of Object.values(counts)) sum += n;
    }
    return sum;
  }
}
