import { adstockHalfLife } from './adstock';
import { RegressionDesign } from './calibration-design';
import {
  ChannelTransform,
  type ParameterSpace,
  parameterSpace,
  samplePosterior,
  searchHyperparameters,
} from './calibration-search';
import type { AdstockSpec } from './channel-catalog';
import { ForecastCancelledError, ForecastInputError } from './errors';
import { checkDates, type HistoryPeriod, type HistoryTable, isoDay } from './history';
import { createRandom, quantileSorted, type Random } from './random';
import { curveMarginal, curveValue, type HillCurve } from './saturation';

/** Levenberg-Marquardt steps per bootstrap replicate: enough to move the curves, cheap for 100 replicates. */
const BOOTSTRAP_ITERATIONS = 8;
/** Metropolis sweeps discarded while the chain's step sizes adapt. */
const POSTERIOR_BURN_IN = 100;
/** ROI intervals whose high end exceeds the low end by more than this get a note. */
const LOOSE_INTERVAL_RATIO = 1.5;
/** Metropolis sweeps kept by default (about 4,000 model evaluations with 10 channels). */
const POSTERIOR_SWEEPS = 300;

export interface CalibrationProgress {
  stage: 'search' | 'bootstrap';
  /** 0 to 1 within the stage. */
  fraction: number;
}

export interface CalibrationOptions {
  seed?: number;
  /** Share of the final rows held out to measure forecast error (default 0.1; 0 for none). */
  holdoutShare?: number;
  adstock?: 'geometric' | 'weibull';
  /** Ridge penalty on standardised coefficients (default 0.001). */
  ridge?: number;
  /** Weight of the hyperparameter prior (default 1; 0 turns it off). */
  priorWeight?: number;
  /** Random starting points of the hyperparameter search (default 3). */
  starts?: number;
  /**
   * Metropolis sweeps (one proposal per channel each) kept from a chain over the hyperparameters, started
   * at the search's peak (default 300; 0 for none). The chain widens the ROI intervals to how far a
   * channel's ROI can slide among nearly equal fits, and gives `pointEstimate: 'posteriorMedian'`.
   */
  posteriorSweeps?: number;
  /**
   * What ROI and curves are reported: the peak of the search's objective (default), or per channel the
   * chain's median ROI with the sampled curve closest to it (held-out benchmark: no more channels
   * within 20%, see docs/forecasting.md).
   */
  pointEstimate?: 'peak' | 'posteriorMedian';
  /** Bootstrap replicates for the ROI intervals (default 100; 0 skips intervals). */
  bootstrap?: number;
  /** Coverage of the ROI interval (default 0.9: the 5th to 95th percentile). */
  intervalLevel?: number;
  /** Yearly seasonality harmonics; default 3 when there is at least a year of data, else 0. */
  seasonalHarmonics?: number;
  trend?: boolean;
  onProgress?: (progress: CalibrationProgress) => void;
  shouldCancel?: () => boolean;
}

export interface ChannelCalibration {
  name: string;
  totalSpend: number;
  spendShare: number;
  /** Outcome attributed to the channel over the data's period. */
  contribution: number;
  /** Contribution as a share of the total outcome over the period. */
  contributionShare: number;
  /** Outcome per unit of spend over the data's period. */
  roi: number;
  roiLow: number | null;
  roiHigh: number | null;
  /** Outcome from one more unit of spend per period at the channel's average spend. */
  marginalRoi: number;
  /** Carryover in the data's periods (weeks or days). */
  adstock: AdstockSpec;
  halfLifePeriods: number;
  /** Hill saturation on carried-over spend per period. */
  saturation: { halfSaturation: number; shape: number };
  /** Steady-state response per period: what allocation and effect prediction use. */
  curve: HillCurve;
  responseCurve: { spend: number[]; response: number[] };
}

export interface Decomposition {
  dates: string[];
  actual: number[];
  fitted: number[];
  /** Intercept, trend and seasonality. */
  base: number[];
  controls: Record<string, number[]>;
  channels: Record<string, number[]>;
}

