import { AppError, notFound } from '../../platform/http/errors';
import type { Principal, Role, SignedInUser } from '../../platform/http/principal';
import type { AccountsService, Locale, SignedIn } from '../accounts/accounts.service';
import { isUuid, WorkspaceAccess } from './workspace-access';
import {
  invitationStatus,
  presentApiKey,
  presentInvitation,
  presentMember,
  presentWorkspace,
} from './workspaces.presenter';
import type { WorkspacesRepository } from './workspaces.repository';

const INVITATION_DAYS = 7;

/** Workspaces, their members, invitations and API keys; plus first-run setup, which creates the first of each. */
export class WorkspacesService {
  readonly access: WorkspaceAccess;
  private setupRunning = false;

  constructor(
    private readonly repo: WorkspacesRepository,
    private readonly accounts: AccountsService,
    private readonly publicUrl: string,
  ) {
    this.access = new WorkspaceAccess(repo);
  }

  async needsSetup() {
    return (await this.accounts.countUsers()) === 0;
  }

  /** Creates the owner account and the first workspace, all or nothing. */
  async setup(input: {
    name: string;
    email: string;
    password: string;
    workspaceName: string;
    workspaceKind: 'agency' | 'company';
    locale?: Locale;
  }): Promise<SignedIn & { workspace: ReturnType<typeof presentWorkspace> }> {
    // One process serves the app; this guard closes the window between the check and the insert.
    if (this.setupRunning || !(await this.needsSetup())) {
      throw new AppError(409, 'setup_done', 'Marketloop is already set up; sign in instead.');
    }
    this.setupRunning = true;
    try {
      const signedIn = await this.accounts.createUser(input);
      try {
        const ws = await this.repo.create({
          name: input.workspaceName,
          kind: input.workspaceKind,
          ownerId: signedIn.user.id,
        });
        return { ...signedIn, workspace: presentWorkspace(ws, 'owner') };
      } catch (err) {
        await this.accounts.deleteUser(signedIn.user.id);
        throw err;
      }
    } finally {
      this.setupRunning = false;
    }
  }

  async exists(workspaceId: string) {
    return isUuid(workspaceId) && (await this.repo.findById(workspaceId)) !== null;
  }

  /** Adds an existing person directly (the CLI's path; people in the app join by invitation). */
  async addMember(workspaceId: string, userId: string, role: Role) {
    await this.repo.addMember(workspaceId, userId, role);
  }

  async listForUser(userId: string) {
    const rows = await this.repo.listForUser(userId);
    return rows.map((r) => presentWorkspace(r.workspace, r.role));
  }

  async create(user: Pick<SignedInUser, 'id'>, input: { name: string; kind: 'agency' | 'company' }) {
    const ws = await this.repo.create({ ...input, ownerId: user.id });
    return presentWorkspace(ws, 'owner');
  }

  async get(principal: Principal | null, workspaceId: string) {
    const grant = await this.access.require(principal, workspaceId);
    const ws = await this.repo.findById(workspaceId);
    if (!ws) throw notFound('Workspace');
    return presentWorkspace(ws, grant.role);
  }

  async update(
    principal: Principal | null,
    workspaceId: string,
    patch: { name?: string; kind?: 'agency' | 'company' },
  ) {
    const grant = await this.access.require(principal, workspaceId, 'admin');
    const ws = await this.repo.update(workspaceId, patch);
    return presentWorkspace(ws, grant.role);
  }

  async listMembers(principal: Principal | null, workspaceId: string) {
    await this.access.require(principal, workspaceId);
    return (await this.repo.listMembers(workspaceId)).map(presentMember);
  }

  async changeMember(
    principal: Principal | null,
    workspaceId: string,
    userId: string,
    change: { role: Role } | { remove: true },
  ) {
    const grant = await this.access.require(principal, workspaceId, 'admin');
    if (!isUuid(userId)) throw notFound('Member');
    const target = await this.repo.findMember(workspaceId, userId);
    if (!target) throw notFound('Member');
    // Only an owner may make, unmake or remove an owner.
    const touchesOwner = target.role === 'owner' || ('role' in change && change.role === 'owner');
    if (touchesOwner && grant.role !== 'owner') {
      throw new AppError(403, 'forbidden', 'Only an owner can change or remove an owner.');
    }
    const result = await this.repo.changeMember(workspaceId, userId, change);
    if (result === 'last_owner') {
      throw new AppError(
        409,
        'last_owner',
        'A workspace needs at least one owner; make someone else owner first.',
      );
    }
    if ('remove' in change) return null;
    const updated = await this.repo.findMember(workspaceId, userId);
    return updated ? presentMember(updated) : null;
  }

  async listInvitations(principal: Principal | null, workspaceId: string) {
    await this.access.require(principal, workspaceId, 'admin');
    return (await this.repo.listInvitations(workspaceId)).map((i) => presentInvitation(i));
  }

