import { z } from 'zod';
import { isoDate, optionalText } from './common';

export const companySchema = z
  .object({
    id: z.string(),
    workspaceId: z.string(),
    name: z.string(),
    industry: z.string().nullable(),
    website: z.string().nullable(),
    country: z.string().nullable(),
    description: z.string().nullable(),
    createdAt: isoDate,
    updatedAt: isoDate,
  })
  .meta({ id: 'Company' });

const websiteSchema = z
  .string()
  .trim()
  .max(2048)
  .refine((s) => s === '' || /^https?:\/\/[^\s/$.?#][^\s]*$/i.test(s), 'must be an http:// or https:// URL')
  .transform((s) => s || null)
  .nullable()
  .optional();

const countrySchema = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .refine((s) => s === '' || /^[A-Z]{2}$/.test(s), 'must be a two-letter ISO 3166-1 country code')
  .transform((s) => s || null)
  .nullable()
  .optional();

export const companyInputSchema = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
  industry: optionalText(200),
  website: websiteSchema,
  country: countrySchema,
  description: optionalText(5000),
});
export const createCompanyBodySchema = companyInputSchema;
export const updateCompanyBodySchema = companyInputSchema.partial();
export type CompanyInput = z.infer<typeof companyInputSchema>;
