import { z } from 'zod';
import type { ZodApp } from '../../platform/http/zod-app';
import { idParam } from '../../shared/contracts/common';
import {
  allocateBodySchema,
  calibrationParamsSchema,
  calibrationQuerySchema,
  planAllocateBodySchema,
} from '../../shared/contracts/forecasting';
import type { CalibrationJobs } from './calibration-jobs';
import type { ForecastingService } from './forecasting.service';

const tags = ['Forecasting'];
const ws = z.object({ workspaceId: idParam });
const base = '/api/workspaces/:workspaceId';
/** A CSV of three years of daily rows with a dozen channels is well under 1 MB; 5 MB leaves room. */
export const MAX_CSV_BYTES = 5 * 1024 * 1024;

/**
 * Calibration jobs, allocation over curves and plan allocation. Registered as its own plugin so the
 * text/csv body parser (and its size cap) applies to these routes only.
 */
export async function forecastingRoutes(
  app: ZodApp,
  deps: { forecasting: ForecastingService; jobs: CalibrationJobs },
) {
  const { forecasting } = deps;
  app.addHook('onClose', async () => deps.jobs.close());
  await app.register(async (scope: ZodApp) => {
    scope.addContentTypeParser(
      ['text/csv', 'text/plain', 'application/csv'],
      { parseAs: 'string', bodyLimit: MAX_CSV_BYTES },
      (_request, body, done) => done(null, body),
    );

    scope.post(
      `${base}/forecast/calibrations`,
      {
        bodyLimit: MAX_CSV_BYTES,
        schema: {
          tags,
          summary: 'Calibrate response curves from a history CSV (editor+); runs in a worker thread',
          description:
            'Body: the CSV (Content-Type: text/csv, at most 5 MB) with a `date` column (YYYY-MM-DD, weekly or daily), one `spend_<channel>` column per channel, the outcome and optional control columns. Bad input gets 400 naming the row and column; otherwise 202 with a job to poll. Jobs live in memory (the last 20 per workspace) and are lost on restart.',
          params: ws,
          querystring: calibrationQuerySchema,
        },
      },
      async (request, reply) =>
        reply
          .status(202)
          .send(
            await forecasting.startCalibration(
              request.principal,
              request.params.workspaceId,
              request.body,
              request.query,
            ),
          ),
    );
  });

  app.get(
    `${base}/forecast/calibrations`,
    { schema: { tags, summary: 'Recent calibration jobs of this workspace (newest first)', params: ws } },
    async (request) => ({
      items: await forecasting.calibrations(request.principal, request.params.workspaceId),
    }),
  );

  app.get(
    `${base}/forecast/calibrations/:id`,
    {
      schema: {
        tags,
        summary: 'A calibration job: status, progress and, when done, the fit',
        description:
          'status: queued, running (with stage and progress 0-1), done (result: the `forecast fit --json` shape plus decomposition and response_curves), failed (error) or cancelled.',
        params: calibrationParamsSchema,
      },
    },
    async (request) =>
      forecasting.calibration(request.principal, request.params.workspaceId, request.params.id),
  );

  app.post(
    `${base}/forecast/calibrations/:id/cancel`,
    {
      schema: {
        tags,
        summary: 'Stop a queued or running calibration (editor+)',
        params: calibrationParamsSchema,
      },
    },
    async (request) =>
      forecasting.cancelCalibration(request.principal, request.params.workspaceId, request.params.id),
  );

  app.post(
    `${base}/forecast/allocate`,
    {
      schema: {
        tags,
        summary:
          'Split a budget across channels (best split, least budget for a target, or an efficiency target)',
        description:
          'Channels come with curves, as catalog channels (benchmark rates under the workspace defaults, per month), or by name from a finished calibration. Contradictory constraints get 422 with "infeasible because ...".',
        params: ws,
        body: allocateBodySchema,
      },
    },
    async (request) => forecasting.allocate(request.principal, request.params.workspaceId, request.body),
  );

  app.post(
    `${base}/plans/:id/allocation`,
    {
      schema: {
        tags,
        summary: "The plan's split of its budget vs the recommended one, with scenarios and explained moves",
        description:
          "Per month, the best split of that month's channel budget; p10/p50/p90 of the objective for the current split, the recommended one and a larger budget; recommendations worded in the plan's language. Nothing is stored.",
        params: ws.extend({ id: idParam }),
        body: planAllocateBodySchema,
      },
    },
    async (request) =>
      forecasting.allocatePlan(
        request.principal,
        request.params.workspaceId,
        request.params.id,
        request.body,
      ),
  );
}
