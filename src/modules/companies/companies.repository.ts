import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/app-db';
import { company } from '../../platform/db/schema';

export type CompanyRow = typeof company.$inferSelect;
type CompanyValues = Omit<typeof company.$inferInsert, 'id' | 'workspaceId' | 'createdAt' | 'updatedAt'>;

/** All SQL of the companies context; every query is scoped by workspace. */
export class CompaniesRepository {
  constructor(private readonly db: Db) {}

  list(workspaceId: string) {
    return this.db
      .select()
      .from(company)
      .where(eq(company.workspaceId, workspaceId))
      .orderBy(asc(company.name));
  }

  async find(workspaceId: string, id: string) {
    const [row] = await this.db
      .select()
      .from(company)
      .where(and(eq(company.workspaceId, workspaceId), eq(company.id, id)));
    return row ?? null;
  }

  async create(workspaceId: string, values: CompanyValues) {
    const [row] = await this.db
      .insert(company)
      .values({ ...values, workspaceId })
      .returning();
    return row;
  }

  async update(workspaceId: string, id: string, values: Partial<CompanyValues>) {
    const [row] = await this.db
      .update(company)
      .set({ ...values, updatedAt: new Date() })
      .where(and(eq(company.workspaceId, workspaceId), eq(company.id, id)))
      .returning();
    return row ?? null;
  }

  async delete(workspaceId: string, id: string) {
    const rows = await this.db
      .delete(company)
      .where(and(eq(company.workspaceId, workspaceId), eq(company.id, id)))
      .returning({ id: company.id });
    return rows.length > 0;
  }
}
