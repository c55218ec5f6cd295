import { and, asc, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/app-db';
import { channelRuleSet, company, dailySalt, site } from '../../../platform/db/schema';

export type SiteRow = typeof site.$inferSelect;
export interface SiteValues {
  name: string;
  hostnames: string[];
  companyId: string | null;
}

export interface ChannelRuleSetRow {
  workspaceId: string;
  rules: unknown;
  hosts: unknown;
}

/** All SQL of the sites context (sites, channel rule sets, daily salts); sites are scoped by workspace. */
export class SitesRepository {
  constructor(private readonly db: Db) {}

  list(workspaceId: string) {
    return this.db
      .select()
      .from(site)
      .where(eq(site.workspaceId, workspaceId))
      .orderBy(asc(site.name), asc(site.createdAt));
  }

  async find(workspaceId: string, id: string) {
    const [row] = await this.db
      .select()
      .from(site)
      .where(and(eq(site.workspaceId, workspaceId), eq(site.id, id)));
    return row ?? null;
  }

  /** For the collect endpoints, which know only the site id the tracker sent. */
  async findById(id: string) {
    const [row] = await this.db
      .select({ id: site.id, workspaceId: site.workspaceId, hostnames: site.hostnames })
      .from(site)
      .where(eq(site.id, id));
    return row ?? null;
  }

  /** Sites whose allow-list names `hostname` exactly (Plausible callers send a domain, not an id). */
  findIdsByHostname(hostname: string) {
    return this.db
      .select({ id: site.id })
      .from(site)
      .where(sql`${site.hostnames} @> ${JSON.stringify([hostname])}::jsonb`)
      .limit(2);
  }

  async companyInWorkspace(workspaceId: string, companyId: string) {
    const [row] = await this.db
      .select({ id: company.id })
      .from(company)
      .where(and(eq(company.workspaceId, workspaceId), eq(company.id, companyId)));
    return Boolean(row);
  }

  async create(workspaceId: string, values: SiteValues) {
    const [row] = await this.db
      .insert(site)
      .values({ ...values, workspaceId })
      .returning();
    return row;
  }

  async update(workspaceId: string, id: string, values: Partial<SiteValues>) {
    const [row] = await this.db
      .update(site)
      .set({ ...values, updatedAt: new Date() })
      .where(and(eq(site.workspaceId, workspaceId), eq(site.id, id)))
      .returning();
    return row ?? null;
  }

  async delete(workspaceId: string, id: string) {
    const rows = await this.db
      .delete(site)
      .where(and(eq(site.workspaceId, workspaceId), eq(site.id, id)))
      .returning({ id: site.id });
    return rows.length > 0;
  }

  async channelRules(workspaceId: string): Promise<ChannelRuleSetRow | null> {
    const [row] = await this.db
      .select()
      .from(channelRuleSet)
      .where(eq(channelRuleSet.workspaceId, workspaceId));
    return row ?? null;
  }

  allChannelRules(): Promise<ChannelRuleSetRow[]> {
    return this.db
      .select({
        workspaceId: channelRuleSet.workspaceId,
        rules: channelRuleSet.rules,
        hosts: channelRuleSet.hosts,
      })
      .from(channelRuleSet);
  }

  async saveChannelRules(workspaceId: string, rules: unknown, hosts: unknown) {
    await this.db
      .insert(channelRuleSet)
      .values({ workspaceId, rules, hosts, updatedAt: new Date() })
      .onConflictDoUpdate({
        target: channelRuleSet.workspaceId,
        set: { rules, hosts, updatedAt: new Date() },
      });
  }

  salts() {
    return this.db.select({ day: dailySalt.day, salt: dailySalt.salt }).from(dailySalt);
  }

  /**
   * Stores `salt` for `day` unless another writer got there first; returns the salt that holds
   * (so two processes never hash with different salts for one day).
   */
  async claimSalt(day: string, salt: string): Promise<string> {
    await this.db.insert(dailySalt).values({ day, salt }).onConflictDoNothing();
    const [row] = await this.db
      .select({ salt: dailySalt.salt })
      .from(dailySalt)
      .where(eq(dailySalt.day, day));
    return row?.salt ?? salt;
  }

  async deleteSaltsBefore(day: string) {
    await this.db.delete(dailySalt).where(lt(dailySalt.day, day));
  }
}
