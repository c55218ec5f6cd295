import {
  closeSync,
  constants,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  unlinkSync,
} from 'node:fs';
import { type FileHandle, open, unlink } from 'node:fs/promises';
import path from 'node:path';
import { decodeSegment, encodeRecord, type WalRecord, type WalRows } from './wal-format';

// Where the platform has no O_DSYNC (Windows), each group write is followed by fdatasync instead.
const O_DSYNC: number | undefined = constants.O_DSYNC;
const SEGMENT = /^(\d{16})\.wal$/;
const segmentName = (firstSeq: number) => `${String(firstSeq).padStart(16, '0')}.wal`;

interface Segment {
  file: string;
  firstSeq: number;
  /** Highest sequence number written to it (firstSeq - 1 while empty). */
  lastSeq: number;
  bytes: number;
}

export interface WalStats {
  /** Synchronous (O_DSYNC) group writes since open. */
  syncs: number;
  /** Records made durable since open. */
  records: number;
  /** Largest group written by one sync. */
  largestGroup: number;
}

export interface WalOptions {
  dir: string;
  /** A new segment starts once the current one is this big. */
  segmentBytes?: number;
  /** Called with each durable group, in sequence order (the loader takes them from here). */
  onCommit?: (records: WalRecord[]) => void;
  /** A loaded segment could not be deleted (it stays on disk; nothing is lost). */
  onError?: (err: unknown) => void;
}

export interface OpenedWal {
  wal: WriteAheadLog;
  /** Every whole record found on disk, in sequence order. */
  records: WalRecord[];
  /** Bytes of torn tails ignored (a crash mid-write). */
  tornBytes: number;
}

/**
 * Append-only log of accepted events in `DATA_DIR/wal/`: an event is acknowledged only after its
 * record is on disk: segments are opened with O_DSYNC, so a write returns once its data (and the
 * file size) is durable, as write + fdatasync would, in one call and one turn of the event loop
 * instead of two. Group commit: while one durable write is in flight, new records queue
 * and go to disk together in the next one, so one sync covers many requests under load.
 *
 * Segments are named after their first sequence number; every start opens a fresh segment (a torn
 * tail in an older one stays behind, unread past the tear). Segments whose records are all loaded
 * into the event store are deleted.
 */
export class WriteAheadLog {
  readonly stats: WalStats = { syncs: 0, records: 0, largestGroup: 0 };
  private nextSeq: number;
  private readonly segments: Segment[];
  private current: Segment | null = null;
  private handle: FileHandle | null = null;
  // The next group, as two parallel arrays: the records (handed to onCommit as they are) and
  // their callbacks (called once: null when durable, else the write error).
  private queue: WalRecord[] = [];
  private waiting: ((err: unknown, seq: number) => void)[] = [];
  private flushing: Promise<void> | null = null;
  private unlinking: Promise<void> = Promise.resolve();
  private broken = false;
  private closed = false;
  private readonly segmentBytes: number;

  private constructor(
    private readonly opts: WalOptions,
    segments: Segment[],
    highestSeq: number,
  ) {
    this.segments = segments;
    this.nextSeq = highestSeq + 1;
    this.segmentBytes = opts.segmentBytes ?? 64 * 1024 * 1024;
  }

  /**
   * Reads what is on disk and opens for appending after the highest sequence number seen or
   * `minSeq` (the store's loaded position: segments may already be gone).
   */
  static open(opts: WalOptions & { minSeq?: number }): OpenedWal {
    mkdirSync(opts.dir, { recursive: true });
    const files = readdirSync(opts.dir)
      .filter((f) => SEGMENT.test(f))
      .sort();
    const records: WalRecord[] = [];
    const segments: Segment[] = [];
    let tornBytes = 0;
    let highest = opts.minSeq ?? 0;
    for (const file of files) {
      const full = path.join(opts.dir, file);
      const decoded = decodeSegment(readFileSync(full));
      tornBytes += decoded.tornBytes;
      const firstSeq = Number(SEGMENT.exec(file)![1]);
      let lastSeq = firstSeq - 1;
      for (const record of decoded.records) {
        // Older segments may overlap a newer one only through corruption; keep strictly increasing.
        if (record.seq <= (records.at(-1)?.seq ?? 0)) continue;
        records.push(record);
        lastSeq = record.seq;
      }
      if (lastSeq > highest) highest = lastSeq;
      // Nothing whole in it (created just before a crash): it holds nothing to keep, and its name
      // may be the one the next segment gets.
      if (lastSeq < firstSeq) unlinkSync(full);
      else segments.push({ file: full, firstSeq, lastSeq, bytes: 0 });
    }
    return { wal: new WriteAheadLog(opts, segments, highest), records, tornBytes };
  }

