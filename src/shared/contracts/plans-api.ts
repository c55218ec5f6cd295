import { z } from 'zod';
import { localeSchema } from './common';

export const planStatusSchema = z.enum(['draft', 'in_review', 'approved', 'in_execution', 'closed']);
const revision = z
  .number()
  .int()
  .min(1)
  .meta({ description: 'The revision you loaded; a stale one gets 409 stale_revision with `current`.' });
const documentRef = z.unknown().meta({
  description: 'A PlanDocument; see GET /api/schemas/plan.json. Errors name the JSON path at fault.',
});

export const createPlanBodySchema = z.strictObject({
  title: z.string().trim().min(1).max(200).optional(),
  language: localeSchema,
  companyId: z.string().max(100).nullable().optional(),
  templateId: z.string().max(100).optional(),
  start: z.iso.date('must be a date as YYYY-MM-DD').optional(),
});
export const saveDocumentBodySchema = z.strictObject({ revision, document: documentRef });
export const saveSectionBodySchema = z.strictObject({ revision, data: z.unknown() });
export const patchPlanBodySchema = z.strictObject({
  revision,
  title: z.string().trim().min(1).max(200).optional(),
  companyId: z.string().max(100).nullable().optional(),
});
export const changeStatusBodySchema = z.strictObject({ revision, to: planStatusSchema });
export const addCommentBodySchema = z.strictObject({
  section: z.string().max(50),
  body: z.string().trim().min(1, 'is required').max(5000),
});
export const importPlanBodySchema = z.strictObject({ document: documentRef });
export const diffQuerySchema = z.strictObject({
  from: z.string().max(20),
  to: z.string().max(20).default('current'),
});
export const templatesQuerySchema = z.strictObject({ language: localeSchema.default('en') });

export const forecastPlanBodySchema = z.strictObject({
  revision,
  averageOrderValue: z
    .strictObject({ low: z.number().positive(), likely: z.number().positive(), high: z.number().positive() })
    .refine((r) => r.low <= r.likely && r.likely <= r.high, {
      message: 'expected low <= likely <= high',
      path: ['likely'],
    })
    .meta({ description: 'Revenue per customer in the plan currency: low (p10), likely, high (p90).' }),
  grossMargin: z
    .number()
    .min(0)
    .max(1)
    .meta({ description: 'Share of revenue left after the cost of goods, 0-1.' }),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(1),
  simulations: z.number().int().min(100).max(5000).default(1000),
});
