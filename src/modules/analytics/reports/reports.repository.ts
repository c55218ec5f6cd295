import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/app-db';
import { site, siteFunnel, siteGoal } from '../../../platform/db/schema';
import { isUuid } from './query';

export type GoalRow = typeof siteGoal.$inferSelect;
export type FunnelRow = typeof siteFunnel.$inferSelect;
export interface SiteRef {
  id: string;
  workspaceId: string;
  name: string;
  publicToken: string | null;
}

const siteColumns = {
  id: site.id,
  workspaceId: site.workspaceId,
  name: site.name,
  publicToken: site.publicToken,
};

/** App-DB SQL of the reports: the site a report is about, its goals, funnels and public link. */
export class ReportsRepository {
  constructor(private readonly db: Db) {}

  /** The site if it belongs to the workspace (null otherwise, and for ids that are not UUIDs). */
  async findSite(workspaceId: string, siteId: string): Promise<SiteRef | null> {
    if (!isUuid(siteId)) return null;
    const [row] = await this.db
      .select(siteColumns)
      .from(site)
      .where(and(eq(site.workspaceId, workspaceId), eq(site.id, siteId)));
    return row ?? null;
  }

  async findSiteByToken(token: string): Promise<SiteRef | null> {
    const [row] = await this.db.select(siteColumns).from(site).where(eq(site.publicToken, token));
    return row ?? null;
  }

  async setPublicToken(siteId: string, token: string | null) {
    await this.db.update(site).set({ publicToken: token, updatedAt: new Date() }).where(eq(site.id, siteId));
  }

  goals(siteId: string) {
    return this.db
      .select()
      .from(siteGoal)
      .where(eq(siteGoal.siteId, siteId))
      .orderBy(asc(siteGoal.createdAt), asc(siteGoal.id));
  }

  async createGoal(siteId: string, values: { name: string; kind: 'page' | 'event'; match: string }) {
    const [row] = await this.db
      .insert(siteGoal)
      .values({ ...values, siteId })
      .onConflictDoNothing()
      .returning();
    return row ?? null;
  }

  async deleteGoal(siteId: string, goalId: string) {
    if (!isUuid(goalId)) return false;
    const rows = await this.db
      .delete(siteGoal)
      .where(and(eq(siteGoal.siteId, siteId), eq(siteGoal.id, goalId)))
      .returning({ id: siteGoal.id });
    return rows.length > 0;
  }

  funnels(siteId: string) {
    return this.db
      .select()
      .from(siteFunnel)
      .where(eq(siteFunnel.siteId, siteId))
      .orderBy(asc(siteFunnel.createdAt), asc(siteFunnel.id));
  }

  async findFunnel(siteId: string, funnelId: string) {
    if (!isUuid(funnelId)) return null;
    const [row] = await this.db
      .select()
      .from(siteFunnel)
      .where(and(eq(siteFunnel.siteId, siteId), eq(siteFunnel.id, funnelId)));
    return row ?? null;
  }

  async createFunnel(
    siteId: string,
    values: { name: string; steps: { kind: 'page' | 'event'; match: string }[] },
  ) {
    const [row] = await this.db
      .insert(siteFunnel)
      .values({ ...values, siteId })
      .returning();
    return row;
  }

  async deleteFunnel(siteId: string, funnelId: string) {
    if (!isUuid(funnelId)) return false;
    const rows = await this.db
      .delete(siteFunnel)
      .where(and(eq(siteFunnel.siteId, siteId), eq(siteFunnel.id, funnelId)))
      .returning({ id: siteFunnel.id });
    return rows.length > 0;
  }
}
