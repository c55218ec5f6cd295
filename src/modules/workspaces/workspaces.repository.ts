import { createHash, randomBytes } from 'node:crypto';
import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/app-db';
import { apiKey, invitation, member, organization, user } from '../../platform/db/schema';
import type { Role } from '../../platform/http/principal';

export type WorkspaceRow = typeof organization.$inferSelect;
export type InvitationRow = typeof invitation.$inferSelect;
export type ApiKeyRow = typeof apiKey.$inferSelect;

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** All SQL of the workspaces context: workspaces, members, invitations, API keys. */
export class WorkspacesRepository {
  constructor(private readonly db: Db) {}

  async listForUser(userId: string) {
    return this.db
      .select({ workspace: organization, role: member.role })
      .from(member)
      .innerJoin(organization, eq(member.organizationId, organization.id))
      .where(eq(member.userId, userId))
      .orderBy(asc(organization.name));
  }

  async findForMember(workspaceId: string, userId: string) {
    const [row] = await this.db
      .select({ workspace: organization, role: member.role })
      .from(member)
      .innerJoin(organization, eq(member.organizationId, organization.id))
      .where(and(eq(member.organizationId, workspaceId), eq(member.userId, userId)));
    return row ?? null;
  }

  async findById(workspaceId: string) {
    const [row] = await this.db.select().from(organization).where(eq(organization.id, workspaceId));
    return row ?? null;
  }

  async create(input: { name: string; kind: string; ownerId: string }, db: Db = this.db) {
    const slug = `${slugify(input.name)}-${randomBytes(3).toString('hex')}`;
    return db.transaction(async (tx) => {
      const [ws] = await tx
        .insert(organization)
        .values({ name: input.name, kind: input.kind, slug })
        .returning();
      await tx.insert(member).values({ organizationId: ws.id, userId: input.ownerId, role: 'owner' });
      return ws;
    });
  }

  async update(workspaceId: string, patch: { name?: string; kind?: string }) {
    const [row] = await this.db
      .update(organization)
      .set(patch)
      .where(eq(organization.id, workspaceId))
      .returning();
    return row;
  }

  async countAll() {
    const [row] = await this.db.select({ n: count() }).from(organization);
    return row.n;
  }

  async addMember(workspaceId: string, userId: string, role: Role) {
    await this.db.insert(member).values({ organizationId: workspaceId, userId, role }).onConflictDoNothing();
  }

  listMembers(workspaceId: string) {
    return this.db
      .select({
        userId: user.id,
        name: user.name,
        email: user.email,
        role: member.role,
        joinedAt: member.createdAt,
      })
      .from(member)
      .innerJoin(user, eq(member.userId, user.id))
      .where(eq(member.organizationId, workspaceId))
      .orderBy(asc(user.name));
  }

  async findMember(workspaceId: string, userId: string) {
    const [row] = await this.db
      .select({
        userId: user.id,
        name: user.name,
        email: user.email,
        role: member.role,
        joinedAt: member.createdAt,
      })
      .from(member)
      .innerJoin(user, eq(member.userId, user.id))
      .where(and(eq(member.organizationId, workspaceId), eq(member.userId, userId)));
    return row ?? null;
  }

  /**
   * Changes a role or removes a member, refusing when no owner would be left. Runs in one
   * transaction that locks the workspace's owners so two admins can't demote the last two owners at once.
   */
  async changeMember(workspaceId: string, userId: string, change: { role: Role } | { remove: true }) {
    return this.db.transaction(async (tx) => {
      const owners = await tx
        .select({ userId: member.userId })
        .from(member)
        .where(and(eq(member.organizationId, workspaceId), eq(member.role, 'owner')))
        .for('update');
      const isOwner = owners.some((o) => o.userId === userId);
      const losesOwner = isOwner && ('remove' in change || change.role !== 'owner');
      if (losesOwner && owners.length <= 1) return 'last_owner' as const;
      const where = and(eq(member.organizationId, workspaceId), eq(member.userId, userId));
      if ('remove' in change) await tx.delete(member).where(where);
      else await tx.update(member).set({ role: change.role }).where(where);
      return 'ok' as const;
    });
  }

