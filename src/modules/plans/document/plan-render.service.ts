import { AppError } from '../../../platform/http/errors';
import type { PlansService } from '../plans.service';
import { buildPlanDocumentModel, type PlanDocumentMeta } from './plan-document-model';
import { renderPlanDocx } from './render-docx';
import { renderPlanHtml } from './render-html';
import { renderPlanMarkdown } from './render-markdown';
import { PdfRendererUnavailableError, PdfRenderTimeoutError, renderPlanPdf } from './render-pdf';

export const PLAN_RENDER_FORMATS = {
  html: { contentType: 'text/html; charset=utf-8', extension: 'html', inline: true },
  md: { contentType: 'text/markdown; charset=utf-8', extension: 'md', inline: false },
  pdf: { contentType: 'application/pdf', extension: 'pdf', inline: false },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extension: 'docx',
    inline: false,
  },
} as const;
export type PlanRenderFormat = keyof typeof PLAN_RENDER_FORMATS;

/** What `PlansService.get` returns: the loaded, access-checked plan with its analysis. */
export type PresentedPlan = Awaited<ReturnType<PlansService['get']>>;

export interface RenderedPlan {
  body: Buffer | string;
  contentType: string;
  /** A complete Content-Disposition value with an ASCII fallback and the UTF-8 name. */
  contentDisposition: string;
}

/** `filename` for old clients (ASCII only) plus `filename*` with the real, UTF-8 title. */
export function contentDisposition(
  kind: 'inline' | 'attachment',
  baseName: string,
  extension: string,
): string {
  const ascii = baseName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'plan';
  return `${kind}; filename="${ascii}.${extension}"; filename*=UTF-8''${encodeURIComponent(`${baseName}.${extension}`)}`;
}

export function planDocumentMeta(plan: PresentedPlan, generatedAt: Date = new Date()): PlanDocumentMeta {
  return {
    companyName: plan.companyName,
    status: plan.status,
    version: plan.version,
    approval: plan.approval,
    generatedAt,
  };
}

/** Renders a plan the caller has already loaded through `PlansService.get`, which enforces the workspace gate. */
export async function renderPlan(
  plan: PresentedPlan,
  format: PlanRenderFormat,
  generatedAt: Date = new Date(),
): Promise<RenderedPlan> {
  const model = buildPlanDocumentModel(plan.document, plan.analysis, planDocumentMeta(plan, generatedAt));
  const spec = PLAN_RENDER_FORMATS[format];
  let body: Buffer | string;
  try {
    if (format === 'html') body = renderPlanHtml(model);
    else if (format === 'md') body = renderPlanMarkdown(model);
    else if (format === 'pdf') body = await renderPlanPdf(model);
    else body = await renderPlanDocx(model);
  } catch (err) {
    if (err instanceof PdfRendererUnavailableError) {
      throw new AppError(503, 'renderer_unavailable', err.message);
    }
    if (err instanceof PdfRenderTimeoutError) throw new AppError(503, 'render_timeout', err.message);
    throw err;
  }
  return {
    body,
    contentType: spec.contentType,
    contentDisposition: contentDisposition(
      spec.inline ? 'inline' : 'attachment',
      model.fileBaseName,
      spec.extension,
    ),
  };
}
