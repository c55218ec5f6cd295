import { AppError, notFound } from '../../platform/http/errors';
import { type Principal, type Role, roleRank } from '../../platform/http/principal';
import {
  type PlanDocument,
  type PlanLanguage,
  parsePlanDocument,
  planSectionsSchema,
} from '../../shared/contracts/plan';
import type { CompaniesRepository } from '../companies/companies.repository';
import { isUuid, type WorkspaceAccess } from '../workspaces/workspace-access';
import { summarizeBudget } from './budget';
import type { ChannelRatesService, WorkspaceRates } from './channel-rates';
import { recommendChannelsForPlan } from './channel-recommendations';
import { scoreFeasibility } from './feasibility';
import { checkGoals } from './goal-checks';
import { buildGantt } from './implementation';
import { diffPlans } from './plan-diff';
import { type ForecastOptions, forecastPlanEffects } from './plan-forecast';
import type { PlanRow, PlansRepository } from './plans.repository';
import { blankPlan, buildTemplate, isPlanTemplateId, PLAN_TEMPLATES } from './templates';

export const PLAN_STATUSES = ['draft', 'in_review', 'approved', 'in_execution', 'closed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

// Which status may follow which; approval is the only step that needs owner or admin.
const TRANSITIONS: Record<PlanStatus, readonly PlanStatus[]> = {
  draft: ['in_review'],
  in_review: ['draft', 'approved'],
  approved: ['in_execution', 'closed'],
  in_execution: ['closed'],
  closed: [],
};
// Editing a plan in these states starts the next version; the approved one stays frozen.
const FROZEN: readonly PlanStatus[] = ['approved', 'in_execution'];

const asStatus = (s: string): PlanStatus =>
  ((PLAN_STATUSES as readonly string[]).find((x) => x === s) as PlanStatus) ?? 'draft';

/** Everything the UI shows beside the document, derived on every read so it can never drift from it. */
/** `rates` are the workspace's default channel rates; the plan's own overrides apply on top. */
export function analysePlan(doc: PlanDocument, rates: WorkspaceRates = {}) {
  const language = doc.language as PlanLanguage;
  const horizon = doc.sections.purpose.horizon;
  return {
    feasibility: scoreFeasibility(doc.sections.feasibility, language),
    budget: summarizeBudget(doc.sections.budget.lines, horizon),
    goalWarnings: checkGoals(
      doc.sections.goals.items,
      { horizon, selectedChannels: doc.sections.channels.selected.map((c) => c.channel) },
      language,
    ),
    channelRecommendations: recommendChannelsForPlan(doc, rates),
    gantt: buildGantt(doc.sections.implementation, horizon),
  };
}

type Found = NonNullable<Awaited<ReturnType<PlansRepository['find']>>>;

function presentSummary(row: PlanRow, extra: { companyName: string | null; updatedByName: string | null }) {
  const doc = row.document as PlanDocument;
  const feasibility = scoreFeasibility(doc.sections.feasibility, doc.language as PlanLanguage);
  return {
    id: row.id,
    title: row.title,
    companyId: row.companyId,
    companyName: extra.companyName,
    language: doc.language as PlanLanguage,
    status: asStatus(row.status),
    version: row.version,
    revision: row.revision,
    updatedAt: row.updatedAt.toISOString(),
    updatedByName: extra.updatedByName,
    readiness: feasibility.verdict === 'not_assessed' ? null : feasibility.readiness,
    verdict: feasibility.verdict === 'not_assessed' ? null : feasibility.verdict,
  };
}

/** Plans: create (blank, template, import, duplicate), edit with optimistic concurrency, workflow, versions, comments. */
export class PlansService {
  constructor(
    private readonly repo: PlansRepository,
    private readonly access: WorkspaceAccess,
    private readonly rates: ChannelRatesService,
    /** The companies context's lookup; plans don't query its table for writes. */
    private readonly companies: Pick<CompaniesRepository, 'find'>,
  ) {}

  templates(language: PlanLanguage) {
    return PLAN_TEMPLATES.map((t) => ({
      id: t.id,
      title: t.title[language],
      description: t.description[language],
    }));
  }

  async list(principal: Principal | null, workspaceId: string) {
    await this.access.require(principal, workspaceId);
    return (await this.repo.list(workspaceId)).map((r) => presentSummary(r.plan, r));
  }

  async get(principal: Principal | null, workspaceId: string, id: string) {
    await this.access.require(principal, workspaceId);
    return this.present(await this.load(workspaceId, id));
  }

  async create(
    principal: Principal | null,
    workspaceId: string,
    input: {
      title?: string;
      language: PlanLanguage;
      companyId?: string | null;
      templateId?: string;
      start?: string;
    },
  ) {
    await this.access.require(principal, workspaceId, 'editor');
    const start = input.start ?? firstOfNextMonth(new Date());
    let doc: PlanDocument;
    if (input.templateId) {
      if (!isPlanTemplateId(input.templateId)) {
        throw new AppError(
          400,
          'validation_failed',
          `templateId: unknown template '${input.templateId}'`,
          'templateId',
        );
      }
      doc = buildTemplate(input.templateId, { language: input.language, start });
    } else {
      doc = blankPlan({
        title: input.title ?? (input.language === 'zh-CN' ? '网络营销计划' : 'Network marketing plan'),
        language: input.language,
        currency: input.language === 'zh-CN' ? 'CNY' : 'USD',
        start,
      });
    }
    if (input.title) doc.title = input.title;
    if (input.companyId !== undefined) doc.sections.purpose.companyId = input.companyId;
    return this.insert(principal, workspaceId, doc);
  }

  async importDocument(principal: Principal | null, workspaceId: string, document: unknown) {
    await this.access.require(principal, workspaceId, 'editor');
    return this.insert(principal, workspaceId, this.validate(document));
  }

  async duplicate(principal: Principal | null, workspaceId: string, id: string) {
    await this.access.require(principal, workspaceId, 'editor');
    const found = await this.load(workspaceId, id);
    const doc = structuredClone(found.plan.document as PlanDocument);
    doc.title = `${doc.title}${doc.language === 'zh-CN' ? '（副本）' : ' (copy)'}`.slice(0, 200);
    return this.insert(principal, workspaceId, doc);
  }

  async remove(principal: Principal | null, workspaceId: string, id: string) {
    await this.access.require(principal, workspaceId, 'admin');
    if (!isUuid(id) || !(await this.repo.delete(workspaceId, id))) throw notFound('Plan');
  }

  async saveDocument(
    principal: Principal | null,
    workspaceId: string,
    id: string,
    revision: number,
    document: unknown,
  ) {
    await this.access.require(principal, workspaceId, 'editor');
    const found = await this.load(workspaceId, id);
    return this.write(principal, workspaceId, found, revision, this.validate(document));
  }

  async saveSection(
    principal: Principal | null,
    workspaceId: string,
    id: string,
    section: string,
    revision: number,
    data: unknown,
  ) {
    await this.access.require(principal, workspaceId, 'editor');
    if (!(section in planSectionsSchema.shape)) throw notFound('Plan section');
    const found = await this.load(workspaceId, id);
    const doc = structuredClone(found.plan.document) as { sections: Record<string, unknown> };
    doc.sections[section] = data;
    return this.write(principal, workspaceId, found, revision, this.validate(doc));
  }

  async patch(
    principal: Principal | null,
    workspaceId: string,
    id: string,
    revision: number,
    patch: { title?: string; companyId?: string | null },
  ) {
    await this.access.require(principal, workspaceId, 'editor');
    const found = await this.load(workspaceId, id);
    const doc = structuredClone(found.plan.document as PlanDocument);
    if (patch.title !== undefined) doc.title = patch.title;
    if (patch.companyId !== undefined) doc.sections.purpose.companyId = patch.companyId;
    return this.write(principal, workspaceId, found, revision, this.validate(doc));
  }

  async changeStatus(
    principal: Principal | null,
    workspaceId: string,
    id: string,
    revision: number,
    to: PlanStatus,
  ) {
    const grant = await this.access.require(principal, workspaceId, 'editor');
    const found = await this.load(workspaceId, id);
    const from = asStatus(found.plan.status);
    if (found.plan.revision !== revision) throw await this.stale(found);
    if (!TRANSITIONS[from].includes(to)) {
      throw new AppError(409, 'invalid_transition', `A plan that is ${from} cannot become ${to}.`, 'to');
    }
    if (to === 'approved' && roleRank(grant.role) < roleRank('admin' as Role)) {
      throw new AppError(403, 'forbidden', 'Only an owner or admin can approve a plan.');
    }
    const userId = principal?.kind === 'user' ? principal.user.id : null;
    const approve = to === 'approved';
    const row = await this.repo.update(
      workspaceId,
      id,
      revision,
      {
        status: to,
        updatedById: userId,
        ...(approve
          ? { approvedVersion: found.plan.version, approvedAt: new Date(), approvedById: userId }
          : {}),
      },
      {
        version: found.plan.version,
        status: to,
        frozen: approve,
        document: found.plan.document as PlanDocument,
        userId,
      },
    );
    if (!row) throw await this.stale(await this.load(workspaceId, id));
    return this.present(await this.load(workspaceId, id));
  }

  /** Runs effect prediction on the plan's channels and budget and stores it in the effect prediction section. */
  async forecast(
    principal: Principal | null,
    workspaceId: string,
    id: string,
    revision: number,
    options: Omit<ForecastOptions, 'now' | 'workspaceRates'>,
  ) {
    await this.access.require(principal, workspaceId, 'editor');
    const found = await this.load(workspaceId, id);
    const doc = structuredClone(found.plan.document as PlanDocument);
    if (doc.sections.channels.selected.length === 0) {
      throw new AppError(
        400,
        'nothing_to_forecast',
        'Select at least one channel (and plan its budget) before forecasting.',
        'sections.channels.selected',
      );
    }
    let effect: ReturnType<typeof forecastPlanEffects>;
    try {
      effect = forecastPlanEffects(doc, {
        ...options,
        workspaceRates: await this.rates.overrides(workspaceId),
        now: new Date(),
      });
    } catch (err) {
      const e = err as { code?: string; message?: string };
      throw new AppError(
        400,
        e.code ?? 'forecast_failed',
        e.message ?? 'The forecast could not be computed.',
      );
    }
    (doc.sections as { effectPrediction: unknown }).effectPrediction = effect;
    return this.write(principal, workspaceId, found, revision, this.validate(doc));
  }

  async versions(principal: Principal | null, workspaceId: string, id: string) {
    await this.access.require(principal, workspaceId);
    await this.load(workspaceId, id);
    return (await this.repo.listVersions(workspaceId, id)).map((v) => ({
      version: v.version,
      status: asStatus(v.status),
      frozen: v.frozen,
      note: v.note,
      createdAt: v.createdAt.toISOString(),
      createdByName: v.createdByName,
    }));
  }

  async version(principal: Principal | null, workspaceId: string, id: string, version: number) {
    await this.access.require(principal, workspaceId);
    await this.load(workspaceId, id);
    const row = await this.repo.findVersion(workspaceId, id, version);
    if (!row) throw notFound('Plan version');
    return { version: row.version, document: row.document as PlanDocument };
  }

  async diff(principal: Principal | null, workspaceId: string, id: string, from: string, to: string) {
    await this.access.require(principal, workspaceId);
    const found = await this.load(workspaceId, id);
    const resolve = async (ref: string, field: string) => {
      if (ref === 'current') return found.plan.document as PlanDocument;
      const n = Number(ref);
      if (!Number.isInteger(n) || n < 1)
        throw new AppError(
          400,
          'validation_failed',
          `${field}: must be a version number or "current"`,
          field,
        );
      const row = await this.repo.findVersion(workspaceId, id, n);
      if (!row) throw new AppError(404, 'not_found', `Version ${n} of this plan does not exist.`, field);
      return row.document as PlanDocument;
    };
    const before = await resolve(from, 'from');
    const after = await resolve(to, 'to');
    return {
      from,
      to,
      changes: diffPlans(before, after, (found.plan.document as PlanDocument).language as PlanLanguage),
    };
  }

  async comments(principal: Principal | null, workspaceId: string, id: string) {
    await this.access.require(principal, workspaceId);
    await this.load(workspaceId, id);
    return (await this.repo.listComments(workspaceId, id)).map(presentComment);
  }

  async addComment(
    principal: Principal | null,
    workspaceId: string,
    id: string,
    input: { section: string; body: string },
  ) {
    await this.access.require(principal, workspaceId, 'viewer');
    if (principal?.kind !== 'user')
      throw new AppError(403, 'session_required', 'Comments are written by signed-in people.');
    if (!(input.section in planSectionsSchema.shape)) {
      throw new AppError(
        400,
        'validation_failed',
        `section: unknown plan section '${input.section}'`,
        'section',
      );
    }
    await this.load(workspaceId, id);
    const row = await this.repo.addComment({
      workspaceId,
      planId: id,
      ...input,
      authorId: principal.user.id,
    });
    return presentComment({ ...row, authorName: principal.user.name });
  }

  async deleteComment(principal: Principal | null, workspaceId: string, id: string, commentId: string) {
    const grant = await this.access.require(principal, workspaceId);
    await this.load(workspaceId, id);
    const comment = isUuid(commentId) ? await this.repo.findComment(workspaceId, id, commentId) : null;
    if (!comment) throw notFound('Comment');
    const isAuthor = principal?.kind === 'user' && comment.authorId === principal.user.id;
    if (!isAuthor && roleRank(grant.role) < roleRank('admin')) {
      throw new AppError(403, 'forbidden', 'Only the author or an admin can delete a comment.');
    }
    await this.repo.deleteComment(workspaceId, commentId);
  }

  async exportDocument(principal: Principal | null, workspaceId: string, id: string) {
    await this.access.require(principal, workspaceId);
    return (await this.load(workspaceId, id)).plan.document as PlanDocument;
  }

  private async load(workspaceId: string, id: string): Promise<Found> {
    const found = isUuid(id) ? await this.repo.find(workspaceId, id) : null;
    if (!found) throw notFound('Plan');
    return found;
  }

  /** Validates a whole document; the error names the JSON path of the first problem and lists all of them. */
  private validate(document: unknown): PlanDocument {
    const parsed = parsePlanDocument(document);
    if (parsed.ok) return parsed.plan;
    const [first, ...rest] = parsed.issues;
    const more = rest.length ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
    throw new AppError(
      400,
      'validation_failed',
      `${first.path || 'document'}: ${first.message}${more}`,
      first.path || undefined,
      {
        issues: parsed.issues,
      },
    );
  }

  /**
   * The plan's company must be one of this workspace's. A company deleted since the plan last named it
   * is dropped from the document instead of blocking every later save.
   */
  private async checkCompany(workspaceId: string, doc: PlanDocument, previous?: PlanDocument) {
    const companyId = doc.sections.purpose.companyId;
    const known =
      companyId && isUuid(companyId) && (await this.companies.find(workspaceId, companyId)) !== null;
    if (companyId && !known && previous?.sections.purpose.companyId === companyId) {
      doc.sections.purpose.companyId = null;
      return null;
    }
    if (companyId && !known) {
      throw new AppError(
        400,
        'validation_failed',
        'sections.purpose.companyId: no such company in this workspace',
        'sections.purpose.companyId',
      );
    }
    return companyId ?? null;
  }

  private async insert(principal: Principal | null, workspaceId: string, doc: PlanDocument) {
    const validated = this.validate(doc);
    const companyId = await this.checkCompany(workspaceId, validated);
    const userId = principal?.kind === 'user' ? principal.user.id : null;
    const row = await this.repo.create({ workspaceId, document: validated, companyId, userId });
    return this.present(await this.load(workspaceId, row.id));
  }

  private async write(
    principal: Principal | null,
    workspaceId: string,
    found: Found,
    revision: number,
    doc: PlanDocument,
  ) {
    if (found.plan.revision !== revision) throw await this.stale(found);
    const status = asStatus(found.plan.status);
    if (status === 'closed') {
      throw new AppError(409, 'plan_closed', 'This plan is closed; duplicate it to start the next round.');
    }
    const companyId = await this.checkCompany(workspaceId, doc, found.plan.document as PlanDocument);
    const userId = principal?.kind === 'user' ? principal.user.id : null;
    const nextVersion = FROZEN.includes(status);
    const row = await this.repo.update(workspaceId, found.plan.id, revision, {
      document: doc,
      title: doc.title,
      language: doc.language,
      companyId,
      updatedById: userId,
      ...(nextVersion ? { version: found.plan.version + 1, status: 'draft' } : {}),
    });
    if (!row) throw await this.stale(await this.load(workspaceId, found.plan.id));
    return this.present(await this.load(workspaceId, found.plan.id));
  }

  private async stale(found: Found) {
    return new AppError(
      409,
      'stale_revision',
      `Someone saved this plan after you loaded it (now at revision ${found.plan.revision}); reload or merge your changes.`,
      'revision',
      { current: await this.present(found) },
    );
  }

  private async present(found: Found) {
    const row = found.plan;
    const doc = row.document as PlanDocument;
    return {
      ...presentSummary(row, found),
      workspaceId: row.workspaceId,
      createdAt: row.createdAt.toISOString(),
      document: doc,
      approval:
        row.approvedVersion && row.approvedAt
          ? {
              version: row.approvedVersion,
              approvedAt: row.approvedAt.toISOString(),
              approvedByName: await this.repo.userName(row.approvedById),
            }
          : null,
      analysis: analysePlan(doc, await this.rates.overrides(row.workspaceId)),
    };
  }
}

function presentComment(c: {
  id: string;
  section: string;
  body: string;
  authorId: string | null;
  authorName: string | null;
  createdAt: Date;
}) {
  return {
    id: c.id,
    section: c.section,
    body: c.body,
    authorId: c.authorId,
    authorName: c.authorName,
    createdAt: c.createdAt.toISOString(),
  };
}

function firstOfNextMonth(now: Date) {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return d.toISOString().slice(0, 10);
}