  async createInvitation(input: {
    workspaceId: string;
    email: string;
    role: Role;
    inviterId: string;
    expiresAt: Date;
  }) {
    return this.db.transaction(async (tx) => {
      // One live invitation per address: a new one replaces what was pending.
      await tx
        .update(invitation)
        .set({ status: 'revoked' })
        .where(
          and(
            eq(invitation.organizationId, input.workspaceId),
            eq(invitation.email, input.email),
            eq(invitation.status, 'pending'),
          ),
        );
      const [row] = await tx
        .insert(invitation)
        .values({
          organizationId: input.workspaceId,
          email: input.email,
          role: input.role,
          inviterId: input.inviterId,
          expiresAt: input.expiresAt,
        })
        .returning();
      return row;
    });
  }

  listInvitations(workspaceId: string) {
    return this.db
      .select()
      .from(invitation)
      .where(eq(invitation.organizationId, workspaceId))
      .orderBy(sql`${invitation.createdAt} desc`);
  }

  async findInvitation(id: string) {
    const [row] = await this.db
      .select({ invitation, workspaceName: organization.name, inviterName: user.name })
      .from(invitation)
      .innerJoin(organization, eq(invitation.organizationId, organization.id))
      .innerJoin(user, eq(invitation.inviterId, user.id))
      .where(eq(invitation.id, id));
    return row ?? null;
  }

  async revokeInvitation(workspaceId: string, id: string) {
    const rows = await this.db
      .update(invitation)
      .set({ status: 'revoked' })
      .where(
        and(
          eq(invitation.id, id),
          eq(invitation.organizationId, workspaceId),
          eq(invitation.status, 'pending'),
        ),
      )
      .returning({ id: invitation.id });
    return rows.length > 0;
  }

  /** Claims a pending invitation and adds the member atomically; false if it was no longer pending. */
  async acceptInvitation(id: string, userId: string) {
    return this.db.transaction(async (tx) => {
      const [claimed] = await tx
        .update(invitation)
        .set({ status: 'accepted' })
        .where(
          and(eq(invitation.id, id), eq(invitation.status, 'pending'), sql`${invitation.expiresAt} > now()`),
        )
        .returning();
      if (!claimed) return null;
      await tx
        .insert(member)
        .values({ organizationId: claimed.organizationId, userId, role: claimed.role ?? 'viewer' })
        .onConflictDoNothing();
      return claimed;
    });
  }

  async createApiKey(input: { workspaceId: string; name: string; role: string; createdById: string }) {
    const key = `ml_${randomBytes(32).toString('base64url')}`;
    const [row] = await this.db
      .insert(apiKey)
      .values({
        workspaceId: input.workspaceId,
        name: input.name,
        role: input.role,
        prefix: key.slice(0, 10),
        keyHash: hashApiKey(key),
        createdById: input.createdById,
      })
      .returning();
    return { row, key };
  }

  listApiKeys(workspaceId: string) {
    return this.db
      .select()
      .from(apiKey)
      .where(eq(apiKey.workspaceId, workspaceId))
      .orderBy(sql`${apiKey.createdAt} desc`);
  }

  async revokeApiKey(workspaceId: string, id: string) {
    const rows = await this.db
      .update(apiKey)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKey.id, id), eq(apiKey.workspaceId, workspaceId), isNull(apiKey.revokedAt)))
      .returning({ id: apiKey.id });
    return rows.length > 0;
  }

  async findLiveApiKey(key: string) {
    const [row] = await this.db
      .select()
      .from(apiKey)
      .where(and(eq(apiKey.keyHash, hashApiKey(key)), isNull(apiKey.revokedAt)));
    return row ?? null;
  }

  async touchApiKey(id: string) {
    await this.db.update(apiKey).set({ lastUsedAt: new Date() }).where(eq(apiKey.id, id));
  }
}

function slugify(name: string) {
  const s = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return s || 'workspace';
}
