import { z } from 'zod';
import { notFound } from '../../platform/http/errors';
import type { ZodApp } from '../../platform/http/zod-app';
import { errorSchema, idParam, listOf } from '../../shared/contracts/common';
import {
  companySchema,
  createCompanyBodySchema,
  updateCompanyBodySchema,
} from '../../shared/contracts/companies';
import { isUuid, type WorkspaceAccess } from '../workspaces/workspace-access';
import type { CompaniesRepository, CompanyRow } from './companies.repository';

const present = (c: CompanyRow) => ({
  id: c.id,
  workspaceId: c.workspaceId,
  name: c.name,
  industry: c.industry,
  website: c.website,
  country: c.country,
  description: c.description,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});

const tags = ['Companies'];
const wsParams = z.object({ workspaceId: idParam });
const idParams = wsParams.extend({ id: idParam });

export function companiesRoutes(
  app: ZodApp,
  deps: { access: WorkspaceAccess; companies: CompaniesRepository },
) {
  const { access, companies } = deps;
  const findOr404 = async (workspaceId: string, id: string) => {
    const row = isUuid(id) ? await companies.find(workspaceId, id) : null;
    if (!row) throw notFound('Company');
    return row;
  };

  app.get(
    '/api/workspaces/:workspaceId/companies',
    {
      schema: {
        tags,
        summary: 'Companies planned for in this workspace',
        params: wsParams,
        response: { 200: listOf(companySchema) },
      },
    },
    async (request) => {
      const { workspaceId } = await access.require(request.principal, request.params.workspaceId);
      return { items: (await companies.list(workspaceId)).map(present) };
    },
  );

  app.post(
    '/api/workspaces/:workspaceId/companies',
    {
      schema: {
        tags,
        summary: 'Add a company (editor+)',
        params: wsParams,
        body: createCompanyBodySchema,
        response: { 201: companySchema, 400: errorSchema },
      },
    },
    async (request, reply) => {
      const { workspaceId } = await access.require(request.principal, request.params.workspaceId, 'editor');
      return reply.status(201).send(present(await companies.create(workspaceId, request.body)));
    },
  );

  app.get(
    '/api/workspaces/:workspaceId/companies/:id',
    {
      schema: {
        tags,
        summary: 'One company',
        params: idParams,
        response: { 200: companySchema, 404: errorSchema },
      },
    },
    async (request) => {
      const { workspaceId } = await access.require(request.principal, request.params.workspaceId);
      return present(await findOr404(workspaceId, request.params.id));
    },
  );

  app.patch(
    '/api/workspaces/:workspaceId/companies/:id',
    {
      schema: {
        tags,
        summary: 'Edit a company (editor+)',
        params: idParams,
        body: updateCompanyBodySchema,
        response: { 200: companySchema, 404: errorSchema },
      },
    },
    async (request) => {
      const { workspaceId } = await access.require(request.principal, request.params.workspaceId, 'editor');
      await findOr404(workspaceId, request.params.id);
      const row = await companies.update(workspaceId, request.params.id, request.body);
      if (!row) throw notFound('Company');
      return present(row);
    },
  );

  app.delete(
    '/api/workspaces/:workspaceId/companies/:id',
    { schema: { tags, summary: 'Delete a company (admin+)', params: idParams } },
    async (request, reply) => {
      const { workspaceId } = await access.require(request.principal, request.params.workspaceId, 'admin');
      if (!isUuid(request.params.id) || !(await companies.delete(workspaceId, request.params.id)))
        throw notFound('Company');
      return reply.status(204).send();
    },
  );
}
