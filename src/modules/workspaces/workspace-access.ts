import { AppError, notFound } from '../../platform/http/errors';
import { type Principal, type Role, roleRank, roles } from '../../platform/http/principal';
import type { WorkspacesRepository } from './workspaces.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (id: string) => UUID.test(id);

export interface WorkspaceGrant {
  workspaceId: string;
  role: Role;
}

/**
 * The one gate every workspace-scoped route passes. Not a member (or a key of another workspace)
 * gets 404, never 403, so ids of other workspaces reveal nothing.
 */
export class WorkspaceAccess {
  constructor(private readonly repo: WorkspacesRepository) {}

  async require(
    principal: Principal | null,
    workspaceId: string,
    minRole: Role = 'viewer',
  ): Promise<WorkspaceGrant> {
    if (!principal) throw new AppError(401, 'unauthenticated', 'Sign in or send an API key.');
    if (!isUuid(workspaceId)) throw notFound('Workspace');
    let role: Role;
    if (principal.kind === 'apiKey') {
      if (principal.workspaceId !== workspaceId) throw notFound('Workspace');
      role = principal.role;
    } else {
      const found = await this.repo.findForMember(workspaceId, principal.user.id);
      if (!found) throw notFound('Workspace');
      role = asRole(found.role);
    }
    if (roleRank(role) < roleRank(minRole)) {
      throw new AppError(403, 'forbidden', `This needs the ${minRole} role or higher; you are ${role}.`);
    }
    return { workspaceId, role };
  }
}

export const asRole = (value: string | null | undefined): Role =>
  (roles as readonly string[]).includes(value ?? '') ? (value as Role) : 'viewer';
