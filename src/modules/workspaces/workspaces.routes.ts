import { z } from 'zod';
import { CSRF_COOKIE, issueCsrfCookie, requireUser } from '../../platform/http/principal';
import type { ZodApp } from '../../platform/http/zod-app';
import { meSchema, setupBodySchema, userSchema } from '../../shared/contracts/accounts';
import { errorSchema, idParam, listOf } from '../../shared/contracts/common';
import {
  acceptInvitationBodySchema,
  apiKeySchema,
  createApiKeyBodySchema,
  createdApiKeySchema,
  createInvitationBodySchema,
  createWorkspaceBodySchema,
  invitationPreviewSchema,
  invitationSchema,
  memberSchema,
  updateMemberBodySchema,
  updateWorkspaceBodySchema,
  workspaceSchema,
} from '../../shared/contracts/workspaces';
import type { WorkspacesService } from './workspaces.service';

const wsParams = z.object({ workspaceId: idParam });
const tags = ['Workspaces'];

export function workspacesRoutes(
  app: ZodApp,
  deps: { workspaces: WorkspacesService; secureCookies: boolean },
) {
  const { workspaces } = deps;

  app.get(
    '/api/setup',
    {
      schema: {
        tags: ['Setup'],
        summary: 'Whether first-run setup is needed',
        response: { 200: z.object({ needsSetup: z.boolean() }) },
      },
    },
    async () => ({ needsSetup: await workspaces.needsSetup() }),
  );

  app.post(
    '/api/setup',
    {
      schema: {
        tags: ['Setup'],
        summary: 'First run: create the owner account and the first workspace',
        body: setupBodySchema,
        response: { 201: z.object({ user: userSchema, workspace: workspaceSchema }), 409: errorSchema },
      },
    },
    async (request, reply) => {
      const result = await workspaces.setup(request.body);
      for (const c of result.setCookie) reply.header('set-cookie', c);
      issueCsrfCookie(reply, deps.secureCookies);
      return reply.status(201).send({ user: result.user, workspace: result.workspace });
    },
  );

  app.get(
    '/api/me',
    {
      schema: {
        tags: ['Session and account'],
        summary: 'You, your workspaces and your CSRF token',
        response: { 200: meSchema, 401: errorSchema },
      },
    },
    async (request, reply) => {
      const { user } = requireUser(request);
      const csrfToken = request.cookies[CSRF_COOKIE] ?? issueCsrfCookie(reply, deps.secureCookies);
      return {
        user: { ...user, locale: user.locale === 'zh-CN' ? ('zh-CN' as const) : ('en' as const) },
        workspaces: await workspaces.listForUser(user.id),
        csrfToken,
      };
    },
  );

  app.get(
    '/api/workspaces',
    { schema: { tags, summary: 'Your workspaces', response: { 200: listOf(workspaceSchema) } } },
    async (request) => {
      const { user } = requireUser(request);
      return { items: await workspaces.listForUser(user.id) };
    },
  );

  app.post(
    '/api/workspaces',
    {
      schema: {
        tags,
        summary: 'Create a workspace (you become its owner)',
        body: createWorkspaceBodySchema,
        response: { 201: workspaceSchema },
      },
    },
    async (request, reply) => {
      const { user } = requireUser(request);
      return reply.status(201).send(await workspaces.create(user, request.body));
    },
  );

  app.get(
    '/api/workspaces/:workspaceId',
    {
      schema: {
        tags,
        summary: 'One workspace',
        params: wsParams,
        response: { 200: workspaceSchema, 404: errorSchema },
      },
    },
    async (request) => workspaces.get(request.principal, request.params.workspaceId),
  );

  app.patch(
    '/api/workspaces/:workspaceId',
    {
      schema: {
        tags,
        summary: 'Rename or change kind (owner, admin)',
        params: wsParams,
        body: updateWorkspaceBodySchema,
        response: { 200: workspaceSchema },
      },
    },
    async (request) => workspaces.update(request.principal, request.params.workspaceId, request.body),
  );

  const memberParams = wsParams.extend({ userId: idParam });
  app.get(
    '/api/workspaces/:workspaceId/members',
    {
      schema: {
        tags,
        summary: 'Members and their roles',
        params: wsParams,
        response: { 200: listOf(memberSchema) },
      },
    },
    async (request) => ({
      items: await workspaces.listMembers(request.principal, request.params.workspaceId),
    }),
  );
  app.patch(
    '/api/workspaces/:workspaceId/members/:userId',
    {
      schema: {
        tags,
        summary: 'Change a member role (owner, admin)',
        params: memberParams,
        body: updateMemberBodySchema,
        response: { 200: memberSchema, 409: errorSchema },
      },
    },
    async (request) =>
      (await workspaces.changeMember(request.principal, request.params.workspaceId, request.params.userId, {
        role: request.body.role,
      }))!,
  );
  app.delete(
    '/api/workspaces/:workspaceId/members/:userId',
    { schema: { tags, summary: 'Remove a member (owner, admin)', params: memberParams } },
    async (request, reply) => {
      await workspaces.changeMember(request.principal, request.params.workspaceId, request.params.userId, {
        remove: true,
      });
      return reply.status(204).send();
    },
  );

  const idParams = wsParams.extend({ id: idParam });
  app.get(
    '/api/workspaces/:workspaceId/invitations',
    {
      schema: {
        tags: ['Invitations'],
        summary: 'Invitations (owner, admin)',
        params: wsParams,
        response: { 200: listOf(invitationSchema) },
      },
    },
    async (request) => ({
      items: await workspaces.listInvitations(request.principal, request.params.workspaceId),
    }),
  );
  app.post(
    '/api/workspaces/:workspaceId/invitations',
    {
      schema: {
        tags: ['Invitations'],
        summary: 'Invite by link (owner, admin)',
        description:
          'Returns the join link in `url`; it is valid for 7 days and replaces any pending invitation for that email.',
        params: wsParams,
        body: createInvitationBodySchema,
        response: { 201: invitationSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await workspaces.invite(request.principal, request.params.workspaceId, request.body)),
  );
  app.delete(
    '/api/workspaces/:workspaceId/invitations/:id',
    { schema: { tags: ['Invitations'], summary: 'Revoke a pending invitation', params: idParams } },
    async (request, reply) => {
      await workspaces.revokeInvitation(request.principal, request.params.workspaceId, request.params.id);
      return reply.status(204).send();
    },
  );

  const tokenParams = z.object({ token: idParam });
  app.get(
    '/api/invitations/:token',
    {
      schema: {
        tags: ['Invitations'],
        summary: 'Preview an invitation (no sign-in needed)',
        params: tokenParams,
        response: { 200: invitationPreviewSchema, 404: errorSchema, 410: errorSchema },
      },
    },
    async (request) => workspaces.previewInvitation(request.params.token),
  );
  app.post(
    '/api/invitations/:token/accept',
    {
      schema: {
        tags: ['Invitations'],
        summary: 'Accept an invitation',
        description:
          'Signed in: joins with your account. Not signed in: send {name, password} to create the account for the invited email.',
        params: tokenParams,
        body: acceptInvitationBodySchema.optional(),
        response: { 200: z.object({ workspace: workspaceSchema }) },
      },
    },
    async (request, reply) => {
      const result = await workspaces.acceptInvitation(
        request.principal,
        request.params.token,
        request.body ?? {},
      );
      for (const c of result.setCookie) reply.header('set-cookie', c);
      if (result.setCookie.length) issueCsrfCookie(reply, deps.secureCookies);
      return { workspace: result.workspace };
    },
  );

  app.get(
    '/api/workspaces/:workspaceId/api-keys',
    {
      schema: {
        tags: ['API keys'],
        summary: 'API keys (owner, admin)',
        params: wsParams,
        response: { 200: listOf(apiKeySchema) },
      },
    },
    async (request) => ({
      items: await workspaces.listApiKeys(request.principal, request.params.workspaceId),
    }),
  );
  app.post(
    '/api/workspaces/:workspaceId/api-keys',
    {
      schema: {
        tags: ['API keys'],
        summary: 'Create an API key; the key is shown only in this response',
        params: wsParams,
        body: createApiKeyBodySchema,
        response: { 201: createdApiKeySchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await workspaces.createApiKey(request.principal, request.params.workspaceId, request.body)),
  );
  app.delete(
    '/api/workspaces/:workspaceId/api-keys/:id',
    { schema: { tags: ['API keys'], summary: 'Revoke an API key', params: idParams } },
    async (request, reply) => {
      await workspaces.revokeApiKey(request.principal, request.params.workspaceId, request.params.id);
      return reply.status(204).send();
    },
  );
}
