import { z } from 'zod';
import type { ZodApp } from '../../../platform/http/zod-app';
import { errorSchema, idParam, listOf } from '../../../shared/contracts/common';
import {
  channelRulesSchema,
  createSiteBodySchema,
  siteDropsSchema,
  siteSchema,
  updateSiteBodySchema,
} from '../../../shared/contracts/sites';
import type { SitesService } from './sites.service';

const tags = ['Analytics sites'];
const wsParams = z.object({ workspaceId: idParam });
const siteParams = wsParams.extend({ siteId: idParam });
const base = '/api/workspaces/:workspaceId';

export function sitesRoutes(app: ZodApp, deps: { sites: SitesService }) {
  const { sites } = deps;

  app.get(
    `${base}/sites`,
    {
      schema: {
        tags,
        summary: 'Tracked websites of this workspace',
        params: wsParams,
        response: { 200: listOf(siteSchema) },
      },
    },
    async (request) => ({ items: await sites.list(request.principal, request.params.workspaceId) }),
  );

  app.post(
    `${base}/sites`,
    {
      schema: {
        tags,
        summary: 'Add a tracked website (editor+); the response carries the snippet to paste',
        params: wsParams,
        body: createSiteBodySchema,
        response: { 201: siteSchema, 400: errorSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await sites.create(request.principal, request.params.workspaceId, request.body)),
  );

  app.get(
    `${base}/sites/:siteId`,
    {
      schema: {
        tags,
        summary: 'One tracked website',
        params: siteParams,
        response: { 200: siteSchema, 404: errorSchema },
      },
    },
    async (request) => sites.get(request.principal, request.params.workspaceId, request.params.siteId),
  );

  app.patch(
    `${base}/sites/:siteId`,
    {
      schema: {
        tags,
        summary: 'Rename a site, change its allowed hostnames or company (editor+)',
        params: siteParams,
        body: updateSiteBodySchema,
        response: { 200: siteSchema, 400: errorSchema, 404: errorSchema },
      },
    },
    async (request) =>
      sites.update(request.principal, request.params.workspaceId, request.params.siteId, request.body),
  );

  app.delete(
    `${base}/sites/:siteId`,
    { schema: { tags, summary: 'Delete a site and all its events (admin+)', params: siteParams } },
    async (request, reply) => {
      await sites.delete(request.principal, request.params.workspaceId, request.params.siteId);
      return reply.status(204).send();
    },
  );

  app.get(
    `${base}/sites/:siteId/drops`,
    {
      schema: {
        tags,
        summary: 'Events of this site dropped since the server started, per reason',
        params: siteParams,
        response: { 200: siteDropsSchema, 404: errorSchema },
      },
    },
    async (request) => sites.drops(request.principal, request.params.workspaceId, request.params.siteId),
  );

  app.get(
    `${base}/channel-rules`,
    {
      schema: {
        tags,
        summary: "This workspace's own channel-grouping rules (checked before the defaults)",
        params: wsParams,
        response: { 200: channelRulesSchema },
      },
    },
    async (request) => sites.channelRules(request.principal, request.params.workspaceId),
  );

  app.put(
    `${base}/channel-rules`,
    {
      schema: {
        tags,
        summary: "Replace this workspace's channel-grouping rules (editor+)",
        params: wsParams,
        body: channelRulesSchema,
        response: { 200: channelRulesSchema, 400: errorSchema },
      },
    },
    async (request) => sites.saveChannelRules(request.principal, request.params.workspaceId, request.body),
  );
}
