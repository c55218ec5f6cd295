// The forecasting engine's public surface: pure functions, no I/O (the CLI lives in forecast.cli.ts).
export {
  adstockHalfLife,
  applyAdstock,
  convertDecay,
  geometricAdstock,
  weibullAdstock,
  weibullWeights,
} from './adstock';
export * from './allocation';
export * from './calibration';
export * from './channel-catalog';
export * from './effect-prediction';
export * from './errors';
export {
  checkDates,
  type HistoryColumns,
  type HistoryPeriod,
  type HistoryTable,
  parseHistoryCsv,
  SPEND_PREFIX,
} from './history';
export { createRandom, quantiles, type Random, sampleRange } from './random';
export * from './response-model';
export * from './saturation';
export * from './simulator';
