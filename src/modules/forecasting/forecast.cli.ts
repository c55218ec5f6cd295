import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { parsePlanDocument } from '../../shared/contracts/plan';
import { planChannelSpend } from '../plans/plan-forecast';
import {
  type AllocationChannel,
  type AllocationObjective,
  type AllocationResult,
  allocateBudget,
} from './allocation';
import { type CalibrationProgress, type CalibrationResult, calibrate } from './calibration';
import { resolveChannelAssumptions } from './channel-catalog';
import { ForecastCancelledError, ForecastInputError } from './errors';
import { fitToJson, round } from './fit-json';
import { parseHistoryCsv } from './history';
import { benchmarkCurve, type CurveMetric, likelyRates } from './response-model';
import type { HillCurve } from './saturation';

/** A problem the user can fix; printed as one line, exit code 1. */
class CliError extends Error {}

export { fitToJson };

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(code ?? error);
    throw new CliError(`cannot read ${what} ${path}: ${reason}`);
  }
}

function fail(command: string, error: unknown): void {
  const known =
    error instanceof CliError ||
    error instanceof ForecastInputError ||
    error instanceof ForecastCancelledError;
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`forecast ${command}: ${known ? message : `unexpected error: ${message}`}\n`);
  process.exitCode = 1;
}

