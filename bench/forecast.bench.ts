/**
 * Forecasting engine benchmark: allocation speed and optimality, calibration speed, ROI recovery.
 * Run with `npm run bench:forecast`; prints readable tables, then one JSON line with every figure.
 */
import { applyAdstock } from '../src/modules/forecasting/adstock';
import { type AllocationChannel, allocateBudget } from '../src/modules/forecasting/allocation';
import { calibrate } from '../src/modules/forecasting/calibration';
import { RegressionDesign } from '../src/modules/forecasting/calibration-design';
import { CHANNEL_IDS } from '../src/modules/forecasting/channel-catalog';
import { predictEffects } from '../src/modules/forecasting/effect-prediction';
import { isoDay } from '../src/modules/forecasting/history';
import { createRandom, type Random } from '../src/modules/forecasting/random';
import { curveValue, type HillCurve, hill } from '../src/modules/forecasting/saturation';
import {
  type SimulatedHistory,
  type SpendPattern,
  simulateHistory,
} from '../src/modules/forecasting/simulator';

const quick = process.argv.includes('--quick');

/** `--name=value` flag, e.g. `--only=recovery --seeds=11,12,13 --channels=10 --bootstrap=0`. */
function flag(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}
const numbers = (value: string | undefined) => value?.split(',').map(Number);
/** Which parts to run: prediction, allocation, speed, recovery (default all). */
const only = flag('only')?.split(',');
const runs = (part: string) => !only || only.includes(part);
const detail = process.argv.includes('--detail');

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function percentile(values: number[], q: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

const fixed = (value: number, digits = 2) => value.toFixed(digits);

// ---------------------------------------------------------------------------------------------
// (1) Allocation for 20 channels against a slow reference search.

function randomChannels(random: Random, count: number, constrained: boolean): AllocationChannel[] {
  return Array.from({ length: count }, (_, i) => {
    const sShaped = random.next() < 0.5;
    const revenue: HillCurve = {
      scale: 20_000 + random.next() * 180_000,
      halfSaturation: 2000 + random.next() * 30_000,
      shape: sShaped ? 1.3 + random.next() * 2 : 0.6 + random.next() * 0.4,
    };
    const channel: AllocationChannel = { name: `channel_${i + 1}`, curves: { revenue } };
    if (constrained && i % 5 === 0) channel.min = 1000 + random.next() * 3000;
    if (constrained && i % 7 === 0) channel.max = 5000 + random.next() * 10_000;
    return channel;
  });
}

/**
 * The slow reference: many random starting splits, each improved by moving money between pairs of
 * channels with shrinking step sizes until no move helps.
 */
function referenceSearch(channels: AllocationChannel[], budget: number, starts: number, random: Random) {
  const n = channels.length;
  const curves = channels.map((c) => c.curves.revenue as HillCurve);
  const lo = channels.map((c) => c.min ?? 0);
  const hi = channels.map((c) => Math.min(c.max ?? budget, budget));
  const values = new Float64Array(n);
  let best = Number.NEGATIVE_INFINITY;
  for (let start = 0; start < starts; start++) {
    // Random split above the minimums, scaled into the maximums.
    const x = lo.slice();
    let rest = budget - lo.reduce((a, b) => a + b, 0);
    const weights = Array.from({ length: n }, () => random.next() ** 3);
    for (let pass = 0; pass < 20 && rest > 1e-9; pass++) {
      const open = weights.map((w, i) => (x[i] < hi[i] - 1e-12 ? w : 0));
      const total = open.reduce((a, b) => a + b, 0);
      if (total === 0) break;
      let used = 0;
      for (let i = 0; i < n; i++) {
        const add = Math.min(hi[i] - x[i], (rest * open[i]) / total);
        x[i] += add;
        used += add;
      }
      rest -= used;
    }
    for (let i = 0; i < n; i++) values[i] = curveValue(curves[i], x[i]);
    let current = values.reduce((a, b) => a + b, 0);
    for (let step = budget / 4; step > budget * 1e-7; step /= 2) {
      let improved = true;
      while (improved) {
        improved = false;
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            if (i === j) continue;
            const move = Math.min(step, x[j] - lo[j], hi[i] - x[i]);
            if (move <= 0) continue;
            const gainI = curveValue(curves[i], x[i] + move) - values[i];
            const lossJ = values[j] - curveValue(curves[j], x[j] - move);
            if (gainI - lossJ > 1e-12 * current) {
              x[i] += move;
              x[j] -= move;
              values[i] += gainI;
              values[j] -= lossJ;
              current += gainI - lossJ;
              improved = true;
            }
          }
        }
      }
    }
    best = Math.max(best, current);
  }
  return best;
}

