import type { CalibrationResult } from './calibration';

/** Six significant digits: enough for any decision, short enough to read in JSON. */
export function round(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  return Number(value.toPrecision(6));
}

/** Machine-readable calibration: the shape `forecast allocate --curves` reads back. */
export function fitToJson(result: CalibrationResult) {
  return {
    outcome: result.outcome,
    period: result.period,
    rows: result.rows,
    first_date: result.firstDate,
    last_date: result.lastDate,
    fit: {
      r2: round(result.fit.r2),
      nrmse: round(result.fit.nrmse),
      holdout_mape: result.fit.holdoutMape === null ? null : round(result.fit.holdoutMape),
      training_rows: result.fit.trainingRows,
      holdout_rows: result.fit.holdoutRows,
    },
    base_share: round(result.baseShare),
    channels: result.channels.map((channel) => ({
      name: channel.name,
      roi: round(channel.roi),
      roi_low: channel.roiLow === null ? null : round(channel.roiLow),
      roi_high: channel.roiHigh === null ? null : round(channel.roiHigh),
      contribution_share: round(channel.contributionShare),
      spend_share: round(channel.spendShare),
      total_spend: round(channel.totalSpend),
      contribution: round(channel.contribution),
      marginal_roi: round(channel.marginalRoi),
      adstock:
        channel.adstock.type === 'geometric'
          ? {
              type: 'geometric',
              decay: round(channel.adstock.decay),
              half_life_periods: round(channel.halfLifePeriods),
            }
          : {
              type: 'weibull',
              shape: round(channel.adstock.shape),
              scale: round(channel.adstock.scale),
              max_lag: channel.adstock.maxLag,
              half_life_periods: round(channel.halfLifePeriods),
            },
      saturation: {
        type: 'hill',
        half_saturation: round(channel.saturation.halfSaturation),
        shape: round(channel.saturation.shape),
        max_response: round(channel.curve.scale),
      },
    })),
    notes: result.notes,
  };
}

/**
 * Everything the UI shows of a calibration: the `forecast fit --json` shape plus the decomposition
 * over time and each channel's response curve (outcome per period against spend per period).
 */
export function calibrationReportJson(result: CalibrationResult) {
  const series = (values: number[]) => values.map(round);
  const { decomposition } = result;
  return {
    ...fitToJson(result),
    decomposition: {
      dates: decomposition.dates,
      actual: series(decomposition.actual),
      fitted: series(decomposition.fitted),
      base: series(decomposition.base),
      controls: Object.fromEntries(Object.entries(decomposition.controls).map(([k, v]) => [k, series(v)])),
      channels: Object.fromEntries(Object.entries(decomposition.channels).map(([k, v]) => [k, series(v)])),
    },
    response_curves: result.channels.map((channel) => ({
      name: channel.name,
      spend: series(channel.responseCurve.spend),
      response: series(channel.responseCurve.response),
    })),
  };
}
export type CalibrationReportJson = ReturnType<typeof calibrationReportJson>;