function out(text: string) {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const number = (value: number, digits = 2) =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

function printFit(result: CalibrationResult) {
  const { fit } = result;
  out(
    `Calibrated ${result.outcome} on ${result.rows} ${result.period}s (${result.firstDate} to ${result.lastDate}): ` +
      `R² ${fit.r2.toFixed(3)}, NRMSE ${fit.nrmse.toFixed(3)}, holdout MAPE ${fit.holdoutMape === null ? 'n/a' : percent(fit.holdoutMape)} over the last ${fit.holdoutRows} ${result.period}s`,
  );
  out('');
  out(
    table(
      [
        'channel',
        'spend share',
        'ROI',
        '90% interval',
        'share of outcome',
        'carryover',
        `half-saturation / ${result.period}`,
        'shape',
      ],
      result.channels.map((channel) => [
        channel.name,
        percent(channel.spendShare),
        number(channel.roi),
        channel.roiLow === null || channel.roiHigh === null
          ? 'n/a'
          : `${number(channel.roiLow)} - ${number(channel.roiHigh)}`,
        percent(channel.contributionShare),
        channel.adstock.type === 'geometric'
          ? `decay ${channel.adstock.decay.toFixed(2)}`
          : `half-life ${channel.halfLifePeriods}`,
        number(channel.saturation.halfSaturation, 0),
        channel.saturation.shape.toFixed(2),
      ]),
    ),
  );
  out('');
  out(
    `ROI is ${result.outcome} per unit of spend over the whole period; base (trend, season, controls) ${percent(result.baseShare)} of ${result.outcome}.`,
  );
  for (const note of result.notes) out(`note: ${note}`);
}

function progressReporter(): ((progress: CalibrationProgress) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = -1;
  return ({ stage, fraction }) => {
    const shown = Math.floor(fraction * 20);
    if (shown === last) return;
    last = shown;
    process.stderr.write(
      `\r${stage.padEnd(9)} [${'#'.repeat(shown).padEnd(20)}] ${Math.round(fraction * 100)}%`,
    );
    if (stage === 'bootstrap' && fraction >= 1) process.stderr.write('\r\x1b[K');
  };
}

function parseList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function parseSeed(value: string): number {
  const seed = Number(value);
  if (!Number.isInteger(seed)) throw new InvalidArgumentError('the seed must be an integer');
  return seed;
}

function parseAmount(value: string): number {
  const amount = Number(value);
  if (value.trim() === '' || !Number.isFinite(amount) || amount < 0) {
    throw new InvalidArgumentError('expected a non-negative number');
  }
  return amount;
}

function collectBound(value: string, previous: Record<string, number> = {}): Record<string, number> {
  const at = value.lastIndexOf('=');
  const name = at > 0 ? value.slice(0, at).trim() : '';
  const amount = at > 0 ? Number(value.slice(at + 1)) : Number.NaN;
  if (!name || value.slice(at + 1).trim() === '' || !Number.isFinite(amount) || amount < 0) {
    throw new InvalidArgumentError(`expected channel=amount with a non-negative amount, got '${value}'`);
  }
  if (name in previous) throw new InvalidArgumentError(`channel ${name} is given twice`);
  return { ...previous, [name]: amount };
}

interface FitCurves {
  outcome: string;
  period: string;
  channels: { name: string; curve: HillCurve; curves?: Partial<Record<CurveMetric, HillCurve>> }[];
  /** Set when the curves came from a plan export rather than a fit. */
  plan?: { title: string; currency: string; spendPerMonth: number };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Curves per month from a plan export (GET .../plans/:id/export): each selected channel on benchmark
 * rates with the plan's own rate overrides; revenue curves only when an order value is known.
 */
export function readPlanCurves(data: unknown, path: string, orderValue?: number): FitCurves {
  const parsed = parsePlanDocument(data);
  if (!parsed.ok) {
    const [first] = parsed.issues;
    throw new CliError(
      `${path} is not a valid plan export: ${first.path ? `${first.path}: ` : ''}${first.message}${parsed.issues.length > 1 ? ` (and ${parsed.issues.length - 1} more problems)` : ''}`,
    );
  }
  const { months, channels } = planChannelSpend(parsed.plan);
  if (channels.length === 0) throw new CliError(`${path}: the plan has no selected channels`);
  const spend = channels.reduce((total, c) => total + c.spend.reduce((a, b) => a + b, 0), 0);
  return {
    outcome: 'customers',
    period: 'month',
    plan: { title: parsed.plan.title, currency: parsed.plan.currency, spendPerMonth: spend / months.length },
    channels: channels.map((channel) => {
      const assumptions = resolveChannelAssumptions(channel.channel, channel.assumptions);
      const value =
        assumptions.averageOrderValue ??
        (orderValue === undefined ? undefined : { low: orderValue, likely: orderValue, high: orderValue });
      const rates = likelyRates(assumptions, value ?? { low: 1, likely: 1, high: 1 });
      const curves: Partial<Record<CurveMetric, HillCurve>> = {
        customers: benchmarkCurve(assumptions, rates, 'customers'),
        leads: benchmarkCurve(assumptions, rates, 'leads'),
      };
      if (value) curves.revenue = benchmarkCurve(assumptions, rates, 'revenue');
      return { name: channel.channel, curve: curves.customers as HillCurve, curves };
    }),
  };
}

/** Reads the JSON written by `forecast fit --json`, checking each field it relies on. */
export function readFitCurves(text: string, path: string): FitCurves {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new CliError(`${path} is not JSON: expected the output of \`forecast fit --json\``);
  }
  const object = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!object(data) || !Array.isArray(data.channels) || typeof data.outcome !== 'string') {
    throw new CliError(
      `${path}: expected the output of \`forecast fit --json\` (an object with "outcome" and "channels") or a plan export (with "schemaVersion" and "sections")`,
    );
  }
  const channels = data.channels.map((channel: unknown, index: number) => {
    const where = `${path}: channels[${index}]`;
    if (!object(channel) || typeof channel.name !== 'string' || channel.name === '') {
      throw new CliError(`${where} has no name`);
    }
    const saturation = channel.saturation;
    if (!object(saturation)) throw new CliError(`${where} (${channel.name}) has no saturation`);
    const read = (field: string) => {
      const value = saturation[field];
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new CliError(`${where} (${channel.name}): saturation.${field} must be a number`);
      }
      return value;
    };
    return {
      name: channel.name,
      curve: { scale: read('max_response'), halfSaturation: read('half_saturation'), shape: read('shape') },
    };
  });
  return {
    outcome: data.outcome,
    period: typeof data.period === 'string' ? data.period : 'period',
    channels,
  };
}

/** A fit's JSON or a plan export, told apart by their top-level fields. */
function readCurvesFile(text: string, path: string, orderValue?: number): FitCurves {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new CliError(
      `${path} is not JSON: expected the output of \`forecast fit --json\` or a plan export`,
    );
  }
  if (isObject(data) && ('schemaVersion' in data || 'sections' in data))
    return readPlanCurves(data, path, orderValue);
  return readFitCurves(text, path);
}

