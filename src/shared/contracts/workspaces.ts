import { z } from 'zod';
import { isoDate, roleSchema, workspaceKindSchema } from './common';

export const workspaceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    kind: workspaceKindSchema,
    role: roleSchema,
    createdAt: isoDate,
  })
  .meta({ id: 'Workspace' });

export const workspaceNameSchema = z.string().trim().min(1, 'is required').max(100);

export const createWorkspaceBodySchema = z.strictObject({
  name: workspaceNameSchema,
  kind: workspaceKindSchema,
});
export const updateWorkspaceBodySchema = z.strictObject({
  name: workspaceNameSchema.optional(),
  kind: workspaceKindSchema.optional(),
});

export const memberSchema = z
  .object({ userId: z.string(), name: z.string(), email: z.string(), role: roleSchema, joinedAt: isoDate })
  .meta({ id: 'Member' });
export const updateMemberBodySchema = z.strictObject({ role: roleSchema });

export const invitationStatusSchema = z.enum(['pending', 'accepted', 'revoked', 'expired']);
export const invitationSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    role: roleSchema,
    status: invitationStatusSchema,
    expiresAt: isoDate,
    createdAt: isoDate,
    url: z.string().optional(),
  })
  .meta({ id: 'Invitation' });
export const createInvitationBodySchema = z.strictObject({
  email: z
    .email('must be a valid email address')
    .max(254)
    .transform((e) => e.toLowerCase()),
  role: roleSchema,
});
export const invitationPreviewSchema = z.object({
  workspaceName: z.string(),
  email: z.string(),
  role: roleSchema,
  expiresAt: isoDate,
  inviterName: z.string(),
  accountExists: z.boolean(),
});
export const acceptInvitationBodySchema = z
  .strictObject({
    name: z.string().trim().min(1, 'is required').max(100),
    password: z.string().min(10, 'must be at least 10 characters').max(256),
  })
  .partial();

export const apiKeyRoleSchema = z.enum(['viewer', 'editor']);
export const apiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    role: apiKeyRoleSchema,
    createdAt: isoDate,
    lastUsedAt: isoDate.nullable(),
    revokedAt: isoDate.nullable(),
  })
  .meta({ id: 'ApiKey' });
export const createApiKeyBodySchema = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(100),
  role: apiKeyRoleSchema.default('editor'),
});
export const createdApiKeySchema = apiKeySchema.extend({ key: z.string() });
