/**
 * Ridge regression with non-negative coefficients on chosen variables, solved on the Gram matrix
 * (p x p, row-major) by a Lawson-Hanson active set. p stays small (tens), so each solve is a few
 * Cholesky factorisations.
 */
export interface RidgeProblem {
  p: number;
  /** X'X / n of standardised columns. */
  gram: Float64Array;
  /** X'y / n. */
  xty: Float64Array;
  /** Ridge penalty per coefficient (on the standardised scale). */
  penalty: Float64Array;
  /** 1 where the coefficient must stay >= 0. */
  nonNegative: Uint8Array;
}

/** Solves A z = c restricted to the free variables; false when the system is singular. */
function solveSubset(problem: RidgeProblem, free: number[], z: Float64Array, work: Float64Array): boolean {
  const m = free.length;
  const { gram, xty, penalty, p } = problem;
  // work holds the Cholesky factor L (m x m) followed by the right-hand side.
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = gram[free[i] * p + free[j]] + (i === j ? penalty[free[i]] : 0);
      for (let k = 0; k < j; k++) sum -= work[i * m + k] * work[j * m + k];
      if (i === j) {
        if (sum <= 1e-14) return false;
        work[i * m + i] = Math.sqrt(sum);
      } else {
        work[i * m + j] = sum / work[j * m + j];
      }
    }
  }
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let sum = xty[free[i]];
    for (let k = 0; k < i; k++) sum -= work[i * m + k] * y[k];
    y[i] = sum / work[i * m + i];
  }
  for (let i = m - 1; i >= 0; i--) {
    let sum = y[i];
    for (let k = i + 1; k < m; k++) sum -= work[k * m + i] * y[k];
    y[i] = sum / work[i * m + i];
  }
  z.fill(0);
  for (let i = 0; i < m; i++) z[free[i]] = y[i];
  return true;
}

/**
 * Minimises b'(G + diag(penalty))b / 2 - b'c subject to b_j >= 0 where required. `coefficients` is used
 * as a warm start (it must be feasible) and receives the solution.
 */
export function solveNonNegativeRidge(problem: RidgeProblem, coefficients: Float64Array): void {
  const { p, gram, xty, penalty, nonNegative } = problem;
  const b = coefficients;
  const free = new Uint8Array(p);
  for (let j = 0; j < p; j++) {
    if (!nonNegative[j]) free[j] = 1;
    else if (b[j] > 0) free[j] = 1;
    else b[j] = 0;
  }
  const z = new Float64Array(p);
  const work = new Float64Array(p * p);
  const gradient = (j: number) => {
    let sum = xty[j] - penalty[j] * b[j];
    for (let k = 0; k < p; k++) sum -= gram[j * p + k] * b[k];
    return sum;
  };
  for (let outer = 0; outer < 4 * p + 10; outer++) {
    for (let inner = 0; inner < p + 2; inner++) {
      const freeList: number[] = [];
      for (let j = 0; j < p; j++) if (free[j]) freeList.push(j);
      if (!solveSubset(problem, freeList, z, work)) {
        // A column with no variation: pin its coefficient at zero and retry.
        const constant = freeList.find((j) => gram[j * p + j] + penalty[j] <= 1e-14);
        if (constant === undefined) return;
        free[constant] = 0;
        b[constant] = 0;
        continue;
      }
      let step = 1;
      let blocking = -1;
      for (let j = 0; j < p; j++) {
        if (free[j] && nonNegative[j] && z[j] < 0) {
          const ratio = b[j] / (b[j] - z[j]);
          if (ratio < step) {
            step = ratio;
            blocking = j;
          }
        }
      }
      for (let j = 0; j < p; j++) b[j] += step * (z[j] - b[j]);
      if (blocking < 0) break;
      for (let j = 0; j < p; j++) {
        if (free[j] && nonNegative[j] && b[j] <= 1e-15) {
          free[j] = 0;
          b[j] = 0;
        }
      }
    }
    let enter = -1;
    let steepest = 1e-12;
    for (let j = 0; j < p; j++) {
      if (!free[j] && gram[j * p + j] > 0) {
        const g = gradient(j);
        if (g > steepest) {
          steepest = g;
          enter = j;
        }
      }
    }
    if (enter < 0) return;
    free[enter] = 1;
  }
}

/** Residual sum of squares per row of a centred fit: y'y/n - 2 b'c + b'Gb. */
export function meanSquaredError(problem: RidgeProblem, yy: number, b: Float64Array): number {
  const { p, gram, xty } = problem;
  let error = yy;
  for (let j = 0; j < p; j++) {
    if (b[j] === 0) continue;
    error -= 2 * b[j] * xty[j];
    let row = 0;
    for (let k = 0; k < p; k++) row += gram[j * p + k] * b[k];
    error += b[j] * row;
  }
  return error;
}
