import path from 'node:path';
import type { EventStore } from '../../../platform/events/event-store';
import { DropCounter } from '../ingestion/drop-counter';
import {
  createIngestionPipeline,
  type Dropped,
  type IngestionPipeline,
  type IngestRequest,
  type IngestResult,
} from '../ingestion/pipeline';
import { type GeoLookup, loadGeoDatabase } from '../ingestion/steps/geo-country';
import { SESSION_TIMEOUT_MS, SessionTracker } from '../ingestion/steps/sessionize';
import { CachedChannelRuleSource } from '../sites/channel-rule-source';
import { DbSaltStore } from '../sites/salt-store';
import { CachedSiteDirectory } from '../sites/site-directory';
import type { SitesRepository } from '../sites/sites.repository';
import { WalLoader } from '../wal/wal-loader';
import { WriteAheadLog } from '../wal/write-ahead-log';
import { sessionFromRow, toRows } from './rows';

export interface IngestionLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface IngestionOptions {
  dataDir: string;
  eventStore: EventStore;
  repo: SitesRepository;
  log?: IngestionLog;
  geo?: GeoLookup;
  loader?: { intervalMs?: number; maxBatch?: number };
  segmentBytes?: number;
}

/**
 * What an endpoint answers from: the event is durable, or why it was dropped. Deliberately not the
 * pipeline's whole result: a request waits for the fsync (tens of ms under load), and what its
 * callback holds that long outlives the young generation and costs the GC.
 */
export type AcceptOutcome = { ok: true } | Dropped;
const ACCEPTED: AcceptOutcome = Object.freeze({ ok: true });

// The country table takes ~170 ms to load; one copy serves every app in the process (tests start several).
let sharedGeo: GeoLookup | undefined;

/**
 * The running ingestion: pipeline (with its database-backed site directory, salts and channel
 * rules), the write-ahead log and its loader into the event store. `start` replays what the log
 * holds beyond the store's loaded position and restores open visits before anything is accepted.
 */
export class IngestionService {
  readonly startedAt = new Date();

  private constructor(
    readonly pipeline: IngestionPipeline,
    readonly directory: CachedSiteDirectory,
    readonly salts: DbSaltStore,
    readonly channelRules: CachedChannelRuleSource,
    readonly wal: WriteAheadLog,
    readonly loader: WalLoader,
    private readonly eventStore: EventStore,
    private readonly sweepTimer: NodeJS.Timeout,
    /** Records replayed from the log at start. */
    readonly replayed: number,
  ) {}

  get drops(): DropCounter {
    return this.pipeline.drops;
  }

  static async start(opts: IngestionOptions): Promise<IngestionService> {
    const { eventStore, repo, log } = opts;
    const directory = new CachedSiteDirectory(repo);
    const salts = new DbSaltStore(repo);
    await salts.load();
    const channelRules = new CachedChannelRuleSource(repo);
    await channelRules.load();
    channelRules.startRefresh(60_000, (err) => log?.error({ err }, 'channel rules refresh failed'));
    sharedGeo ??= opts.geo ?? loadGeoDatabase();
    const sessions = new SessionTracker();
    const pipeline = createIngestionPipeline({
      sites: directory,
      salts,
      geo: opts.geo ?? sharedGeo,
      sessions,
      channelRules,
      drops: new DropCounter(),
    });

    const loadedSeq = await eventStore.loadedWalSeq();
    let wal: WriteAheadLog | undefined;
    const loader = new WalLoader(eventStore, {
      ...opts.loader,
      onLoaded: (seq) => wal?.release(seq),
      onError: (err) => log?.error({ err }, 'loading events into the event store failed; will retry'),
    });
    const opened = WriteAheadLog.open({
      dir: path.join(opts.dataDir, 'wal'),
      minSeq: loadedSeq,
      segmentBytes: opts.segmentBytes,
      onCommit: (records) => loader.add(records),
      onError: (err) => log?.error({ err }, 'a loaded write-ahead-log segment could not be deleted'),
    });
    wal = opened.wal;
    // Exactly once: the store records the highest sequence it holds in the same transaction as the
    // batch, so everything above it is missing and everything at or below it is there.
    const replay = opened.records.filter((r) => r.seq > loadedSeq);
    if (replay.length > 0) {
      loader.add(replay);
      await loader.flush();
    }
    wal.release(Math.max(loadedSeq, replay.at(-1)?.seq ?? 0));
    if (replay.length > 0 || opened.tornBytes > 0) {
      log?.info(
        { replayed: replay.length, tornBytes: opened.tornBytes, loadedSeq },
        'analytics write-ahead log replayed',
      );
    }

    // Visits still open before the restart continue instead of starting over.
    const now = Date.now();
    for (const row of await eventStore.recentSessions(now - SESSION_TIMEOUT_MS)) {
      sessions.restore(sessionFromRow(row));
    }
    const sweepTimer = setInterval(() => sessions.sweep(Date.now()), 60_000);
    sweepTimer.unref();
    loader.start();
    return new IngestionService(
      pipeline,
      directory,
      salts,
      channelRules,
      wal,
      loader,
      eventStore,
      sweepTimer,
      replay.length,
    );
  }

  /**
   * Runs one request through the pipeline and, when accepted, resolves only after its record is
   * durable in the write-ahead log. Rejects when the log cannot be written (nothing acknowledged).
   */
  accept(request: IngestRequest): Promise<AcceptOutcome> {
    return new Promise((resolve, reject) => {
      this.acceptThen(request, (err, outcome) => (err ? reject(err) : resolve(outcome!)));
    });
  }

  /**
   * `accept` with a callback: for a known site and a prepared salt, no promise is made per request
   * (promises are dear in this process: better-auth's AsyncLocalStorage turns on promise hooks).
   * `done(err)` when the log cannot be written; `done(null, outcome)` otherwise.
   */
  acceptThen(request: IngestRequest, done: (err: unknown, outcome?: AcceptOutcome) => void): void {
    const ready = this.salts.prepare(request.receivedAt);
    if (ready) {
      ready.then(() => this.ingestThen(request, done), done);
      return;
    }
    this.ingestThen(request, done);
  }

  private ingestThen(request: IngestRequest, done: (err: unknown, outcome?: AcceptOutcome) => void) {
    let result: IngestResult | Promise<IngestResult>;
    try {
      result = this.pipeline.ingestNow(request);
    } catch (err) {
      done(err);
      return;
    }
    if (result instanceof Promise) result.then((r) => this.logThen(r, done), done);
    else this.logThen(result, done);
  }

  private logThen(result: IngestResult, done: (err: unknown, outcome?: AcceptOutcome) => void) {
    if (!result.ok) {
      done(null, result);
      return;
    }
    this.wal.appendThen(toRows(result), (err) => (err ? done(err) : done(null, ACCEPTED)));
  }

  /** Loads what the log holds, then deletes a site's events from the store. */
  async deleteSiteEvents(siteId: string) {
    await this.wal.settle();
    await this.loader.flush();
    await this.eventStore.deleteSite(siteId);
  }

  /** Waits for durable writes, loads everything into the store; call before the store closes. */
  async close() {
    clearInterval(this.sweepTimer);
    this.channelRules.stop();
    await this.wal.close();
    await this.loader.close();
  }
}