export interface CalibrationResult {
  outcome: string;
  period: HistoryPeriod;
  rows: number;
  firstDate: string;
  lastDate: string;
  fit: {
    r2: number;
    nrmse: number;
    /** Mean absolute percentage error (as a fraction) on the held-out final rows; null without holdout. */
    holdoutMape: number | null;
    trainingRows: number;
    holdoutRows: number;
  };
  channels: ChannelCalibration[];
  /** Share of the outcome that is base (intercept, trend, seasonality) and controls. */
  baseShare: number;
  decomposition: Decomposition;
  search: {
    seed: number;
    starts: number;
    evaluations: number;
    adstock: 'geometric' | 'weibull';
    ridge: number;
  };
  notes: string[];
}

function sumOf(values: ArrayLike<number>, from = 0, to = values.length) {
  let total = 0;
  for (let i = from; i < to; i++) total += values[i];
  return total;
}

function isConstant(values: ArrayLike<number>, from = 0, to = values.length) {
  for (let i = from + 1; i < to; i++) if (values[i] !== values[from]) return false;
  return true;
}

function checkSeries(values: ArrayLike<number>, rows: number, column: string, spend: boolean) {
  if (values.length !== rows) {
    throw new ForecastInputError(
      'ragged_row',
      `column ${column} has ${values.length} values for ${rows} dates`,
      { column },
    );
  }
  for (let t = 0; t < rows; t++) {
    const value = values[t];
    if (!Number.isFinite(value)) {
      throw new ForecastInputError(
        'invalid_number',
        `row ${t + 1}, column ${column}: ${value} is not a finite number`,
        {
          row: t + 1,
          column,
        },
      );
    }
    if (spend && value < 0) {
      throw new ForecastInputError(
        'negative_spend',
        `row ${t + 1}, column ${column}: negative spend ${value}`,
        {
          row: t + 1,
          column,
        },
      );
    }
  }
}

interface Resolved {
  period: HistoryPeriod;
  rows: number;
  trainingRows: number;
  /** First rows left out of the regression: their carryover from before the history is unknown. */
  warmUp: number;
  seed: number;
  starts: number;
  bootstrap: number;
  posteriorSweeps: number;
  pointEstimate: 'peak' | 'posteriorMedian';
  level: number;
  ridge: number;
  priorWeight: number;
  harmonics: number;
  trend: boolean;
  space: ParameterSpace;
  notes: string[];
}

