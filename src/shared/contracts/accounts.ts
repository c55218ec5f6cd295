import { z } from 'zod';
import { localeSchema, workspaceKindSchema } from './common';
import { workspaceSchema } from './workspaces';

export const passwordSchema = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(256, 'must be at most 256 characters');
export const emailSchema = z
  .email('must be a valid email address')
  .max(254)
  .transform((e) => e.toLowerCase());
export const personNameSchema = z.string().trim().min(1, 'is required').max(100);

export const userSchema = z
  .object({ id: z.string(), name: z.string(), email: z.string(), locale: localeSchema })
  .meta({ id: 'User' });

export const setupBodySchema = z.strictObject({
  name: personNameSchema,
  email: emailSchema,
  password: passwordSchema,
  workspaceName: z.string().trim().min(1, 'is required').max(100),
  workspaceKind: workspaceKindSchema,
  locale: localeSchema.optional(),
});

export const signInBodySchema = z.strictObject({
  email: z.string().max(254),
  password: z.string().max(256),
});

export const meSchema = z.object({
  user: userSchema,
  workspaces: z.array(workspaceSchema),
  csrfToken: z.string(),
});

export const updateMeBodySchema = z.strictObject({
  name: personNameSchema.optional(),
  locale: localeSchema.optional(),
});

export const changePasswordBodySchema = z.strictObject({
  currentPassword: z.string().max(256),
  newPassword: passwordSchema,
});
