import { AppError, notFound } from '../../platform/http/errors';
import type { Principal } from '../../platform/http/principal';
import type { AllocateBody, PlanAllocateBody } from '../../shared/contracts/forecasting';
import type { ChannelRatesService } from '../plans/channel-rates';
import { AllocationOptionError, allocatePlanBudget } from '../plans/plan-forecast';
import type { PlansService } from '../plans/plans.service';
import type { WorkspaceAccess } from '../workspaces/workspace-access';
import {
  type AllocationChannel,
  type AllocationResult,
  allocateBudget,
  allocateForEfficiency,
  minimumBudgetForTarget,
} from './allocation';
import { checkCalibrationInput } from './calibration';
import type { CalibrationJob, CalibrationJobs } from './calibration-jobs';
import { resolveChannelAssumptions } from './channel-catalog';
import { type CalibratedResponse, monthlyCalibratedResponse } from './effect-prediction';
import { ForecastInputError } from './errors';
import { type HistoryTable, parseHistoryCsv } from './history';
import { benchmarkCurve, type CurveMetric, likelyRates } from './response-model';

const OUTCOME_METRICS: readonly CurveMetric[] = ['revenue', 'customers', 'leads'];

/** An engine input error as the API's one error shape: 400 naming the row and column at fault. */
export function inputError(error: ForecastInputError, field?: string): AppError {
  const where = error.column ?? field;
  return new AppError(400, error.code, error.message, where, {
    ...(error.row !== undefined ? { row: error.row } : {}),
    ...(error.column !== undefined ? { column: error.column } : {}),
  });
}

function rethrow(error: unknown, field?: string): never {
  if (error instanceof ForecastInputError) throw inputError(error, field);
  if (error instanceof AllocationOptionError)
    throw new AppError(400, 'validation_failed', error.message, error.field);
  throw error;
}

const infeasible = (reason: string, extra: Record<string, unknown> = {}) =>
  new AppError(422, 'infeasible', `infeasible because ${reason}`, undefined, extra);

function presentJob(job: CalibrationJob) {
  return {
    id: job.id,
    status: job.status,
    stage: job.stage,
    progress: Math.round(job.progress * 1000) / 1000,
    outcome: job.outcome,
    controls: job.controls,
    seed: job.seed,
    rows: job.rows,
    channels: job.channels,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    error: job.error,
    result: job.status === 'done' ? job.report : null,
  };
}