function resolveOptions(history: HistoryTable, options: CalibrationOptions): Resolved {
  const rows = history.dates.length;
  const period = checkDates(history.dates);
  const integer = (value: number, name: string, min: number, max: number) => {
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new ForecastInputError(
        'invalid_option',
        `${name} must be an integer from ${min} to ${max}, got ${value}`,
      );
    }
    return value;
  };
  const seed = integer(options.seed ?? 1, 'seed', -(2 ** 31), 2 ** 32);
  const starts = integer(options.starts ?? 3, 'starts', 1, 50);
  const bootstrap = integer(options.bootstrap ?? 100, 'bootstrap', 0, 10_000);
  const posteriorSweeps = integer(options.posteriorSweeps ?? POSTERIOR_SWEEPS, 'posteriorSweeps', 0, 100_000);
  const pointEstimate = options.pointEstimate ?? 'peak';
  if (pointEstimate !== 'peak' && pointEstimate !== 'posteriorMedian') {
    throw new ForecastInputError(
      'invalid_option',
      `pointEstimate must be peak or posteriorMedian, got ${String(pointEstimate)}`,
    );
  }
  if (pointEstimate === 'posteriorMedian' && posteriorSweeps === 0) {
    throw new ForecastInputError('invalid_option', 'pointEstimate posteriorMedian needs posteriorSweeps > 0');
  }
  const holdoutShare = options.holdoutShare ?? 0.1;
  if (!(holdoutShare >= 0 && holdoutShare <= 0.5)) {
    throw new ForecastInputError(
      'invalid_option',
      `holdoutShare must be between 0 and 0.5, got ${holdoutShare}`,
    );
  }
  const level = options.intervalLevel ?? 0.9;
  if (!(level > 0 && level < 1)) {
    throw new ForecastInputError('invalid_option', `intervalLevel must be between 0 and 1, got ${level}`);
  }
  const priorWeight = options.priorWeight ?? 1;
  if (!(priorWeight >= 0 && Number.isFinite(priorWeight))) {
    throw new ForecastInputError(
      'invalid_option',
      `priorWeight must be a non-negative number, got ${priorWeight}`,
    );
  }
  const ridge = options.ridge ?? 1e-3;
  if (!(ridge >= 0 && Number.isFinite(ridge))) {
    throw new ForecastInputError('invalid_option', `ridge must be a non-negative number, got ${ridge}`);
  }
  const notes: string[] = [];
  const periodsPerYear = period === 'week' ? 365.25 / 7 : 365.25;
  const harmonics =
    options.seasonalHarmonics !== undefined
      ? integer(options.seasonalHarmonics, 'seasonalHarmonics', 0, 10)
      : rows >= periodsPerYear
        ? 3
        : 0;
  if (options.seasonalHarmonics === undefined && harmonics === 0) {
    notes.push('yearly seasonality left out: the history covers less than a year');
  }
  const holdout = holdoutShare > 0 ? Math.max(1, Math.round(rows * holdoutShare)) : 0;
  const trainingRows = rows - holdout;
  const channels = history.channels.length;
  if (channels === 0) throw new ForecastInputError('no_channels', 'the history has no spend columns');
  const names = new Set<string>();
  for (const channel of history.channels) {
    if (names.has(channel.name)) {
      throw new ForecastInputError('duplicate_column', `channel ${channel.name} appears twice`, {
        column: `spend_${channel.name}`,
      });
    }
    names.add(channel.name);
  }
  const space = parameterSpace(options.adstock ?? 'geometric', period);
  const baseColumns = ((options.trend ?? true) ? 1 : 0) + 2 * harmonics + (period === 'day' ? 6 : 0);
  const coefficients = 1 + baseColumns + history.controls.length + channels;
  const hyperparameters = channels * space.size;
  const warmUp = period === 'week' ? 6 : 28;
  const needed = warmUp + 2 * (coefficients + hyperparameters);
  if (trainingRows < needed) {
    throw new ForecastInputError(
      'too_few_rows',
      `too few rows: ${rows} rows (${trainingRows} for fitting after a ${holdout}-row holdout) for ${channels} channels and ${history.controls.length} controls; the model estimates ${coefficients + hyperparameters} numbers and needs at least ${needed} rows for fitting (twice that plus ${warmUp} warm-up rows)`,
    );
  }
  return {
    period,
    rows,
    trainingRows,
    warmUp,
    seed,
    starts,
    bootstrap,
    posteriorSweeps,
    pointEstimate,
    level,
    ridge,
    priorWeight,
    harmonics,
    trend: options.trend ?? true,
    space,
    notes,
  };
}

function validateHistory(history: HistoryTable, resolved: Resolved) {
  const { rows, trainingRows } = resolved;
  checkSeries(history.outcome.values, rows, history.outcome.name, false);
  if (isConstant(history.outcome.values)) {
    throw new ForecastInputError('constant_column', `the outcome ${history.outcome.name} never varies`, {
      column: history.outcome.name,
    });
  }
  for (const channel of history.channels) {
    const column = `spend_${channel.name}`;
    checkSeries(channel.spend, rows, column, true);
    if (isConstant(channel.spend)) {
      throw new ForecastInputError(
        'constant_column',
        `column ${column} never varies (always ${channel.spend[0]}): its effect cannot be told apart from the base`,
        { column },
      );
    }
    if (isConstant(channel.spend, resolved.warmUp, trainingRows)) {
      throw new ForecastInputError(
        'constant_column',
        `column ${column} does not vary before the holdout stretch (the last ${rows - trainingRows} rows), so it cannot be fitted`,
        { column },
      );
    }
  }
  for (const control of history.controls) {
    checkSeries(control.values, rows, control.name, false);
    if (isConstant(control.values, resolved.warmUp, trainingRows)) {
      throw new ForecastInputError(
        'constant_column',
        `control ${control.name} never varies in the fitting rows`,
        {
          column: control.name,
        },
      );
    }
  }
}

