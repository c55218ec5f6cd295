import { z } from 'zod';
import { idParam } from './common';
import { channelIdSchema, channelRatesOverrideSchema, rangeSchema } from './plan';

export const allocationObjectiveSchema = z
  .enum(['revenue', 'profit', 'customers', 'leads'])
  .meta({ description: 'What to maximise. profit = revenue x grossMargin - spend.' });
export type AllocationObjectiveName = z.infer<typeof allocationObjectiveSchema>;

const amount = z.number().min(0, 'must not be negative').max(1e12, 'is implausibly large');
const columnName = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(100)
  .regex(/^[^,]+$/, 'must be a single column name');

/** Query of the CSV upload; the body is the CSV itself (Content-Type: text/csv). */
export const calibrationQuerySchema = z.strictObject({
  outcome: columnName.meta({ description: 'The outcome column, e.g. revenue, customers or leads.' }),
  controls: z
    .string()
    .max(1000)
    .optional()
    .meta({ description: 'Comma-separated control columns (price, promotion, holiday ...).' }),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(1),
});

export const calibrationParamsSchema = z.object({ workspaceId: idParam, id: idParam });

export const hillCurveSchema = z
  .strictObject({
    scale: z.number().min(0).max(1e15).meta({ description: 'Most the channel can deliver per period.' }),
    halfSaturation: z
      .number()
      .positive()
      .max(1e12)
      .meta({ description: 'Spend per period giving half of it.' }),
    shape: z.number().positive().max(10).meta({ description: '1 = concave; above 1 = S-shaped.' }),
  })
  .meta({
    id: 'HillCurve',
    description: 'Outcome per period = scale * x^shape / (x^shape + halfSaturation^shape).',
  });

export const allocateChannelSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    channel: channelIdSchema.optional().meta({
      description: 'A catalog channel: its curves come from benchmark rates under the workspace defaults.',
    }),
    rates: channelRatesOverrideSchema.optional(),
    curves: z
      .strictObject({
        revenue: hillCurveSchema.optional(),
        customers: hillCurveSchema.optional(),
        leads: hillCurveSchema.optional(),
      })
      .optional()
      .meta({ description: 'Curves per period given directly, e.g. from `forecast fit --json`.' }),
    min: amount.optional(),
    max: amount.optional(),
    locked: amount.optional(),
  })
  .meta({ id: 'AllocateChannel' });

export const allocateBodySchema = z
  .strictObject({
    mode: z.enum(['maximize', 'target', 'efficiency']).default('maximize').meta({
      description:
        'maximize: best split of `budget` for `objective`; target: least spend reaching `target`; efficiency: largest outcome keeping `efficiency`.',
    }),
    objective: allocationObjectiveSchema.default('revenue'),
    budget: amount
      .optional()
      .meta({ description: 'Per month (per period of given curves); the cap in efficiency mode.' }),
    target: z
      .strictObject({
        metric: z.enum(['revenue', 'customers', 'leads']),
        value: z.number().positive().max(1e15),
      })
      .optional(),
    efficiency: z
      .strictObject({
        metric: z.enum(['roas', 'cost_per_customer', 'cost_per_lead']),
        target: z.number().positive().max(1e12),
      })
      .optional(),
    grossMargin: z.number().min(0).max(1).default(1),
    averageOrderValue: z
      .number()
      .positive()
      .max(1e9)
      .optional()
      .meta({ description: 'Revenue per customer, for the revenue curves of catalog channels.' }),
    calibrationId: idParam.optional().meta({
      description:
        'A finished calibration: channels named like its spend columns use its fitted curves (per month).',
    }),
    channels: z.array(allocateChannelSchema).min(1, 'list at least one channel').max(50),
  })
  .meta({ id: 'AllocateRequest' });
export type AllocateBody = z.infer<typeof allocateBodySchema>;

export const planAllocateBodySchema = z
  .strictObject({
    objective: allocationObjectiveSchema.default('customers'),
    averageOrderValue: rangeSchema
      .optional()
      .meta({ description: 'Revenue per customer (low/likely/high); needed for revenue and profit.' }),
    grossMargin: z.number().min(0).max(1).default(1),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(1),
    simulations: z.number().int().min(100).max(5000).default(400),
    budgetIncrease: z
      .number()
      .min(0.01)
      .max(2)
      .default(0.2)
      .meta({ description: 'Extra budget of the larger-budget scenario, as a share (0.2 = +20%).' }),
    limits: z
      .partialRecord(
        channelIdSchema,
        z.strictObject({ min: amount.optional(), max: amount.optional(), locked: amount.optional() }),
      )
      .optional()
      .meta({ description: 'Per-channel limits on the monthly spend.' }),
    calibrationId: idParam.optional().meta({
      description:
        "A finished calibration whose fitted curves replace benchmarks for the plan's matching channels.",
    }),
  })
  .meta({ id: 'PlanAllocateRequest' });
export type PlanAllocateBody = z.infer<typeof planAllocateBodySchema>;

export const CALIBRATION_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type CalibrationStatus = (typeof CALIBRATION_STATUSES)[number];
