import type { EventBatch, EventStore, SessionRow } from '../../../platform/events/event-store';
import type { WalRecord } from './wal-format';

export interface LoaderOptions {
  /** Load at least this often while records wait. */
  intervalMs?: number;
  /** Load as soon as this many records wait, and never more in one batch. */
  maxBatch?: number;
  /** After each loaded batch: the WAL deletes segments at or below `lastWalSeq`. */
  onLoaded?: (lastWalSeq: number) => void;
  onError?: (err: unknown) => void;
}

export interface LoaderStats {
  batches: number;
  events: number;
  failures: number;
}

/** One batch from records in sequence order: every event, and the newest state of each visit. */
export function toBatch(records: readonly WalRecord[]): EventBatch {
  const sessions = new Map<bigint, SessionRow>();
  const events = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const { event, session } = records[i];
    events[i] = event;
    const seen = sessions.get(session.sessionId);
    if (!seen || seen.version <= session.version) sessions.set(session.sessionId, session);
  }
  return { events, sessions: [...sessions.values()], lastWalSeq: records[records.length - 1].seq };
}

/**
 * Moves durable WAL records into the event store in batches (every `intervalMs` or `maxBatch`
 * records, whichever comes first), one batch at a time and in sequence order, so the store's
 * loaded position is always a prefix of the log. A failed batch stays queued and is retried.
 */
export class WalLoader {
  readonly stats: LoaderStats = { batches: 0, events: 0, failures: 0 };
  private queue: WalRecord[] = [];
  private loading: Promise<void> | null = null;
  private timer: NodeJS.Timeout | undefined;
  private readonly intervalMs: number;
  private readonly maxBatch: number;

  constructor(
    private readonly store: EventStore,
    private readonly opts: LoaderOptions = {},
  ) {
    this.intervalMs = opts.intervalMs ?? 1000;
    this.maxBatch = opts.maxBatch ?? 5000;
  }

  /** Records waiting to be loaded. */
  get backlog() {
    return this.queue.length;
  }

  start() {
    this.timer = setInterval(() => this.kick(), this.intervalMs);
    this.timer.unref();
  }

  /** Takes durable records (in sequence order). */
  add(records: readonly WalRecord[]) {
    for (const record of records) this.queue.push(record);
    if (this.queue.length >= this.maxBatch) this.kick();
  }

  /** Loads everything queued now; rejects if the store refuses a batch. */
  async flush() {
    for (;;) {
      while (this.loading) await this.loading.catch(() => {});
      if (this.queue.length === 0) return;
      this.loading = this.drain().finally(() => {
        this.loading = null;
      });
      await this.loading;
    }
  }

  /** Stops the timer and loads what is left (before the store closes). */
  async close() {
    clearInterval(this.timer);
    await this.flush();
  }

  private kick() {
    if (this.loading || this.queue.length === 0) return;
    this.loading = this.drain()
      .catch(() => {
        // Reported through onError; the timer retries.
      })
      .finally(() => {
        this.loading = null;
      });
  }

  private async drain() {
    while (this.queue.length > 0) await this.loadOne();
  }

  private async loadOne() {
    const records = this.queue.slice(0, this.maxBatch);
    const batch = toBatch(records);
    try {
      await this.store.appendBatch(batch);
    } catch (err) {
      this.stats.failures++;
      this.opts.onError?.(err);
      throw err;
    }
    this.queue.splice(0, records.length);
    this.stats.batches++;
    this.stats.events += records.length;
    this.opts.onLoaded?.(batch.lastWalSeq);
  }
}