function baseColumns(history: HistoryTable, resolved: Resolved): { name: string; values: Float64Array }[] {
  const { rows, harmonics, period } = resolved;
  const days = history.dates.map((date) => isoDay(date) as number);
  const columns: { name: string; values: Float64Array }[] = [];
  if (resolved.trend)
    columns.push({ name: 'trend', values: Float64Array.from({ length: rows }, (_, t) => t / rows) });
  for (let k = 1; k <= harmonics; k++) {
    const angle = (t: number) => (2 * Math.PI * k * days[t]) / 365.25;
    columns.push({
      name: `season_sin${k}`,
      values: Float64Array.from({ length: rows }, (_, t) => Math.sin(angle(t))),
    });
    columns.push({
      name: `season_cos${k}`,
      values: Float64Array.from({ length: rows }, (_, t) => Math.cos(angle(t))),
    });
  }
  if (period === 'day') {
    // 1970-01-01 was a Thursday; Monday is the reference day.
    for (let weekday = 1; weekday < 7; weekday++) {
      columns.push({
        name: `weekday${weekday}`,
        values: Float64Array.from({ length: rows }, (_, t) => ((days[t] + 3) % 7 === weekday ? 1 : 0)),
      });
    }
  }
  return columns;
}

/**
 * The checks calibrate() runs before any fitting (dates, numbers, rows per estimated value, columns
 * that never vary), so a caller can refuse bad input at once instead of failing a queued job later.
 */
export function checkCalibrationInput(history: HistoryTable, options: CalibrationOptions = {}): void {
  validateHistory(history, resolveOptions(history, options));
}

/**
 * Calibrates a marketing mix model from history: per channel, carryover (adstock) then diminishing
 * returns (Hill) feed a ridge regression with non-negative media effects, next to trend, seasonality
 * and controls. Hyperparameters come from a seeded search (random starts, channel-by-channel grid
 * sweeps, then Levenberg-Marquardt on all channels); ROI intervals from a block bootstrap of the
 * residuals in which every replicate re-estimates the hyperparameters. Pure: data in, report out.
 */
