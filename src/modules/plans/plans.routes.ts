import { z } from 'zod';
import type { ZodApp } from '../../platform/http/zod-app';
import { idParam } from '../../shared/contracts/common';
import { planJsonSchema } from '../../shared/contracts/plan';
import {
  addCommentBodySchema,
  changeStatusBodySchema,
  createPlanBodySchema,
  diffQuerySchema,
  forecastPlanBodySchema,
  importPlanBodySchema,
  patchPlanBodySchema,
  saveDocumentBodySchema,
  saveSectionBodySchema,
  templatesQuerySchema,
} from '../../shared/contracts/plans-api';
import { planRenderRoutes } from './document/plan-render.routes';
import type { PlansService } from './plans.service';

const tags = ['Plans'];
const ws = z.object({ workspaceId: idParam });
const one = ws.extend({ id: idParam });
const base = '/api/workspaces/:workspaceId';

export function plansRoutes(app: ZodApp, deps: { plans: PlansService }) {
  const { plans } = deps;
  // GET .../plans/:id/render.html|.md|.pdf|.docx: the plan as a finished document.
  planRenderRoutes(app, deps);

  app.get(
    '/api/schemas/plan.json',
    { schema: { tags, summary: 'The published JSON Schema of a plan document' } },
    async (_req, reply) => reply.type('application/schema+json').send(planJsonSchema()),
  );

  app.get(
    `${base}/plan-templates`,
    { schema: { tags, summary: 'Starting plans', params: ws, querystring: templatesQuerySchema } },
    async (request) => {
      await plans.list(request.principal, request.params.workspaceId);
      return { items: plans.templates(request.query.language) };
    },
  );

  app.get(
    `${base}/plans`,
    { schema: { tags, summary: 'Plans of this workspace, newest first', params: ws } },
    async (request) => ({
      items: await plans.list(request.principal, request.params.workspaceId),
    }),
  );

  app.post(
    `${base}/plans`,
    {
      schema: {
        tags,
        summary: 'New plan: blank or from a template (editor+)',
        params: ws,
        body: createPlanBodySchema,
      },
    },
    async (request, reply) =>
      reply.status(201).send(await plans.create(request.principal, request.params.workspaceId, request.body)),
  );

  app.post(
    `${base}/plans/import`,
    {
      schema: {
        tags,
        summary: 'Import a plan document (validated; nothing saved on error)',
        params: ws,
        body: importPlanBodySchema,
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await plans.importDocument(request.principal, request.params.workspaceId, request.body.document),
        ),
  );

  app.get(
    `${base}/plans/:id`,
    { schema: { tags, summary: 'A plan with its analysis', params: one } },
    async (request) => plans.get(request.principal, request.params.workspaceId, request.params.id),
  );

  app.patch(
    `${base}/plans/:id`,
    { schema: { tags, summary: 'Rename or change company', params: one, body: patchPlanBodySchema } },
    async (request) => {
      const { revision, ...patch } = request.body;
      return plans.patch(request.principal, request.params.workspaceId, request.params.id, revision, patch);
    },
  );

  app.put(
    `${base}/plans/:id/document`,
    { schema: { tags, summary: 'Replace the whole document', params: one, body: saveDocumentBodySchema } },
    async (request) =>
      plans.saveDocument(
        request.principal,
        request.params.workspaceId,
        request.params.id,
        request.body.revision,
        request.body.document,
      ),
  );

  app.put(
    `${base}/plans/:id/sections/:section`,
    {
      schema: {
        tags,
        summary: 'Save one section (autosave)',
        description:
          'Editing an approved or executing plan starts the next version as a draft; the approved one stays frozen.',
        params: one.extend({ section: z.string().max(50) }),
        body: saveSectionBodySchema,
      },
    },
    async (request) =>
      plans.saveSection(
        request.principal,
        request.params.workspaceId,
        request.params.id,
        request.params.section,
        request.body.revision,
        request.body.data,
      ),
  );

  app.post(
    `${base}/plans/:id/status`,
    {
      schema: {
        tags,
        summary: 'Move through draft -> in review -> approved (owner, admin) -> in execution -> closed',
        params: one,
        body: changeStatusBodySchema,
      },
    },
    async (request) =>
      plans.changeStatus(
        request.principal,
        request.params.workspaceId,
        request.params.id,
        request.body.revision,
        request.body.to,
      ),
  );

  app.post(
    `${base}/plans/:id/forecast`,
    {
      schema: {
        tags,
        summary: 'Predict effects (p10/p50/p90) from the selected channels and their monthly budget',
        description:
          "Stores the result in the effect prediction section and returns the plan. Uses benchmark rates (or the plan's rate overrides) with Monte Carlo; deterministic for a seed.",
        params: one,
        body: forecastPlanBodySchema,
      },
    },
    async (request) => {
      const { revision, ...options } = request.body;
      return plans.forecast(
        request.principal,
        request.params.workspaceId,
        request.params.id,
        revision,
        options,
      );
    },
  );

  app.post(
    `${base}/plans/:id/duplicate`,
    { schema: { tags, summary: 'Duplicate as a new draft', params: one } },
    async (request, reply) =>
      reply
        .status(201)
        .send(await plans.duplicate(request.principal, request.params.workspaceId, request.params.id)),
  );

  app.delete(
    `${base}/plans/:id`,
    { schema: { tags, summary: 'Delete a plan (admin+)', params: one } },
    async (request, reply) => {
      await plans.remove(request.principal, request.params.workspaceId, request.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    `${base}/plans/:id/versions`,
    { schema: { tags, summary: 'Saved versions', params: one } },
    async (request) => ({
      items: await plans.versions(request.principal, request.params.workspaceId, request.params.id),
    }),
  );

  app.get(
    `${base}/plans/:id/versions/:version`,
    {
      schema: {
        tags,
        summary: 'One saved version',
        params: one.extend({ version: z.coerce.number().int().min(1).max(1_000_000) }),
      },
    },
    async (request) =>
      plans.version(request.principal, request.params.workspaceId, request.params.id, request.params.version),
  );

  app.get(
    `${base}/plans/:id/diff`,
    {
      schema: {
        tags,
        summary: 'Readable changes between two versions (or a version and current)',
        params: one,
        querystring: diffQuerySchema,
      },
    },
    async (request) =>
      plans.diff(
        request.principal,
        request.params.workspaceId,
        request.params.id,
        request.query.from,
        request.query.to,
      ),
  );

  app.get(
    `${base}/plans/:id/comments`,
    { schema: { tags, summary: 'Comments on sections', params: one } },
    async (request) => ({
      items: await plans.comments(request.principal, request.params.workspaceId, request.params.id),
    }),
  );

  app.post(
    `${base}/plans/:id/comments`,
    {
      schema: {
        tags,
        summary: 'Comment on a section (viewers too)',
        params: one,
        body: addCommentBodySchema,
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await plans.addComment(
            request.principal,
            request.params.workspaceId,
            request.params.id,
            request.body,
          ),
        ),
  );

  app.delete(
    `${base}/plans/:id/comments/:commentId`,
    {
      schema: {
        tags,
        summary: 'Delete a comment (author or admin)',
        params: one.extend({ commentId: idParam }),
      },
    },
    async (request, reply) => {
      await plans.deleteComment(
        request.principal,
        request.params.workspaceId,
        request.params.id,
        request.params.commentId,
      );
      return reply.status(204).send();
    },
  );

  app.get(
    `${base}/plans/:id/export`,
    { schema: { tags, summary: 'Download the plan document as JSON', params: one } },
    async (request, reply) => {
      const doc = await plans.exportDocument(
        request.principal,
        request.params.workspaceId,
        request.params.id,
      );
      const name =
        doc.title
          .replace(/[^\p{L}\p{N}]+/gu, '-')
          .replace(/^-+|-+$/g, '')
          .slice(0, 60) || 'plan';
      return reply
        .header(
          'content-disposition',
          `attachment; filename="plan.json"; filename*=UTF-8''${encodeURIComponent(name)}.json`,
        )
        .type('application/json')
        .send(doc);
    },
  );
}
