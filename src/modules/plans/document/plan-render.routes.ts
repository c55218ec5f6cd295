import { z } from 'zod';
import type { ZodApp } from '../../../platform/http/zod-app';
import { idParam } from '../../../shared/contracts/common';
import type { PlansService } from '../plans.service';
import { PLAN_RENDER_FORMATS, type PlanRenderFormat, renderPlan } from './plan-render.service';
import { closePdfRenderer } from './render-pdf';

const params = z.object({ workspaceId: idParam, id: idParam });

const SUMMARIES: Record<PlanRenderFormat, string> = {
  html: 'The plan as a print-ready HTML document (inline, viewer+)',
  md: 'The plan as GitHub-flavoured Markdown (viewer+)',
  pdf: 'The plan as a PDF (headless Chromium; viewer+)',
  docx: 'The plan as a Word document (viewer+)',
};

/** GET .../plans/:id/render.{html,md,pdf,docx}: validate -> load through the workspace gate -> render -> present. */
export function planRenderRoutes(app: ZodApp, deps: { plans: PlansService }) {
  for (const format of Object.keys(PLAN_RENDER_FORMATS) as PlanRenderFormat[]) {
    app.get(
      `/api/workspaces/:workspaceId/plans/:id/render.${format}`,
      { schema: { tags: ['Plans'], summary: SUMMARIES[format], params } },
      async (request, reply) => {
        const plan = await deps.plans.get(request.principal, request.params.workspaceId, request.params.id);
        const rendered = await renderPlan(plan, format);
        return reply
          .header('content-disposition', rendered.contentDisposition)
          .header('cache-control', 'private, no-store')
          .type(rendered.contentType)
          .send(rendered.body);
      },
    );
  }
  // The shared Chromium lives as long as the server; it goes with it.
  app.addHook('onClose', async () => closePdfRenderer());
}