/** With a plan the objective picks the metric; money objectives need an order value. */
function planMetric(objective: AllocationObjective | undefined, fit: FitCurves, path: string): CurveMetric {
  const metric: CurveMetric =
    objective === undefined || objective === 'profit' ? (objective ? 'revenue' : 'customers') : objective;
  if (metric === 'revenue' && fit.channels.some((c) => !c.curves?.revenue)) {
    throw new CliError(
      `--objective ${objective} with a plan file needs --order-value (revenue per customer); ${path} has no order value for every channel`,
    );
  }
  return metric;
}

const OUTCOME_KINDS: readonly CurveMetric[] = ['revenue', 'customers', 'leads'];

/** Which metric the fitted outcome stands for, refusing combinations that would mislabel the result. */
function metricForObjective(outcome: string, objective: AllocationObjective | undefined): CurveMetric {
  const named = OUTCOME_KINDS.find((kind) => kind === outcome.toLowerCase());
  if (objective === undefined) return named ?? 'revenue';
  if (objective === 'profit') {
    if (named && named !== 'revenue') {
      throw new CliError(`--objective profit needs a money outcome, but the fit models '${outcome}'`);
    }
    return 'revenue';
  }
  if (named && named !== objective) {
    throw new CliError(
      `--objective ${objective} does not match the fit's outcome '${outcome}'; omit --objective to maximise ${outcome}`,
    );
  }
  return objective;
}

export function allocationToJson(
  result: AllocationResult,
  context: { outcome: string; period: string; metric: CurveMetric },
) {
  if (result.status === 'infeasible')
    return { status: 'infeasible', reason: result.reason, constraint: result.constraint };
  return {
    status: result.status,
    objective: result.objective,
    outcome: context.outcome,
    period: context.period,
    budget: round(result.budget),
    allocated: round(result.totals.spend),
    unallocated: round(result.unallocated),
    objective_value: round(result.objectiveValue),
    objective_bound: round(result.objectiveBound),
    method: result.method,
    channels: result.channels.map((channel) => ({
      name: channel.name,
      spend: round(channel.spend),
      share: round(channel.share),
      outcome: round(channel.outcomes[context.metric] ?? 0),
      marginal_return: round(channel.marginalReturn),
      binding: channel.binding,
    })),
    totals: Object.fromEntries(Object.entries(result.totals).map(([key, value]) => [key, round(value)])),
    notes: result.notes,
  };
}

function printAllocation(
  result: AllocationResult,
  context: { outcome: string; period: string; metric: CurveMetric; fromPlan?: boolean },
) {
  if (result.status === 'infeasible') return;
  out(
    `Best split of ${number(result.budget)} per ${context.period} to maximise ${result.objective}` +
      ` (${context.outcome} from ${context.fromPlan ? "the plan's channels on benchmark rates" : 'the fitted curves'}):`,
  );
  out('');
  out(
    table(
      [
        'channel',
        `spend / ${context.period}`,
        'share',
        `${context.outcome} / ${context.period}`,
        'next unit returns',
        'limit',
      ],
      result.channels.map((channel) => [
        channel.name,
        number(channel.spend),
        percent(channel.share),
        number(channel.outcomes[context.metric] ?? 0),
        number(channel.marginalReturn, 3),
        channel.binding === 'between'
          ? ''
          : channel.binding === 'at_min' && channel.spend === 0
            ? 'not worth funding'
            : channel.binding.replace('_', ' '),
      ]),
    ),
  );
  out('');
  out(
    `Total: spend ${number(result.totals.spend)}, ${context.outcome} ${number(result.totals[context.metric] ?? 0)}` +
      (result.objective === 'profit' && result.totals.profit !== undefined
        ? `, profit ${number(result.totals.profit)}`
        : '') +
      ` per ${context.period}.`,
  );
  for (const note of result.notes) out(`note: ${note}`);
}