  async invite(principal: Principal | null, workspaceId: string, input: { email: string; role: Role }) {
    const grant = await this.access.require(principal, workspaceId, 'admin');
    if (principal?.kind !== 'user')
      throw new AppError(403, 'session_required', 'Invitations need a signed-in person.');
    if (input.role === 'owner' && grant.role !== 'owner') {
      throw new AppError(403, 'forbidden', 'Only an owner can invite another owner.', 'role');
    }
    const existing = await this.accounts.findUserByEmail(input.email);
    if (existing && (await this.repo.findMember(workspaceId, existing.id))) {
      throw new AppError(
        409,
        'already_member',
        `${input.email} is already a member of this workspace.`,
        'email',
      );
    }
    const expiresAt = new Date(Date.now() + INVITATION_DAYS * 24 * 3600 * 1000);
    const row = await this.repo.createInvitation({
      workspaceId,
      ...input,
      inviterId: principal.user.id,
      expiresAt,
    });
    return presentInvitation(row, this.invitationUrl(row.id));
  }

  async revokeInvitation(principal: Principal | null, workspaceId: string, id: string) {
    await this.access.require(principal, workspaceId, 'admin');
    if (!isUuid(id) || !(await this.repo.revokeInvitation(workspaceId, id)))
      throw notFound('Pending invitation');
  }

  invitationUrl(id: string) {
    return `${this.publicUrl}/invite/${id}`;
  }

  /** What the invitation page shows before accepting; works without signing in. */
  async previewInvitation(token: string) {
    const found = await this.findUsableInvitation(token);
    return {
      workspaceName: found.workspaceName,
      email: found.invitation.email,
      role: presentInvitation(found.invitation).role,
      expiresAt: found.invitation.expiresAt.toISOString(),
      inviterName: found.inviterName,
      accountExists: (await this.accounts.findUserByEmail(found.invitation.email)) !== null,
    };
  }

  /**
   * Signed in: joins with the current account (its email must match). Not signed in: creates the
   * account for the invited email with the given name and password, then joins.
   */
  async acceptInvitation(
    principal: Principal | null,
    token: string,
    body: { name?: string; password?: string },
  ): Promise<{ workspace: ReturnType<typeof presentWorkspace>; setCookie: string[] }> {
    const found = await this.findUsableInvitation(token);
    const email = found.invitation.email;
    let userId: string;
    let setCookie: string[] = [];
    if (principal?.kind === 'user') {
      if (principal.user.email.toLowerCase() !== email) {
        throw new AppError(
          403,
          'invitation_email_mismatch',
          `This invitation is for ${email}; you are signed in as ${principal.user.email}.`,
        );
      }
      userId = principal.user.id;
    } else {
      if (await this.accounts.findUserByEmail(email)) {
        throw new AppError(401, 'sign_in_required', `An account for ${email} exists; sign in to accept.`);
      }
      if (!body.name) throw new AppError(400, 'validation_failed', 'name: is required', 'name');
      if (!body.password) throw new AppError(400, 'validation_failed', 'password: is required', 'password');
      const created = await this.accounts.createUser({ name: body.name, email, password: body.password });
      userId = created.user.id;
      setCookie = created.setCookie;
    }
    const accepted = await this.repo.acceptInvitation(found.invitation.id, userId);
    if (!accepted) throw new AppError(410, 'invitation_used', 'This invitation was already used or revoked.');
    const ws = await this.repo.findForMember(accepted.organizationId, userId);
    if (!ws) throw notFound('Workspace');
    return { workspace: presentWorkspace(ws.workspace, ws.role), setCookie };
  }

  private async findUsableInvitation(token: string) {
    const found = isUuid(token) ? await this.repo.findInvitation(token) : null;
    if (!found) throw notFound('Invitation');
    const status = invitationStatus(found.invitation);
    if (status === 'expired') {
      throw new AppError(410, 'invitation_expired', 'This invitation has expired; ask for a new one.');
    }
    if (status !== 'pending') {
      throw new AppError(410, 'invitation_used', 'This invitation was already used or revoked.');
    }
    return found;
  }

  async listApiKeys(principal: Principal | null, workspaceId: string) {
    await this.access.require(principal, workspaceId, 'admin');
    return (await this.repo.listApiKeys(workspaceId)).map(presentApiKey);
  }

  async createApiKey(
    principal: Principal | null,
    workspaceId: string,
    input: { name: string; role: 'viewer' | 'editor' },
  ) {
    await this.access.require(principal, workspaceId, 'admin');
    if (principal?.kind !== 'user')
      throw new AppError(403, 'session_required', 'API keys are created by a signed-in person.');
    const { row, key } = await this.repo.createApiKey({
      workspaceId,
      ...input,
      createdById: principal.user.id,
    });
    return { ...presentApiKey(row), key };
  }

  async revokeApiKey(principal: Principal | null, workspaceId: string, id: string) {
    await this.access.require(principal, workspaceId, 'admin');
    if (!isUuid(id) || !(await this.repo.revokeApiKey(workspaceId, id))) throw notFound('Active API key');
  }

  /** Resolves a bearer key for the principal hook. */
  async resolveApiKey(key: string) {
    if (!/^ml_[A-Za-z0-9_-]{43}$/.test(key)) return null;
    const row = await this.repo.findLiveApiKey(key);
    if (!row) return null;
    // One write a minute per key is precise enough for "last used" and keeps writes off the request path.
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
      void this.repo.touchApiKey(row.id).catch(() => {});
    }
    return {
      keyId: row.id,
      workspaceId: row.workspaceId,
      role: (row.role === 'viewer' ? 'viewer' : 'editor') as Role,
    };
  }
}
