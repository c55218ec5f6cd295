import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/app-db';
import { company, plan, planComment, planVersion, user } from '../../platform/db/schema';
import type { PlanDocument } from '../../shared/contracts/plan';

export type PlanRow = typeof plan.$inferSelect;
type PlanPatch = Partial<Omit<typeof plan.$inferInsert, 'id' | 'workspaceId' | 'createdAt'>>;

/** All SQL of the plans context. Every query is scoped by workspace; writes check the revision atomically. */
export class PlansRepository {
  constructor(private readonly db: Db) {}

  list(workspaceId: string) {
    return this.db
      .select({ plan, companyName: company.name, updatedByName: user.name })
      .from(plan)
      .leftJoin(company, eq(plan.companyId, company.id))
      .leftJoin(user, eq(plan.updatedById, user.id))
      .where(eq(plan.workspaceId, workspaceId))
      .orderBy(desc(plan.updatedAt));
  }

  async find(workspaceId: string, id: string) {
    const [row] = await this.db
      .select({ plan, companyName: company.name, updatedByName: user.name })
      .from(plan)
      .leftJoin(company, eq(plan.companyId, company.id))
      .leftJoin(user, eq(plan.updatedById, user.id))
      .where(and(eq(plan.workspaceId, workspaceId), eq(plan.id, id)));
    return row ?? null;
  }

  async userName(id: string | null) {
    if (!id) return null;
    const [row] = await this.db.select({ name: user.name }).from(user).where(eq(user.id, id));
    return row?.name ?? null;
  }

  async create(input: {
    workspaceId: string;
    document: PlanDocument;
    companyId: string | null;
    userId: string | null;
  }) {
    const [row] = await this.db
      .insert(plan)
      .values({
        workspaceId: input.workspaceId,
        companyId: input.companyId,
        title: input.document.title,
        language: input.document.language,
        document: input.document,
        createdById: input.userId,
        updatedById: input.userId,
      })
      .returning();
    return row;
  }

  /**
   * Writes only if nobody saved since `revision`; bumps the revision. Returns null when stale.
   * The optional snapshot is written in the same transaction, so a status change and its version row land together.
   */
  async update(
    workspaceId: string,
    id: string,
    revision: number,
    patch: PlanPatch,
    snapshot?: {
      version: number;
      status: string;
      frozen: boolean;
      document: PlanDocument;
      userId: string | null;
    },
  ) {
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .update(plan)
        .set({ ...patch, revision: sql`${plan.revision} + 1`, updatedAt: new Date() })
        .where(and(eq(plan.workspaceId, workspaceId), eq(plan.id, id), eq(plan.revision, revision)))
        .returning();
      if (!row) return null;
      if (snapshot) {
        const values = {
          planId: id,
          workspaceId,
          version: snapshot.version,
          status: snapshot.status,
          frozen: snapshot.frozen,
          document: snapshot.document,
          createdById: snapshot.userId,
        };
        await tx
          .insert(planVersion)
          .values(values)
          .onConflictDoUpdate({
            target: [planVersion.planId, planVersion.version],
            set: {
              status: values.status,
              frozen: values.frozen,
              document: values.document,
              createdById: values.createdById,
              createdAt: new Date(),
            },
            // A frozen (approved) snapshot is never overwritten.
            setWhere: eq(planVersion.frozen, false),
          });
      }
      return row;
    });
  }

  async delete(workspaceId: string, id: string) {
    const rows = await this.db
      .delete(plan)
      .where(and(eq(plan.workspaceId, workspaceId), eq(plan.id, id)))
      .returning({ id: plan.id });
    return rows.length > 0;
  }

  listVersions(workspaceId: string, planId: string) {
    return this.db
      .select({
        version: planVersion.version,
        status: planVersion.status,
        frozen: planVersion.frozen,
        note: planVersion.note,
        createdAt: planVersion.createdAt,
        createdByName: user.name,
      })
      .from(planVersion)
      .leftJoin(user, eq(planVersion.createdById, user.id))
      .where(and(eq(planVersion.workspaceId, workspaceId), eq(planVersion.planId, planId)))
      .orderBy(desc(planVersion.version));
  }

  async findVersion(workspaceId: string, planId: string, version: number) {
    const [row] = await this.db
      .select()
      .from(planVersion)
      .where(
        and(
          eq(planVersion.workspaceId, workspaceId),
          eq(planVersion.planId, planId),
          eq(planVersion.version, version),
        ),
      );
    return row ?? null;
  }

  listComments(workspaceId: string, planId: string) {
    return this.db
      .select({
        id: planComment.id,
        section: planComment.section,
        body: planComment.body,
        authorId: planComment.authorId,
        authorName: user.name,
        createdAt: planComment.createdAt,
      })
      .from(planComment)
      .leftJoin(user, eq(planComment.authorId, user.id))
      .where(and(eq(planComment.workspaceId, workspaceId), eq(planComment.planId, planId)))
      .orderBy(asc(planComment.createdAt));
  }

  async addComment(input: {
    workspaceId: string;
    planId: string;
    section: string;
    body: string;
    authorId: string | null;
  }) {
    const [row] = await this.db.insert(planComment).values(input).returning();
    return row;
  }

  async findComment(workspaceId: string, planId: string, id: string) {
    const [row] = await this.db
      .select()
      .from(planComment)
      .where(
        and(eq(planComment.workspaceId, workspaceId), eq(planComment.planId, planId), eq(planComment.id, id)),
      );
    return row ?? null;
  }

  async deleteComment(workspaceId: string, id: string) {
    await this.db
      .delete(planComment)
      .where(and(eq(planComment.workspaceId, workspaceId), eq(planComment.id, id)));
  }
}
