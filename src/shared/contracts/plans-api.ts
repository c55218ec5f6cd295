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