function fmt(value: number) {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** Why each channel got what it got, in a line each; the engine's own notes follow. */
function explain(result: Extract<AllocationResult, { status: 'optimal' }>, channels: AllocationChannel[]) {
  const lines: string[] = [];
  const funded = result.channels.filter((c) => c.binding === 'between');
  if (funded.length > 0) {
    lines.push(
      `money goes where the next unit returns the most until the funded channels return the same at the margin: ${fmt(funded[0].marginalReturn)} ${result.objective} per unit of spend`,
    );
  }
  result.channels.forEach((c, i) => {
    if (c.binding === 'locked') lines.push(`${c.name} is locked at ${fmt(c.spend)}`);
    else if (c.binding === 'at_max')
      lines.push(`${c.name} is at its maximum of ${fmt(c.spend)}; it would take more`);
    else if (c.binding === 'at_min' && c.spend === 0)
      lines.push(`${c.name} gets nothing: its first unit of money returns less than the others' last`);
    else if (c.binding === 'at_min')
      lines.push(`${c.name} stays at its minimum of ${fmt(channels[i].min ?? 0)}`);
  });
  return [...lines, ...result.notes];
}

function presentAllocation(
  result: Extract<AllocationResult, { status: 'optimal' }>,
  channels: AllocationChannel[],
) {
  return {
    status: result.status,
    objective: result.objective,
    budget: result.budget,
    allocated: result.totals.spend,
    unallocated: result.unallocated,
    objectiveValue: result.objectiveValue,
    objectiveBound: result.objectiveBound,
    method: result.method,
    channels: result.channels.map((c) => ({
      name: c.name,
      spend: c.spend,
      share: c.share,
      binding: c.binding,
      marginalReturn: c.marginalReturn,
      outcomes: c.outcomes,
    })),
    totals: result.totals,
    explanation: explain(result, channels),
  };
}

/** Forecasting for the API: calibration jobs, allocation over curves, and plan allocation. */
export class ForecastingService {
  constructor(
    private readonly access: WorkspaceAccess,
    private readonly jobs: CalibrationJobs,
    private readonly rates: ChannelRatesService,
    private readonly plans: PlansService,
  ) {}

  /**
   * Checks the CSV at once (400 naming row and column) and queues the fit in a worker thread. The
   * gate runs before any parsing so another workspace's member learns nothing from the answer.
   */
  async startCalibration(
    principal: Principal | null,
    workspaceId: string,
    body: unknown,
    query: { outcome: string; controls?: string; seed: number },
  ) {
    await this.access.require(principal, workspaceId, 'editor');
    if (typeof body !== 'string') {
      throw new AppError(
        415,
        'unsupported_media_type',
        'Send the history as the request body with Content-Type: text/csv.',
      );
    }
    const controls = (query.controls ?? '')
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    let history: HistoryTable;
    try {
      history = parseHistoryCsv(body, { outcome: query.outcome, controls });
      checkCalibrationInput(history, { seed: query.seed });
    } catch (error) {
      rethrow(error);
    }
    const job = this.jobs.submit(workspaceId, {
      csv: body,
      outcome: history.outcome.name,
      controls,
      seed: query.seed,
      rows: history.dates.length,
      channels: history.channels.map((c) => c.name),
      createdById: principal?.kind === 'user' ? principal.user.id : null,
    });
    return presentJob(job);
  }

  async calibration(principal: Principal | null, workspaceId: string, id: string) {
    await this.access.require(principal, workspaceId);
    return presentJob(this.job(workspaceId, id));
  }

  async calibrations(principal: Principal | null, workspaceId: string) {
    await this.access.require(principal, workspaceId);
    return this.jobs.list(workspaceId).map((job) => {
      const { result: _result, ...summary } = presentJob(job);
      return { ...summary, fit: job.report?.fit ?? null };
    });
  }

  async cancelCalibration(principal: Principal | null, workspaceId: string, id: string) {
    await this.access.require(principal, workspaceId, 'editor');
    this.job(workspaceId, id);
    return presentJob(this.jobs.cancel(workspaceId, id) as CalibrationJob);
  }

  private job(workspaceId: string, id: string): CalibrationJob {
    const job = this.jobs.get(workspaceId, id);
    if (!job) throw notFound('Calibration');
    return job;
  }

  /** The fitted curves of a finished job, per month, keyed by channel name (the part after spend_). */
  private calibratedCurves(workspaceId: string, id: string, field: string) {
    const job = this.jobs.get(workspaceId, id);
    if (!job) throw new AppError(404, 'not_found', 'Calibration not found.', field);
    if (job.status !== 'done' || !job.fitted || !job.report) {
      throw new AppError(
        409,
        'calibration_not_done',
        `The calibration is ${job.status}; wait until it is done.`,
        field,
      );
    }
    const metric = OUTCOME_METRICS.find((m) => m === job.outcome.toLowerCase());
    if (!metric) {
      throw new AppError(
        400,
        'calibration_outcome',
        `The calibration models '${job.outcome}'; only an outcome column named revenue, customers or leads can drive an allocation.`,
        field,
      );
    }
    const period = job.report.period;
    const curves: Record<string, CalibratedResponse> = {};
    for (const fitted of job.fitted) curves[fitted.name] = monthlyCalibratedResponse(fitted, period, metric);
    return { metric, curves };
  }

  async allocate(principal: Principal | null, workspaceId: string, body: AllocateBody) {
    await this.access.require(principal, workspaceId);
    const workspaceRates = await this.rates.overrides(workspaceId);
    const calibrated = body.calibrationId
      ? this.calibratedCurves(workspaceId, body.calibrationId, 'calibrationId')
      : null;
    const channels: AllocationChannel[] = body.channels.map((channel, i) => {
      const limits = { min: channel.min, max: channel.max, locked: channel.locked };
      if (channel.curves) return { name: channel.name, curves: channel.curves, ...limits };
      const fitted = calibrated?.curves[channel.name];
      if (fitted) return { name: channel.name, curves: { [calibrated.metric]: fitted.curve }, ...limits };
      if (!channel.channel) {
        throw new AppError(
          400,
          'validation_failed',
          `channels.${i}: give curves, a catalog channel id${calibrated ? ', or the name of a calibrated channel' : ''} for ${channel.name}`,
          `channels.${i}`,
        );
      }
      try {
        const assumptions = resolveChannelAssumptions(channel.channel, {
          ...workspaceRates[channel.channel],
          ...channel.rates,
        });
        const aov =
          assumptions.averageOrderValue ??
          (body.averageOrderValue !== undefined
            ? { low: body.averageOrderValue, likely: body.averageOrderValue, high: body.averageOrderValue }
            : undefined);
        const rates = likelyRates(assumptions, aov ?? { low: 1, likely: 1, high: 1 });
        const curves: AllocationChannel['curves'] = {
          customers: benchmarkCurve(assumptions, rates, 'customers'),
          leads: benchmarkCurve(assumptions, rates, 'leads'),
        };
        if (aov) curves.revenue = benchmarkCurve(assumptions, rates, 'revenue');
        return { name: channel.name, curves, ...limits };
      } catch (error) {
        return rethrow(error, `channels.${i}`);
      }
    });
    let result: AllocationResult;
    try {
      if (body.mode === 'target') {
        if (!body.target)
          throw new AppError(400, 'validation_failed', 'target: is required in target mode', 'target');
        result = minimumBudgetForTarget(channels, { metric: body.target.metric, target: body.target.value });
      } else if (body.mode === 'efficiency') {
        if (!body.efficiency) {
          throw new AppError(
            400,
            'validation_failed',
            'efficiency: is required in efficiency mode',
            'efficiency',
          );
        }
        result = allocateForEfficiency(channels, { ...body.efficiency, budget: body.budget });
      } else {
        if (body.budget === undefined)
          throw new AppError(400, 'validation_failed', 'budget: is required', 'budget');
        result = allocateBudget(channels, {
          budget: body.budget,
          objective: body.objective,
          grossMargin: body.grossMargin,
        });
      }
    } catch (error) {
      if (
        error instanceof ForecastInputError &&
        error.code === 'invalid_curve' &&
        /has no revenue curve/.test(error.message)
      ) {
        throw new AppError(
          400,
          'validation_failed',
          `${error.message}; send averageOrderValue or curves.revenue`,
          'averageOrderValue',
        );
      }
      rethrow(error);
    }
    if (result.status === 'infeasible') throw infeasible(result.reason, { constraint: result.constraint });
    return { mode: body.mode, ...presentAllocation(result, channels) };
  }

  /** The plan's split against the recommended one for its budget, with scenarios and explained moves. */
  async allocatePlan(
    principal: Principal | null,
    workspaceId: string,
    planId: string,
    body: PlanAllocateBody,
  ) {
    const doc = await this.plans.exportDocument(principal, workspaceId, planId);
    const workspaceRates = await this.rates.overrides(workspaceId);
    const calibrated = body.calibrationId
      ? this.calibratedCurves(workspaceId, body.calibrationId, 'calibrationId')
      : null;
    if (doc.sections.channels.selected.length === 0) {
      throw new AppError(
        400,
        'nothing_to_allocate',
        'Select at least one channel (and plan its budget) before asking for an allocation.',
        'sections.channels.selected',
      );
    }
    let result: ReturnType<typeof allocatePlanBudget>;
    try {
      result = allocatePlanBudget(doc, {
        objective: body.objective,
        averageOrderValue: body.averageOrderValue,
        grossMargin: body.grossMargin,
        seed: body.seed,
        simulations: body.simulations,
        budgetIncrease: body.budgetIncrease,
        limits: body.limits,
        workspaceRates,
        calibrated: calibrated?.curves,
      });
    } catch (error) {
      rethrow(error);
    }
    if (result.status === 'infeasible') throw infeasible(result.reason, { month: result.month });
    const matched = calibrated
      ? doc.sections.channels.selected.filter((c) => calibrated.curves[c.channel]).map((c) => c.channel)
      : [];
    return {
      ...result,
      language: doc.language,
      currency: doc.currency,
      calibration: body.calibrationId ? { id: body.calibrationId, channels: matched } : null,
    };
  }
}
