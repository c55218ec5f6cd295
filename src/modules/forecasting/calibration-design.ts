import { meanSquaredError, type RidgeProblem, solveNonNegativeRidge } from './ridge';

/**
 * The regression behind calibration, kept incremental: columns are standardised on the fitting rows
 * and the Gram matrix is updated one column at a time, so trying a channel's next hyperparameters
 * costs one column, not a whole refit.
 */
export class RegressionDesign {
  readonly p: number;
  /** Rows used for fitting: from .. from + rows - 1 of the full series. */
  readonly rows: number;
  readonly from: number;
  readonly total: number;
  /** Raw (unstandardised) columns over the full series, column-major. */
  readonly raw: Float64Array;
  readonly z: Float64Array;
  readonly means: Float64Array;
  readonly scales: Float64Array;
  readonly problem: RidgeProblem;
  readonly coefficients: Float64Array;
  private yMean = 0;
  private yy = 0;
  private readonly yCentred: Float64Array;
  /** `ridge` penalises the coefficients of standardised columns; `nonNegative` marks media columns. */
  constructor(p: number, from: number, to: number, total: number, ridge: number, nonNegative: Uint8Array) {
    const rows = to - from;
    this.p = p;
    this.from = from;
    this.rows = rows;
    this.total = total;
    this.raw = new Float64Array(p * total);
    this.z = new Float64Array(p * rows);
    this.means = new Float64Array(p);
    this.scales = new Float64Array(p);
    const penalty = new Float64Array(p).fill(ridge);
    this.problem = { p, gram: new Float64Array(p * p), xty: new Float64Array(p), penalty, nonNegative };
    this.coefficients = new Float64Array(p);
    this.yCentred = new Float64Array(rows);
  }

  setOutcome(y: ArrayLike<number>) {
    const { from, rows } = this;
    let mean = 0;
    for (let t = 0; t < rows; t++) mean += y[from + t];
    mean /= rows;
    this.yMean = mean;
    let yy = 0;
    for (let t = 0; t < rows; t++) {
      this.yCentred[t] = y[from + t] - mean;
      yy += this.yCentred[t] ** 2;
    }
    this.yy = yy / this.rows;
    for (let j = 0; j < this.p; j++) this.updateXty(j);
  }

  get outcomeMean() {
    return this.yMean;
  }

  get outcomeVariance() {
    return this.yy;
  }

  private updateXty(j: number) {
    const { rows, z } = this;
    let sum = 0;
    const offset = j * rows;
    for (let t = 0; t < rows; t++) sum += z[offset + t] * this.yCentred[t];
    this.problem.xty[j] = sum / rows;
  }

  /** Replaces column j (values over the full series) and refreshes its row of the Gram matrix. */
  setColumn(j: number, values: ArrayLike<number>) {
    const { rows, total, p, z, raw, from } = this;
    for (let t = 0; t < total; t++) raw[j * total + t] = values[t];
    let mean = 0;
    for (let t = 0; t < rows; t++) mean += values[from + t];
    mean /= rows;
    let variance = 0;
    for (let t = 0; t < rows; t++) variance += (values[from + t] - mean) ** 2;
    const scale = Math.sqrt(variance / rows);
    this.means[j] = mean;
    this.scales[j] = scale;
    const offset = j * rows;
    // A column without variation gets zeros, so the solver pins its coefficient at zero.
    const inverse = scale > 1e-12 * (Math.abs(mean) + 1e-300) ? 1 / scale : 0;
    for (let t = 0; t < rows; t++) z[offset + t] = (values[from + t] - mean) * inverse;
    const { gram } = this.problem;
    for (let k = 0; k < p; k++) {
      let sum = 0;
      const other = k * rows;
      for (let t = 0; t < rows; t++) sum += z[offset + t] * z[other + t];
      gram[j * p + k] = sum / rows;
      gram[k * p + j] = sum / rows;
    }
    this.updateXty(j);
  }

  /** Fits the coefficients (warm-started from the last fit) and returns the mean squared error. */
  fit(): number {
    solveNonNegativeRidge(this.problem, this.coefficients);
    return meanSquaredError(this.problem, this.yy, this.coefficients);
  }

  /** The ridge term of the last fit, in the same units as the mean squared error. */
  penaltyTerm(): number {
    let total = 0;
    for (let j = 0; j < this.p; j++) total += this.problem.penalty[j] * this.coefficients[j] ** 2;
    return total;
  }

  /** Fitting-row residuals of the current coefficients into `out`; returns their mean square. */
  residuals(out: Float64Array): number {
    const { rows, p, z, coefficients } = this;
    out.set(this.yCentred);
    for (let j = 0; j < p; j++) {
      const b = coefficients[j];
      if (b === 0) continue;
      const offset = j * rows;
      for (let t = 0; t < rows; t++) out[t] -= b * z[offset + t];
    }
    let sum = 0;
    for (let t = 0; t < rows; t++) sum += out[t] * out[t];
    return sum / rows;
  }

  /** Coefficient of column j in the outcome's own units per unit of the raw column. */
  rawCoefficient(j: number): number {
    return this.scales[j] > 0 && this.coefficients[j] !== 0 ? this.coefficients[j] / this.scales[j] : 0;
  }

  /** Prediction for row t of the full series (fitting rows and beyond). */
  predict(t: number): number {
    let value = this.yMean;
    for (let j = 0; j < this.p; j++) {
      const beta = this.rawCoefficient(j);
      if (beta !== 0) value += beta * (this.raw[j * this.total + t] - this.means[j]);
    }
    return value;
  }
}