function allocationBenchmark() {
  const random = createRandom(2024);
  const cases: { label: string; budget: number; constrained: boolean }[] = [
    { label: 'tight budget', budget: 40_000, constrained: false },
    { label: 'medium budget', budget: 150_000, constrained: false },
    { label: 'large budget', budget: 500_000, constrained: false },
    { label: 'medium, with min/max', budget: 150_000, constrained: true },
  ];
  const runs = quick ? 20 : 100;
  const starts = quick ? 20 : 100;
  const rows = cases.map((testCase) => {
    const channels = randomChannels(random, 20, testCase.constrained);
    const times: number[] = [];
    let result = allocateBudget(channels, { budget: testCase.budget, objective: 'revenue' });
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      result = allocateBudget(channels, { budget: testCase.budget, objective: 'revenue' });
      times.push(performance.now() - started);
    }
    if (result.status !== 'optimal') throw new Error(`allocation infeasible: ${result.reason}`);
    const referenceStarted = performance.now();
    const reference = referenceSearch(channels, testCase.budget, starts, random);
    const referenceMs = performance.now() - referenceStarted;
    return {
      case: testCase.label,
      sShaped: channels.filter((c) => (c.curves.revenue?.shape ?? 1) > 1).length,
      medianMs: median(times),
      p95Ms: percentile(times, 0.95),
      value: result.objectiveValue,
      reference,
      // Positive: the engine is below the reference; negative: the engine beat it.
      gap: (reference - result.objectiveValue) / reference,
      boundGap: (result.objectiveBound - result.objectiveValue) / result.objectiveValue,
      referenceMs,
      method: result.method,
    };
  });
  console.log(
    '(1) Budget allocation, 20 channels (objective: revenue), target < 20 ms and within 0.1% of the reference',
  );
  console.log(
    'case                   S-shaped  median ms  p95 ms  engine value     reference value  gap vs reference  proven gap  reference ms',
  );
  for (const row of rows) {
    console.log(
      `${row.case.padEnd(22)} ${String(row.sShaped).padStart(8)}  ${fixed(row.medianMs, 3).padStart(9)}  ${fixed(row.p95Ms, 3).padStart(6)}  ${fixed(row.value, 1).padStart(12)}  ${fixed(row.reference, 1).padStart(18)}  ${(100 * row.gap).toFixed(5).padStart(15)}%  ${(100 * row.boundGap).toExponential(1).padStart(9)}%  ${fixed(row.referenceMs, 0).padStart(12)}`,
    );
  }
  console.log('');
  return {
    channels: 20,
    runs_per_case: runs,
    reference_starts: starts,
    median_ms: median(rows.map((r) => r.medianMs)),
    worst_median_ms: Math.max(...rows.map((r) => r.medianMs)),
    worst_p95_ms: Math.max(...rows.map((r) => r.p95Ms)),
    worst_gap_vs_reference: Math.max(...rows.map((r) => r.gap)),
    worst_proven_gap: Math.max(...rows.map((r) => r.boundGap)),
    cases: rows.map((r) => ({
      case: r.case,
      median_ms: r.medianMs,
      p95_ms: r.p95Ms,
      gap_vs_reference: r.gap,
      proven_gap: r.boundGap,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// (2) Calibration speed on 3 years of weekly data with 10 channels.

function calibrationSpeedBenchmark() {
  const seeds = quick ? [1] : [1, 2, 3];
  const times = seeds.map((seed) => {
    const { history } = simulateHistory({ seed, channels: 10, noise: 0.03 });
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const result = calibrate(history, { seed: 1 });
    const ms = performance.now() - started;
    const cpu = process.cpuUsage(cpuStarted);
    // CPU time of this process: on a shared machine wall time also counts other processes' turns.
    return { ms, cpuMs: (cpu.user + cpu.system) / 1000, evaluations: result.search.evaluations };
  });
  console.log(
    '(2) Calibration, 156 weekly rows x 10 channels (search + 100 bootstrap refits), target < 10 s',
  );
  for (const [i, t] of times.entries()) {
    console.log(
      `seed ${seeds[i]}: ${fixed(t.ms / 1000, 2)} s (CPU ${fixed(t.cpuMs / 1000, 2)} s), ${t.evaluations} model evaluations in the search`,
    );
  }
  console.log('');
  return {
    rows: 156,
    channels: 10,
    bootstrap: 100,
    median_s: median(times.map((t) => t.ms / 1000)),
    max_s: Math.max(...times.map((t) => t.ms / 1000)),
    median_cpu_s: median(times.map((t) => t.cpuMs / 1000)),
  };
}

// ---------------------------------------------------------------------------------------------
// (3) ROI recovery on simulated histories.

/** ROI per channel when the true carryover and saturation are known: only the data's noise limits it. */
function oracleRoi(simulated: SimulatedHistory): number[] {
  const { history, truth } = simulated;
  const rows = history.dates.length;
  const days = history.dates.map((date) => isoDay(date) as number);
  const base: Float64Array[] = [Float64Array.from({ length: rows }, (_, t) => t / rows)];
  for (let k = 1; k <= 3; k++) {
    base.push(Float64Array.from(days, (d) => Math.sin((2 * Math.PI * k * d) / 365.25)));
    base.push(Float64Array.from(days, (d) => Math.cos((2 * Math.PI * k * d) / 365.25)));
  }
  const p = base.length + history.channels.length;
  const nonNegative = new Uint8Array(p);
  for (let j = base.length; j < p; j++) nonNegative[j] = 1;
  const design = new RegressionDesign(p, 6, rows, rows, 1e-3, nonNegative);
  base.forEach((column, j) => {
    design.setColumn(j, column);
  });
  const columns = history.channels.map((channel, c) => {
    const real = truth.channels[c];
    const initial = channel.spend.slice(0, 13).reduce((a, b) => a + b, 0) / 13;
    const adstocked = applyAdstock(channel.spend, { type: 'geometric', decay: real.decay }, initial);
    const column = Float64Array.from(adstocked, (v) => hill(v, real.halfSaturation, real.shape));
    design.setColumn(base.length + c, column);
    return column;
  });
  design.setOutcome(history.outcome.values);
  design.fit();
  return history.channels.map((channel, c) => {
    const media = columns[c].reduce((a, b) => a + b, 0);
    return (design.rawCoefficient(base.length + c) * media) / channel.spend.reduce((a, b) => a + b, 0);
  });
}

interface RecoveryRow {
  regime: string;
  noise: number;
  channels: number;
  counted: number;
  within: number;
  medianError: number;
  maxError: number;
  covered: number;
  oracleWithin: number;
  oracleMedianError: number;
  meanR2: number;
}

function recoveryBenchmark() {
  const regimes: { name: string; patterns: SpendPattern[] }[] = [
    { name: 'flights+campaigns', patterns: ['flighted', 'bursts'] },
    { name: 'mixed, always-on too', patterns: ['always_on', 'flighted', 'bursts'] },
  ];
  const noises = numbers(flag('noises')) ?? [0.01, 0.02, 0.05];
  const channelCounts = numbers(flag('channels')) ?? [3, 6, 10];
  const seeds = numbers(flag('seeds')) ?? (quick ? [1] : [1, 2, 3]);
  const bootstrap = Number(flag('bootstrap') ?? (quick ? 20 : 50));
  const regimeFilter = flag('regimes')?.split(',');
  // Metropolis sweeps of the chain behind the intervals (calibrate's default when not given; 0: none).
  const posteriorSweeps = flag('posterior') === undefined ? undefined : Number(flag('posterior'));
  const priorWeight = flag('prior-weight') === undefined ? undefined : Number(flag('prior-weight'));
  // `--estimate=median`: report the chain's median ROI instead of the peak's.
  const pointEstimate = flag('estimate') === 'median' ? ('posteriorMedian' as const) : undefined;
  const rows: RecoveryRow[] = [];
  const errorsByPattern: Record<string, number[]> = {};
  // Channels whose interval ends are more than 1.5 times apart (calibrate adds a note for them).
  const loose = { counted: 0, within: 0 };
  const tight = { counted: 0, within: 0 };
  let calibrationMs = 0;
  for (const regime of regimes) {
    if (regimeFilter && !regimeFilter.some((name) => regime.name.startsWith(name))) continue;
    for (const noise of noises) {
      for (const channels of channelCounts) {
        const errors: number[] = [];
        const oracleErrors: number[] = [];
        let covered = 0;
        let r2 = 0;
        for (const seed of seeds) {
          const simulated = simulateHistory({ seed, channels, noise, patterns: regime.patterns });
          const started = performance.now();
          const result = calibrate(simulated.history, {
            seed: 1,
            bootstrap,
            posteriorSweeps,
            priorWeight,
            pointEstimate,
          });
          calibrationMs += performance.now() - started;
          const oracle = oracleRoi(simulated);
          r2 += result.fit.r2 / seeds.length;
          result.channels.forEach((channel, i) => {
            const truth = simulated.truth.channels[i];
            if (truth.spendShare < 0.05) return;
            const error = Math.abs(channel.roi - truth.roi) / truth.roi;
            errors.push(error);
            if (detail && error > 0.2) {
              console.log(
                `  miss: ${regime.name} noise ${noise} seed ${seed} ${channel.name} (${truth.pattern}, ${(100 * truth.spendShare).toFixed(0)}% of spend): roi ${channel.roi.toFixed(2)} vs ${truth.roi.toFixed(2)}; decay ${channel.adstock.type === 'geometric' ? channel.adstock.decay.toFixed(2) : '-'} vs ${truth.decay.toFixed(2)}, k ${channel.saturation.halfSaturation.toFixed(0)} vs ${truth.halfSaturation.toFixed(0)}, shape ${channel.saturation.shape.toFixed(2)} vs ${truth.shape.toFixed(2)}; true curves ${oracle[i].toFixed(2)}`,
              );
            }
            oracleErrors.push(Math.abs(oracle[i] - truth.roi) / truth.roi);
            if ((channel.roiLow ?? Number.NaN) <= truth.roi && truth.roi <= (channel.roiHigh ?? Number.NaN))
              covered++;
            if (channel.roiLow !== null && channel.roiHigh !== null) {
              const group = channel.roiHigh > 1.5 * channel.roiLow ? loose : tight;
              group.counted++;
              if (error <= 0.2) group.within++;
            }
            if (regime.patterns.length === 3) {
              errorsByPattern[truth.pattern] = [...(errorsByPattern[truth.pattern] ?? []), error];
            }
          });
        }
        rows.push({
          regime: regime.name,
          noise,
          channels,
          counted: errors.length,
          within: errors.filter((e) => e <= 0.2).length,
          medianError: median(errors),
          maxError: Math.max(...errors),
          covered,
          oracleWithin: oracleErrors.filter((e) => e <= 0.2).length,
          oracleMedianError: median(oracleErrors),
          meanR2: r2,
        });
      }
    }
  }
  console.log(
    `(3) ROI recovery, 156 weekly rows, seeds ${seeds.join(', ')}, channels with >= 5% of spend (noise = sd as a share of the mean outcome)`,
  );
  console.log(
    'spend habits           noise  channels  mean R²  within 20%  median err  max err  90% interval covers  | true curves known: within 20%  median err',
  );
  for (const row of rows) {
    console.log(
      `${row.regime.padEnd(22)} ${`${(row.noise * 100).toFixed(0)}%`.padStart(5)}  ${String(row.channels).padStart(8)}  ${fixed(row.meanR2, 3).padStart(7)}  ${`${row.within}/${row.counted}`.padStart(10)}  ${`${(100 * row.medianError).toFixed(1)}%`.padStart(10)}  ${`${(100 * row.maxError).toFixed(0)}%`.padStart(7)}  ${`${row.covered}/${row.counted}`.padStart(19)}  | ${`${row.oracleWithin}/${row.counted}`.padStart(28)}  ${`${(100 * row.oracleMedianError).toFixed(1)}%`.padStart(10)}`,
    );
  }
  const byPattern = Object.fromEntries(
    Object.entries(errorsByPattern).map(([pattern, errors]) => [
      pattern,
      { within: errors.filter((e) => e <= 0.2).length, counted: errors.length, median_error: median(errors) },
    ]),
  );
  const allWithin = rows.reduce((total, row) => total + row.within, 0);
  const allCounted = rows.reduce((total, row) => total + row.counted, 0);
  console.log(
    `all cells: ${allWithin}/${allCounted} within 20%; calibration time ${fixed(calibrationMs / 1000, 1)} s`,
  );
  if (loose.counted + tight.counted > 0) {
    console.log(
      `intervals more than 1.5x wide (flagged in the notes): ${loose.counted} channels, ${loose.within} within 20%; the other ${tight.counted}: ${tight.within} within 20%`,
    );
  }
  console.log('');
  console.log('By spend habit (mixed regime, all noise levels):');
  for (const [pattern, figures] of Object.entries(byPattern)) {
    console.log(
      `  ${pattern.padEnd(10)} within 20%: ${figures.within}/${figures.counted}, median error ${(100 * figures.median_error).toFixed(1)}%`,
    );
  }
  console.log('');
  return {
    seeds,
    rows: rows.map((row) => ({
      regime: row.regime,
      noise: row.noise,
      channels: row.channels,
      within_20pct: row.within,
      counted: row.counted,
      median_error: row.medianError,
      max_error: row.maxError,
      interval_coverage: row.covered / row.counted,
      oracle_within_20pct: row.oracleWithin,
      oracle_median_error: row.oracleMedianError,
      mean_r2: row.meanR2,
    })),
    by_pattern: byPattern,
    loose_intervals: loose,
    tight_intervals: tight,
  };
}

// ---------------------------------------------------------------------------------------------
// (4) Effect prediction of a full plan with Monte Carlo ranges.

function predictionBenchmark() {
  const months = Array.from({ length: 12 }, (_, m) => `2026-${String(m + 1).padStart(2, '0')}`);
  const input = {
    months,
    economics: { averageOrderValue: { low: 80, likely: 120, high: 200 }, grossMargin: 0.5 },
    channels: CHANNEL_IDS.map((channel, i) => ({
      channel,
      spend: months.map((_, m) => 2000 + 500 * ((i + m) % 5)),
    })),
    simulations: 1000,
    seed: 1,
  };
  const times: number[] = [];
  for (let run = 0; run < (quick ? 3 : 10); run++) {
    const started = performance.now();
    predictEffects(input);
    times.push(performance.now() - started);
  }
  console.log(
    `(4) Effect prediction, 14 channels x 12 months, 1000 Monte Carlo draws: median ${fixed(median(times), 0)} ms`,
  );
  console.log('');
  return { channels: 14, months: 12, simulations: 1000, median_ms: median(times) };
}

const prediction = runs('prediction') ? predictionBenchmark() : null;
const allocation = runs('allocation') ? allocationBenchmark() : null;
const calibration = runs('speed') ? calibrationSpeedBenchmark() : null;
const recovery = runs('recovery') ? recoveryBenchmark() : null;
console.log(JSON.stringify({ benchmark: 'forecast', quick, prediction, allocation, calibration, recovery }));