export function forecastCommand(): Command {
  const forecast = new Command('forecast').description(
    'Calibrate response curves from history and split budgets across channels',
  );

  forecast
    .command('fit')
    .description(
      'Fit a marketing mix model (carryover, saturation, ridge regression) to a daily or weekly history and report ROI per channel',
    )
    .argument(
      '<history.csv>',
      'CSV with a date column (YYYY-MM-DD), one spend_<channel> column per channel and the outcome',
    )
    .requiredOption('--outcome <column>', 'the outcome column, e.g. revenue')
    .option(
      '--controls <columns>',
      'comma-separated control columns (price, promotion, holiday ...)',
      parseList,
      [],
    )
    .option('--seed <n>', 'seed of the hyperparameter search and the bootstrap', parseSeed, 1)
    .option('--json', 'print JSON (the input of `forecast allocate --curves`)')
    .action(
      (file: string, options: { outcome: string; controls: string[]; seed: number; json?: boolean }) => {
        try {
          const history = parseHistoryCsv(readText(file, 'history'), {
            outcome: options.outcome,
            controls: options.controls,
          });
          const result = calibrate(history, { seed: options.seed, onProgress: progressReporter() });
          if (options.json) out(JSON.stringify(fitToJson(result), null, 2));
          else printFit(result);
        } catch (error) {
          fail('fit', error);
        }
      },
    );

  forecast
    .command('allocate')
    .description(
      'Split a budget per period across channels to maximise an objective, using fitted response curves (equal marginal returns; branch and bound for S-shaped curves)',
    )
    .requiredOption(
      '--curves <file>',
      "fit JSON written by `forecast fit --json`, or a plan export (benchmark rates with the plan's rate overrides, per month)",
    )
    .requiredOption(
      '--budget <amount>',
      "spend per period of the fit's history (per week for weekly data)",
      parseAmount,
    )
    .option('--min <channel=amount>', 'least spend per period on a channel (repeatable)', collectBound)
    .option('--max <channel=amount>', 'most spend per period on a channel (repeatable)', collectBound)
    .option('--lock <channel=amount>', 'fixed spend per period on a channel (repeatable)', collectBound)
    .addOption(
      new Option(
        '--objective <objective>',
        "what to maximise; default the fit's outcome. profit = outcome x margin - spend (money outcomes only)",
      ).choices(['revenue', 'customers', 'leads', 'profit']),
    )
    .option('--margin <fraction>', 'gross margin for the profit objective (default 1)', parseAmount)
    .option(
      '--order-value <amount>',
      'revenue per customer, for the revenue and profit objectives with a plan file',
      parseAmount,
    )
    .option('--json', 'print JSON')
    .action(
      (options: {
        curves: string;
        budget: number;
        min?: Record<string, number>;
        max?: Record<string, number>;
        lock?: Record<string, number>;
        objective?: AllocationObjective;
        margin?: number;
        orderValue?: number;
        json?: boolean;
      }) => {
        try {
          const fit = readCurvesFile(
            readText(options.curves, 'curves file'),
            options.curves,
            options.orderValue,
          );
          const metric = fit.plan
            ? planMetric(options.objective, fit, options.curves)
            : metricForObjective(fit.outcome, options.objective);
          const names = new Set(fit.channels.map((channel) => channel.name));
          for (const [flag, bounds] of [
            ['--min', options.min],
            ['--max', options.max],
            ['--lock', options.lock],
          ] as const) {
            for (const name of Object.keys(bounds ?? {})) {
              if (!names.has(name)) {
                throw new CliError(
                  `${flag} ${name}: no such channel in ${options.curves} (channels: ${[...names].join(', ')})`,
                );
              }
            }
          }
          if (options.margin !== undefined && !(options.margin <= 1)) {
            throw new CliError('--margin must be a fraction between 0 and 1');
          }
          const channels: AllocationChannel[] = fit.channels.map((channel) => ({
            name: channel.name,
            curves: channel.curves ?? { [metric]: channel.curve },
            min: options.min?.[channel.name],
            max: options.max?.[channel.name],
            locked: options.lock?.[channel.name],
          }));
          const objective = options.objective ?? metric;
          const result = allocateBudget(channels, {
            budget: options.budget,
            objective,
            grossMargin: options.margin ?? 1,
          });
          const context = {
            outcome: fit.plan ? metric : fit.outcome,
            period: fit.period,
            metric,
            fromPlan: fit.plan !== undefined,
          };
          if (result.status === 'infeasible') throw new CliError(`infeasible: ${result.reason}`);
          if (options.json) out(JSON.stringify(allocationToJson(result, context), null, 2));
          else printAllocation(result, context);
        } catch (error) {
          fail('allocate', error);
        }
      },
    );

  return forecast;
}
