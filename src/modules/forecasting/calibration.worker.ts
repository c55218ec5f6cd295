// Runs one calibration off the main thread: the server keeps answering while the search and the
// bootstrap use a core. Messages: progress (throttled), then exactly one of done or failed.
import { parentPort, workerData } from 'node:worker_threads';
import { calibrate } from './calibration';
import type { AdstockSpec } from './channel-catalog';
import { ForecastCancelledError, ForecastInputError } from './errors';
import { calibrationReportJson } from './fit-json';
import { parseHistoryCsv } from './history';

export interface CalibrationWorkerData {
  csv: string;
  outcome: string;
  controls: string[];
  seed: number;
  /** Int32 flag set to 1 by the main thread to cancel; polled by the engine between steps. */
  cancel: SharedArrayBuffer;
}

export type CalibrationWorkerMessage =
  | { type: 'progress'; stage: 'search' | 'bootstrap'; fraction: number }
  | { type: 'done'; report: ReturnType<typeof calibrationReportJson>; fitted: FittedChannel[] }
  | { type: 'failed'; error: { code: string; message: string; row?: number; column?: string } };

/** A channel's fit in the history's period, kept so plans can use it (see monthlyCalibratedResponse). */
export interface FittedChannel {
  name: string;
  roi: number;
  roiLow: number | null;
  roiHigh: number | null;
  curve: { scale: number; halfSaturation: number; shape: number };
  adstock: AdstockSpec;
}

function run(data: CalibrationWorkerData) {
  const port = parentPort;
  if (!port) return;
  const flag = new Int32Array(data.cancel);
  let lastSent = -1;
  try {
    const history = parseHistoryCsv(data.csv, { outcome: data.outcome, controls: data.controls });
    const result = calibrate(history, {
      seed: data.seed,
      shouldCancel: () => Atomics.load(flag, 0) === 1,
      onProgress: ({ stage, fraction }) => {
        // The search is about half the work, the bootstrap the other half.
        const overall = stage === 'search' ? fraction * 0.5 : 0.5 + fraction * 0.5;
        const percent = Math.floor(overall * 100);
        if (percent === lastSent) return;
        lastSent = percent;
        port.postMessage({ type: 'progress', stage, fraction: overall } satisfies CalibrationWorkerMessage);
      },
    });
    const fitted: FittedChannel[] = result.channels.map((channel) => ({
      name: channel.name,
      roi: channel.roi,
      roiLow: channel.roiLow,
      roiHigh: channel.roiHigh,
      curve: channel.curve,
      adstock: channel.adstock,
    }));
    port.postMessage({
      type: 'done',
      report: calibrationReportJson(result),
      fitted,
    } satisfies CalibrationWorkerMessage);
  } catch (error) {
    const e = error as Partial<ForecastInputError> & Error;
    const known = error instanceof ForecastInputError || error instanceof ForecastCancelledError;
    port.postMessage({
      type: 'failed',
      error: {
        code:
          error instanceof ForecastCancelledError
            ? 'cancelled'
            : known
              ? String(e.code)
              : 'calibration_failed',
        message: known ? e.message : `unexpected error: ${e.message ?? String(error)}`,
        ...(e.row !== undefined ? { row: e.row } : {}),
        ...(e.column !== undefined ? { column: e.column } : {}),
      },
    } satisfies CalibrationWorkerMessage);
  }
}

run(workerData as CalibrationWorkerData);
