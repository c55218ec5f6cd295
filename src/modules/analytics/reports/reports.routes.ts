import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ZodApp } from '../../../platform/http/zod-app';
import {
  funnelInputSchema,
  funnelSchema,
  goalInputSchema,
  goalSchema,
  publicLinkSchema,
  REPORTS,
  statsQuerySchema,
} from '../../../shared/contracts/analytics-reports';
import { errorSchema, idParam, listOf } from '../../../shared/contracts/common';
import type { ReportsService } from './reports.service';

const tags = ['Analytics reports'];
const siteParams = z.object({ workspaceId: idParam, siteId: idParam });
const reportParam = z
  .string()
  .max(40)
  .meta({ description: `One of ${REPORTS.join(', ')}; append .csv for CSV.` });
const reportDoc = `Reports: ${REPORTS.join(', ')}. JSON shapes in src/shared/contracts/analytics-reports.ts; \`.csv\` gives the same rows as CSV.`;

function send(reply: FastifyReply, result: { csv?: string; json?: unknown; report: string }) {
  if (result.csv !== undefined) {
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${result.report}.csv"`)
      .send(result.csv);
  }
  return reply.send(result.json);
}

/** Stats, goals, funnels and the public dashboard link of a site; the public read-only routes by token. */
export function reportsRoutes(app: ZodApp, deps: { reports: ReportsService }) {
  const { reports } = deps;
  const site = '/api/workspaces/:workspaceId/sites/:siteId';

  app.get(
    `${site}/stats/:report`,
    {
      schema: {
        tags,
        summary: 'A report of the site (viewer+)',
        description: reportDoc,
        params: siteParams.extend({ report: reportParam }),
        querystring: statsQuerySchema,
        response: { 400: errorSchema, 404: errorSchema },
      },
    },
    async (request, reply) => {
      const { workspaceId, siteId, report } = request.params;
      const found = await reports.site(request.principal, workspaceId, siteId);
      return send(reply, await reports.report(found, report, request.query));
    },
  );

  app.get(
    `${site}/goals`,
    {
      schema: {
        tags,
        summary: 'Conversion goals of the site',
        params: siteParams,
        response: { 200: listOf(goalSchema) },
      },
    },
    async (request) => {
      const found = await reports.site(request.principal, request.params.workspaceId, request.params.siteId);
      return { items: await reports.listGoals(found) };
    },
  );

  app.post(
    `${site}/goals`,
    {
      schema: {
        tags,
        summary: 'Add a goal: a page path (`*` wildcard) or a custom event name (editor+)',
        params: siteParams,
        body: goalInputSchema,
        response: { 201: goalSchema, 400: errorSchema, 409: errorSchema },
      },
    },
    async (request, reply) => {
      const found = await reports.site(
        request.principal,
        request.params.workspaceId,
        request.params.siteId,
        'editor',
      );
      return reply.status(201).send(await reports.createGoal(found, request.body));
    },
  );

  app.delete(
    `${site}/goals/:goalId`,
    { schema: { tags, summary: 'Delete a goal (editor+)', params: siteParams.extend({ goalId: idParam }) } },
    async (request, reply) => {
      const found = await reports.site(
        request.principal,
        request.params.workspaceId,
        request.params.siteId,
        'editor',
      );
      await reports.deleteGoal(found, request.params.goalId);
      return reply.status(204).send();
    },
  );

  app.get(
    `${site}/funnels`,
    {
      schema: {
        tags,
        summary: 'Saved funnels of the site',
        params: siteParams,
        response: { 200: listOf(funnelSchema) },
      },
    },
    async (request) => {
      const found = await reports.site(request.principal, request.params.workspaceId, request.params.siteId);
      return { items: await reports.listFunnels(found) };
    },
  );

  app.post(
    `${site}/funnels`,
    {
      schema: {
        tags,
        summary: 'Save a funnel of 2-8 steps (editor+)',
        params: siteParams,
        body: funnelInputSchema,
        response: { 201: funnelSchema, 400: errorSchema },
      },
    },
    async (request, reply) => {
      const found = await reports.site(
        request.principal,
        request.params.workspaceId,
        request.params.siteId,
        'editor',
      );
      return reply.status(201).send(await reports.createFunnel(found, request.body));
    },
  );

  app.delete(
    `${site}/funnels/:funnelId`,
    {
      schema: {
        tags,
        summary: 'Delete a funnel (editor+)',
        params: siteParams.extend({ funnelId: idParam }),
      },
    },
    async (request, reply) => {
      const found = await reports.site(
        request.principal,
        request.params.workspaceId,
        request.params.siteId,
        'editor',
      );
      await reports.deleteFunnel(found, request.params.funnelId);
      return reply.status(204).send();
    },
  );

  app.post(
    `${site}/public-link`,
    {
      schema: {
        tags,
        summary: 'Create or rotate the read-only public dashboard link (editor+); the old link stops working',
        params: siteParams,
        response: { 200: publicLinkSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const found = await reports.site(
        request.principal,
        request.params.workspaceId,
        request.params.siteId,
        'editor',
      );
      return reports.rotatePublicLink(found);
    },
  );

  app.delete(
    `${site}/public-link`,
    { schema: { tags, summary: 'Revoke the public dashboard link (editor+)', params: siteParams } },
    async (request, reply) => {
      const found = await reports.site(
        request.principal,
        request.params.workspaceId,
        request.params.siteId,
        'editor',
      );
      await reports.revokePublicLink(found);
      return reply.status(204).send();
    },
  );

  const tokenParams = z.object({ token: z.string().max(100) });

  app.get(
    '/api/public/:token/site',
    {
      schema: {
        tags,
        summary: 'The name of the site shared under a public link',
        params: tokenParams,
        response: {
          200: z.object({ name: z.string(), firstEventAt: z.string().nullable() }),
          404: errorSchema,
        },
      },
    },
    async (request) => {
      const found = await reports.publicSite(request.params.token);
      const first = (await reports.firstEvents([found.id])).get(found.id);
      return { name: found.name, firstEventAt: first === undefined ? null : new Date(first).toISOString() };
    },
  );

  app.get(
    '/api/public/:token/funnels',
    {
      schema: {
        tags,
        summary: 'Saved funnels of the site shared under a public link (read-only)',
        params: tokenParams,
        response: { 200: listOf(funnelSchema), 404: errorSchema },
      },
    },
    async (request) => ({
      items: await reports.listFunnels(await reports.publicSite(request.params.token)),
    }),
  );

  app.get(
    '/api/public/:token/stats/:report',
    {
      schema: {
        tags,
        summary: 'A report of the site shared under a public link (read-only, no sign-in)',
        description: reportDoc,
        params: tokenParams.extend({ report: reportParam }),
        querystring: statsQuerySchema,
        response: { 400: errorSchema, 404: errorSchema },
      },
    },
    async (request, reply) => {
      const found = await reports.publicSite(request.params.token);
      return send(reply, await reports.report(found, request.params.report, request.query));
    },
  );
}
