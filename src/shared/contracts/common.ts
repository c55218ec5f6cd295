import { z } from 'zod';

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'validation_failed' }),
      message: z.string(),
      field: z.string().optional(),
    }),
  })
  .meta({ id: 'Error' });

export const idParam = z.string().max(100);
export const isoDate = z.string().meta({ format: 'date-time' });
export const localeSchema = z.enum(['en', 'zh-CN']);
export const roleSchema = z.enum(['owner', 'admin', 'editor', 'viewer']);
export const workspaceKindSchema = z.enum(['agency', 'company']);

/** Trims and turns empty strings into null, for optional free-text fields. */
export const optionalText = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .transform((s) => s.trim() || null)
    .nullable()
    .optional();

export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
