import type { EventBatch, EventRow, EventStore, SessionRow } from '../../../platform/events/event-store';
import { decodeEvent, decodeSession, FRAME_HEADER_BYTES, type WalRecord } from './wal-format';

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

/**
 * A batch that also carries its rows as the log wrote them: newline-delimited JSON in the store's
 * column names (64-bit ids as decimal strings, lone surrogates as U+FFFD), one line per event and
 * one per visit. An engine that stages JSON (DuckDB's `read_json`) takes these bytes as they are;
 * `events` and `sessions` are decoded from them only when an engine reads them.
 */
export interface LoaderBatch extends EventBatch {
  jsonLines: { events: Buffer; sessions: Buffer };
}

/** The records' event lines (or session lines) copied into one buffer. */
function joinLines(records: readonly WalRecord[], sessions: boolean): Buffer {
  let bytes = 0;
  for (const r of records)
    bytes += sessions ? r.frame.length - r.sessionStart : r.sessionStart - FRAME_HEADER_BYTES;
  const out = Buffer.allocUnsafe(bytes);
  let at = 0;
  for (const r of records) {
    at += sessions
      ? r.frame.copy(out, at, r.sessionStart)
      : r.frame.copy(out, at, FRAME_HEADER_BYTES, r.sessionStart);
  }
  return out;
}

/** One batch from records in sequence order: every event, and the newest state of each visit. */
export function toBatch(records: readonly WalRecord[]): LoaderBatch {
  const newest = new Map<string, WalRecord>();
  for (const record of records) {
    const seen = newest.get(record.sessionId);
    if (!seen || seen.sessionVersion <= record.sessionVersion) newest.set(record.sessionId, record);
  }
  const visits = [...newest.values()];
  let events: EventRow[] | undefined;
  let sessions: SessionRow[] | undefined;
  return {
    lastWalSeq: records[records.length - 1].seq,
    jsonLines: { events: joinLines(records, false), sessions: joinLines(visits, true) },
    get events() {
      events ??= records.map(decodeEvent);
      return events;
    },
    get sessions() {
      sessions ??= visits.map(decodeSession);
      return sessions;
    },
  };
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

  /**
   * Loads one batch, then more only while whole batches wait. A partial tail waits for the next
   * tick: chasing it would load, under steady traffic, whatever arrived during the previous load
   * (a few hundred records) back to back, and the store's cost per batch, not per record, would
   * dominate (it tripled DuckDB's CPU per event in `npm run bench:ingest`).
   */
  private async drain() {
    do await this.loadOne();
    while (this.queue.length >= this.maxBatch);
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