export function calibrate(history: HistoryTable, options: CalibrationOptions = {}): CalibrationResult {
  const resolved = resolveOptions(history, options);
  validateHistory(history, resolved);
  const { rows, trainingRows, space, notes } = resolved;
  const random = createRandom(resolved.seed);
  const cancelled = () => {
    if (options.shouldCancel?.()) throw new ForecastCancelledError();
  };
  const base = baseColumns(history, resolved);
  const controls = history.controls;
  const channelCount = history.channels.length;
  const firstChannel = base.length + controls.length;
  const p = firstChannel + channelCount;
  const nonNegative = new Uint8Array(p);
  for (let j = firstChannel; j < p; j++) nonNegative[j] = 1;
  const transforms = history.channels.map((channel) => new ChannelTransform(channel.spend, space));
  const y = history.outcome.values;

  /** A regression over rows warm-up .. `to` with the base and control columns in place. */
  const newDesign = (to: number, params?: Float64Array[]) => {
    const design = new RegressionDesign(p, resolved.warmUp, to, rows, resolved.ridge, nonNegative);
    for (let j = 0; j < base.length; j++) design.setColumn(j, base[j].values);
    for (let j = 0; j < controls.length; j++) design.setColumn(base.length + j, controls[j].values);
    if (params) {
      for (let c = 0; c < channelCount; c++)
        design.setColumn(firstChannel + c, transforms[c].column(params[c]));
    }
    design.setOutcome(y);
    return design;
  };

  const design = newDesign(trainingRows);

  const search = searchHyperparameters({
    design,
    transforms,
    space,
    firstChannel,
    random,
    starts: resolved.starts,
    priorWeight: resolved.priorWeight,
    checkCancelled: cancelled,
    report: (fraction) => options.onProgress?.({ stage: 'search', fraction: Math.min(1, fraction) }),
  });

  // Forecast error on the held-out final stretch, from the fit on the rows before it.
  let holdoutMape: number | null = null;
  if (trainingRows < rows) {
    let total = 0;
    let counted = 0;
    for (let t = trainingRows; t < rows; t++) {
      if (y[t] !== 0) {
        total += Math.abs(y[t] - design.predict(t)) / Math.abs(y[t]);
        counted++;
      }
    }
    holdoutMape = counted > 0 ? total / counted : null;
    if (counted < rows - trainingRows) notes.push('holdout error skips rows where the outcome is 0');
  }

  // The holdout has served; polish the hyperparameters and fit the coefficients on all rows.
  const full = newDesign(rows);
  const polished =
    trainingRows < rows
      ? searchHyperparameters({
          design: full,
          transforms,
          space,
          firstChannel,
          random,
          starts: 1,
          initial: search.params,
          priorWeight: resolved.priorWeight,
          checkCancelled: cancelled,
          report: () => {},
        })
      : search;
  // The data often pin down a channel's response within its observed (adstocked) spend but not below
  // it (an always-on channel never shows zero spend; a flighted one with long carryover rarely does),
  // so its level, and ROI, can slide along a ridge of nearly equal fit; the peak sits wherever noise
  // and the prior put it. A Metropolis chain from the peak samples the hyperparameters (coefficients
  // profiled out): its ROI quantiles show how far the ROI can slide, and optionally its median is the
  // estimate (with the sampled curve and coefficient whose ROI is closest to it).
  const chosen: { params: Float64Array[]; betas: number[] } = { params: [], betas: [] };
  let posteriorRange: { low: number; high: number }[] | null = null;
  const median = resolved.pointEstimate === 'posteriorMedian';
  if (resolved.posteriorSweeps > 0 && (median || resolved.bootstrap > 0)) {
    const chain = samplePosterior({
      design: full,
      transforms,
      space,
      firstChannel,
      random,
      initial: polished.params,
      priorWeight: resolved.priorWeight,
      burnIn: POSTERIOR_BURN_IN,
      sweeps: resolved.posteriorSweeps,
      checkCancelled: cancelled,
      report: () => {},
    });
    const tail = (1 - resolved.level) / 2;
    posteriorRange = [];
    for (let c = 0; c < channelCount; c++) {
      const values = chain.contributions[c];
      const sorted = Float64Array.from(values).sort();
      const spend = sumOf(history.channels[c].spend);
      posteriorRange.push({
        low: spend > 0 ? quantileSorted(sorted, tail) / spend : 0,
        high: spend > 0 ? quantileSorted(sorted, 1 - tail) / spend : 0,
      });
      if (!median) continue;
      const middle = quantileSorted(sorted, 0.5);
      let pick = 0;
      for (let i = 1; i < values.length; i++) {
        if (Math.abs(values[i] - middle) < Math.abs(values[pick] - middle)) pick = i;
      }
      const params = chain.draws[c].slice(pick * space.size, (pick + 1) * space.size);
      const media = sumOf(transforms[c].column(params));
      chosen.params.push(params);
      chosen.betas.push(media > 0 ? values[pick] / media : 0);
    }
  }
  if (!median) {
    for (let c = 0; c < channelCount; c++)
      full.setColumn(firstChannel + c, transforms[c].column(polished.params[c]));
    full.fit();
    for (let c = 0; c < channelCount; c++) {
      chosen.params.push(polished.params[c]);
      chosen.betas.push(full.rawCoefficient(firstChannel + c));
    }
  }
  const best = { ...polished, params: chosen.params };
  const betas = chosen.betas;
  const mediaColumns = best.params.map((params, c) => transforms[c].column(params).slice());
  // Base and controls are refitted with the channels' contributions held as they are (for the peak this
  // is the joint fit again), so the decomposition adds up to the fitted values.
  const media = new Float64Array(rows);
  for (let c = 0; c < channelCount; c++) {
    for (let t = 0; t < rows; t++) media[t] += betas[c] * mediaColumns[c][t];
  }
  const zeros = new Float64Array(rows);
  for (let c = 0; c < channelCount; c++) full.setColumn(firstChannel + c, zeros);
  full.setOutcome(Float64Array.from(y, (value, t) => value - media[t]));
  full.fit();

  const fitted = Array.from({ length: rows }, (_, t) => full.predict(t) + media[t]);
  // Fit statistics cover the rows the regression saw (after the warm-up).
  const { warmUp } = resolved;
  const mean = sumOf(y, warmUp) / (rows - warmUp);
  let sse = 0;
  let sst = 0;
  let yMin = Number.POSITIVE_INFINITY;
  let yMax = Number.NEGATIVE_INFINITY;
  for (let t = warmUp; t < rows; t++) {
    sse += (y[t] - fitted[t]) ** 2;
    sst += (y[t] - mean) ** 2;
    yMin = Math.min(yMin, y[t]);
    yMax = Math.max(yMax, y[t]);
  }
  const r2 = 1 - sse / sst;
  const nrmse = Math.sqrt(sse / (rows - warmUp)) / (yMax - yMin);

  const roiOf = (c: number) => {
    const spend = sumOf(history.channels[c].spend);
    return spend > 0 ? (betas[c] * sumOf(mediaColumns[c])) / spend : 0;
  };

  // The bootstrap measures what noise does to a fit near the reported curves; the chain measures how far
  // along the ridge of equal fit the ROI can slide. The interval covers both.
  const intervals = bootstrapRoi()?.map((interval, c) =>
    posteriorRange
      ? {
          low: Math.min(interval.low, posteriorRange[c].low),
          high: Math.max(interval.high, posteriorRange[c].high),
        }
      : interval,
  );

  /**
   * Moving-block bootstrap of the residuals. Each replicate re-estimates the hyperparameters (a short
   * Levenberg-Marquardt run from the fitted ones) along with the coefficients, so the interval carries
   * the uncertainty of the curves' shapes, not only of their heights.
   */
  function bootstrapRoi(): { low: number; high: number }[] | null {
    if (resolved.bootstrap === 0) return null;
    const fitRows = rows - warmUp;
    // Fitted residuals understate the noise by the parameters spent on them; scale them back up.
    const spent = p + 1 + channelCount * space.size;
    const inflation = Math.sqrt(fitRows / Math.max(1, fitRows - spent));
    const residuals = Float64Array.from({ length: rows }, (_, t) => (y[t] - fitted[t]) * inflation);
    const block = Math.max(2, Math.round(Math.cbrt(fitRows)));
    const design = newDesign(rows, best.params);
    const spends = history.channels.map((channel) => sumOf(channel.spend));
    const draws = history.channels.map(() => new Float64Array(resolved.bootstrap));
    const replicate = new Float64Array(rows);
    const bootRandom: Random = createRandom(resolved.seed + 7919);
    for (let b = 0; b < resolved.bootstrap; b++) {
      cancelled();
      options.onProgress?.({ stage: 'bootstrap', fraction: b / resolved.bootstrap });
      for (let t = warmUp; t < rows; ) {
        const from = warmUp + Math.floor(bootRandom.next() * (fitRows - block + 1));
        for (let i = 0; i < block && t < rows; i++, t++) replicate[t] = fitted[t] + residuals[from + i];
      }
      design.setOutcome(replicate);
      const refit = searchHyperparameters({
        design,
        transforms,
        space,
        firstChannel,
        random: bootRandom,
        starts: 1,
        initial: best.params,
        iterations: BOOTSTRAP_ITERATIONS,
        priorWeight: resolved.priorWeight,
        checkCancelled: cancelled,
        report: () => {},
      });
      for (let c = 0; c < channelCount; c++) {
        const media = sumOf(transforms[c].column(refit.params[c]));
        draws[c][b] = spends[c] > 0 ? (design.rawCoefficient(firstChannel + c) * media) / spends[c] : 0;
      }
    }
    options.onProgress?.({ stage: 'bootstrap', fraction: 1 });
    const tail = (1 - resolved.level) / 2;
    return draws.map((values) => {
      const sorted = values.sort();
      return { low: quantileSorted(sorted, tail), high: quantileSorted(sorted, 1 - tail) };
    });
  }

  const totalOutcome = sumOf(y);
  const totalSpend = history.channels.reduce((total, channel) => total + sumOf(channel.spend), 0);
  const decomposition: Decomposition = {
    dates: history.dates.slice(),
    actual: Array.from(y),
    fitted,
    base: Array.from({ length: rows }, () => full.outcomeMean),
    controls: {},
    channels: {},
  };
  // Media and controls are reported as beta * value, so their means move into the base.
  for (let j = 0; j < p; j++) {
    const beta = full.rawCoefficient(j);
    if (beta === 0) continue;
    for (let t = 0; t < rows; t++) {
      decomposition.base[t] +=
        j < base.length ? beta * (full.raw[j * rows + t] - full.means[j]) : -beta * full.means[j];
    }
  }
  controls.forEach((control, i) => {
    const beta = full.rawCoefficient(base.length + i);
    decomposition.controls[control.name] = Array.from(control.values, (v) => beta * v);
  });

  const channels: ChannelCalibration[] = history.channels.map((channel, c) => {
    const params = best.params[c];
    const beta = betas[c];
    const contributions = Array.from(mediaColumns[c], (v) => beta * v);
    decomposition.channels[channel.name] = contributions;
    const contribution = sumOf(contributions);
    const spend = sumOf(channel.spend);
    const adstock = space.adstockSpec(params);
    const halfSaturation = transforms[c].halfSaturation(params);
    const shape = params[space.adstockSize + 1];
    const curve: HillCurve = { scale: beta, halfSaturation, shape };
    const maxSpend = Math.max(...channel.spend);
    const responseSpend = Array.from({ length: 21 }, (_, i) => (2 * maxSpend * i) / 20);
    if (space.adstock === 'geometric' && params[0] >= space.upper[0] - 1e-6) {
      notes.push(`channel ${channel.name}: adstock decay at the top of its range (${space.upper[0]})`);
    }
    if (beta === 0) notes.push(`channel ${channel.name}: no measurable effect (coefficient held at zero)`);
    // An interval whose ends are more than 1.5 times apart holds no value within 20% of both ends.
    const interval = intervals?.[c];
    if (interval && beta > 0 && interval.high > LOOSE_INTERVAL_RATIO * interval.low) {
      notes.push(
        `channel ${channel.name}: the data pin its ROI down only loosely (${Math.round(100 * resolved.level)}% interval ${interval.low.toPrecision(2)} to ${interval.high.toPrecision(2)}); pauses or flights in its spend would measure it`,
      );
    }
    return {
      name: channel.name,
      totalSpend: spend,
      spendShare: totalSpend > 0 ? spend / totalSpend : 0,
      contribution,
      contributionShare: totalOutcome !== 0 ? contribution / totalOutcome : 0,
      roi: roiOf(c),
      roiLow: intervals ? intervals[c].low : null,
      roiHigh: intervals ? intervals[c].high : null,
      marginalRoi: curveMarginal(curve, spend / rows),
      adstock,
      halfLifePeriods: adstockHalfLife(adstock),
      saturation: { halfSaturation, shape },
      curve,
      responseCurve: { spend: responseSpend, response: responseSpend.map((x) => curveValue(curve, x)) },
    };
  });
  const mediaShare = channels.reduce((total, channel) => total + channel.contributionShare, 0);
  return {
    outcome: history.outcome.name,
    period: resolved.period,
    rows,
    firstDate: history.dates[0],
    lastDate: history.dates[rows - 1],
    fit: { r2, nrmse, holdoutMape, trainingRows, holdoutRows: rows - trainingRows },
    channels,
    baseShare: 1 - mediaShare,
    decomposition,
    search: {
      seed: resolved.seed,
      starts: resolved.starts,
      evaluations: search.evaluations + (polished === search ? 0 : polished.evaluations),
      adstock: space.adstock,
      ridge: resolved.ridge,
    },
    notes,
  };
}
