import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CalibrationStatus } from '../../shared/contracts/forecasting';
import type { CalibrationWorkerData, CalibrationWorkerMessage, FittedChannel } from './calibration.worker';
import type { CalibrationReportJson } from './fit-json';

export interface CalibrationJob {
  id: string;
  workspaceId: string;
  status: CalibrationStatus;
  stage: 'search' | 'bootstrap' | null;
  /** 0 to 1 over the whole calibration. */
  progress: number;
  outcome: string;
  controls: string[];
  seed: number;
  rows: number;
  channels: string[];
  createdById: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  report: CalibrationReportJson | null;
  fitted: FittedChannel[] | null;
  error: { code: string; message: string; row?: number; column?: string } | null;
}

interface Pending {
  job: CalibrationJob;
  csv: string;
  cancel: SharedArrayBuffer;
  worker: Worker | null;
}

/**
 * Where the worker's code is: next to this file when running from TypeScript source (tsx, vitest),
 * or `calibration-worker.js` beside the bundle (scripts/build-server.mjs builds it as an entry).
 */
function workerSpec(): { code: string | URL; eval: boolean } {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { code: new URL('./calibration-worker.js', here), eval: false };
  // Worker threads do not inherit tsx's loader; register it inside the worker, then load the source.
  const target = new URL('./calibration.worker.ts', here).href;
  const tsxRoot = path.dirname(createRequire(fileURLToPath(here)).resolve('tsx/package.json'));
  const esmApi = path.join(tsxRoot, 'dist/esm/api/index.mjs');
  const api = existsSync(esmApi) ? pathToFileURL(esmApi).href : 'tsx/esm/api';
  return {
    code: `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(target)}); });`,
    eval: true,
  };
}

export interface CalibrationJobsOptions {
  /** Jobs kept per workspace (finished ones are dropped oldest first). */
  keepPerWorkspace?: number;
  /** Calibrations running at once across the server; each takes a core for seconds. */
  concurrency?: number;
}

/**
 * Calibration jobs in memory: a queue, one worker thread per running job, the last jobs of each
 * workspace with their results. Nothing is persisted: a restart forgets jobs (see docs/forecasting.md).
 */
export class CalibrationJobs {
  private readonly jobs = new Map<string, Pending>();
  private readonly queue: Pending[] = [];
  private running = 0;
  private closed = false;
  private readonly keep: number;
  private readonly concurrency: number;

  constructor(options: CalibrationJobsOptions = {}) {
    this.keep = options.keepPerWorkspace ?? 20;
    this.concurrency = options.concurrency ?? 1;
  }

  submit(
    workspaceId: string,
    input: {
      csv: string;
      outcome: string;
      controls: string[];
      seed: number;
      rows: number;
      channels: string[];
      createdById: string | null;
    },
  ): CalibrationJob {
    const job: CalibrationJob = {
      id: randomUUID(),
      workspaceId,
      status: 'queued',
      stage: null,
      progress: 0,
      outcome: input.outcome,
      controls: input.controls,
      seed: input.seed,
      rows: input.rows,
      channels: input.channels,
      createdById: input.createdById,
      createdAt: new Date(),
      startedAt: null,
      finishedAt: null,
      report: null,
      fitted: null,
      error: null,
    };
    const pending: Pending = { job, csv: input.csv, cancel: new SharedArrayBuffer(4), worker: null };
    this.jobs.set(job.id, pending);
    this.queue.push(pending);
    this.prune(workspaceId);
    this.pump();
    return job;
  }

  get(workspaceId: string, id: string): CalibrationJob | null {
    const found = this.jobs.get(id);
    return found && found.job.workspaceId === workspaceId ? found.job : null;
  }

  list(workspaceId: string): CalibrationJob[] {
    return [...this.jobs.values()]
      .map((p) => p.job)
      .filter((job) => job.workspaceId === workspaceId)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  }

  /** Stops a queued or running job; finished jobs stay as they are. */
  cancel(workspaceId: string, id: string): CalibrationJob | null {
    const found = this.jobs.get(id);
    if (!found || found.job.workspaceId !== workspaceId) return null;
    const { job } = found;
    if (job.status === 'queued') {
      this.queue.splice(this.queue.indexOf(found), 1);
      this.finish(found, { status: 'cancelled' });
    } else if (job.status === 'running') {
      Atomics.store(new Int32Array(found.cancel), 0, 1);
    }
    return job;
  }

  /** Terminates running workers; called when the server shuts down. */
  async close(): Promise<void> {
    this.closed = true;
    const workers = [...this.jobs.values()].flatMap((p) => (p.worker ? [p.worker] : []));
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private prune(workspaceId: string) {
    const jobs = this.list(workspaceId);
    const finished = jobs.filter((j) => j.status !== 'queued' && j.status !== 'running');
    let excess = jobs.length - this.keep;
    for (const job of finished.reverse()) {
      if (excess <= 0) break;
      this.jobs.delete(job.id);
      excess--;
    }
  }

  private finish(pending: Pending, patch: Partial<CalibrationJob>) {
    Object.assign(pending.job, patch, { finishedAt: new Date() });
    pending.worker = null;
    pending.csv = '';
  }

  private pump() {
    while (!this.closed && this.running < this.concurrency && this.queue.length > 0) {
      const pending = this.queue.shift() as Pending;
      this.start(pending);
    }
  }

  private start(pending: Pending) {
    const { job } = pending;
    this.running++;
    job.status = 'running';
    job.startedAt = new Date();
    const data: CalibrationWorkerData = {
      csv: pending.csv,
      outcome: job.outcome,
      controls: job.controls,
      seed: job.seed,
      cancel: pending.cancel,
    };
    const spec = workerSpec();
    const worker = new Worker(spec.code, { eval: spec.eval, workerData: data });
    pending.worker = worker;
    let settled = false;
    const settle = (patch: Partial<CalibrationJob>) => {
      if (settled) return;
      settled = true;
      this.running--;
      this.finish(pending, patch);
      void worker.terminate();
      this.pump();
    };
    worker.on('message', (message: CalibrationWorkerMessage) => {
      if (message.type === 'progress') {
        job.stage = message.stage;
        job.progress = message.fraction;
      } else if (message.type === 'done') {
        settle({ status: 'done', progress: 1, report: message.report, fitted: message.fitted });
      } else {
        settle({ status: message.error.code === 'cancelled' ? 'cancelled' : 'failed', error: message.error });
      }
    });
    worker.on('error', (error) =>
      settle({
        status: 'failed',
        error: { code: 'calibration_failed', message: `the calibration worker crashed: ${error.message}` },
      }),
    );
    worker.on('exit', (code) => {
      if (!settled && !this.closed) {
        settle({
          status: 'failed',
          error: {
            code: 'calibration_failed',
            message: `the calibration worker stopped (exit code ${code})`,
          },
        });
      }
    });
  }
}