  /** The sequence number the next record gets. */
  get next() {
    return this.nextSeq;
  }

  /** Segment files currently on disk (for tests and the docs' figures). */
  segmentFiles(): string[] {
    return this.segments.map((s) => path.basename(s.file));
  }

  /**
   * Assigns the record's sequence number and resolves once it is durable. Records reach the disk
   * (and `onCommit`) in sequence order.
   */
  append(rows: WalRows): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.appendThen(rows, (err, seq) => (err ? reject(err) : resolve(seq)));
    });
  }

  /**
   * `append` with a callback instead of a promise (the collect endpoints' hot path): `done(null,
   * seq)` once the record is durable, `done(err, seq)` when it could not be written.
   */
  appendThen(rows: WalRows, done: (err: unknown, seq: number) => void): void {
    if (this.closed) {
      done(new Error('write-ahead log is closed'), 0);
      return;
    }
    rows.event.walSeq = this.nextSeq++;
    this.queue.push(encodeRecord(rows));
    this.waiting.push(done);
    // Wait for the current turn of the event loop so requests parsed together share one sync.
    if (!this.flushing)
      this.flushing = new Promise<void>((resolve) => setImmediate(() => this.drain().then(resolve)));
  }

  /**
   * Deletes the segments whose records are all at or below `loadedSeq` (never the open one). The
   * files go in the background (unlinking 64 MiB takes the kernel milliseconds, too long for the
   * event loop); `released()` waits for them. A segment that cannot be deleted is reported to
   * `onError` and stays on disk, harmless: a start skips records at or below the store's position.
   */
  release(loadedSeq: number) {
    while (this.segments.length > 0) {
      const oldest = this.segments[0];
      if (oldest === this.current || oldest.lastSeq > loadedSeq) break;
      this.segments.shift();
      this.unlinking = this.unlinking.then(() =>
        unlink(oldest.file).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'ENOENT') this.opts.onError?.(err);
        }),
      );
    }
  }

  /** Resolves once the segments released so far are deleted (or failed to be). */
  released(): Promise<void> {
    return this.unlinking;
  }

  /** Resolves once every record appended so far is durable (or failed). */
  async settle() {
    while (this.flushing) await this.flushing;
  }

  /** Waits for queued records to be durable, then closes the file. */
  async close() {
    if (this.closed) return;
    while (this.flushing) await this.flushing;
    this.closed = true;
    await this.unlinking;
    await this.handle?.close();
    this.handle = null;
  }

  private async drain() {
    while (this.queue.length > 0) {
      const group = this.queue;
      const waiting = this.waiting;
      this.queue = [];
      this.waiting = [];
      try {
        const handle = await this.writable(group[0].seq);
        const buffer = group.length === 1 ? group[0].frame : concatFrames(group);
        let written = 0;
        while (written < buffer.length) {
          const { bytesWritten } = await handle.write(buffer, written, buffer.length - written);
          written += bytesWritten;
        }
        if (O_DSYNC === undefined) await handle.datasync();
        const segment = this.current!;
        segment.bytes += buffer.length;
        segment.lastSeq = group[group.length - 1].seq;
        this.stats.syncs++;
        this.stats.records += group.length;
        if (group.length > this.stats.largestGroup) this.stats.largestGroup = group.length;
        this.opts.onCommit?.(group);
        for (let i = 0; i < group.length; i++) waiting[i](null, group[i].seq);
      } catch (err) {
        // The file may now end in a partial frame: continue in a fresh segment so later records
        // are never written behind a tear the reader would stop at.
        this.broken = true;
        for (let i = 0; i < group.length; i++) waiting[i](err, group[i].seq);
      }
    }
    this.flushing = null;
  }

  private async writable(firstSeq: number): Promise<FileHandle> {
    const current = this.current;
    if (this.handle && current && !this.broken && current.bytes < this.segmentBytes) return this.handle;
    if (this.handle) {
      await this.handle.close().catch(() => {});
      this.handle = null;
    }
    const file = path.join(this.opts.dir, segmentName(firstSeq));
    const handle = await open(
      file,
      constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | (O_DSYNC ?? 0),
    );
    // The new file's directory entry must survive a crash too.
    const dir = openSync(this.opts.dir, 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
    this.handle = handle;
    this.broken = false;
    this.current = { file, firstSeq, lastSeq: firstSeq - 1, bytes: 0 };
    this.segments.push(this.current);
    return handle;
  }
}

function concatFrames(group: readonly WalRecord[]): Buffer {
  let bytes = 0;
  for (const record of group) bytes += record.frame.length;
  const buffer = Buffer.allocUnsafe(bytes);
  let at = 0;
  for (const record of group) at += record.frame.copy(buffer, at);
  return buffer;
}
